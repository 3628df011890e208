from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Sanctions screening")

    def ready(self) -> None:
        from screening import signals  # noqa: F401  (screen a partner when it is saved)
