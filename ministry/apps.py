from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinistryConfig(AppConfig):
    """The ministry's picture: aggregates, shared foreign partners and advisories."""

    name = "ministry"
    verbose_name = _("ministry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ministry import signals

        signals.connect()
