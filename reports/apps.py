import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # WeasyPrint logs every page it lays out at INFO: keep worker logs readable, unless
        # the LOGGING setting chose a level for that logger itself.
        progress = logging.getLogger("weasyprint.progress")
        if progress.level == logging.NOTSET:
            progress.setLevel(logging.WARNING)

        # Registers the task that `reports.actions` enqueues by name, in every process (the
        # worker's autodiscovery does not run in the web server).
        from reports import tasks  # noqa: F401
