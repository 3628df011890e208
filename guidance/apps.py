from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Guidance, training and incidents")

    def ready(self) -> None:
        # Registers the checklist, open items and incidents on pages of lower apps.
        from guidance import panels  # noqa: F401
