from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        # The portfolio figures kept in the cache are forgotten when the register changes.
        from dashboard import cached

        cached.connect()
