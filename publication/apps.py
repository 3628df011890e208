from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Public register")

    def ready(self) -> None:
        # Edits made in the register keep the public pages' "last change" honest, and the
        # portfolio report gains its benefits section; both are wired here so that the apps
        # below never import this one.
        from publication import benefits, signals

        signals.connect()
        benefits.register()
