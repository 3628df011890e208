from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Risk diagnostics")

    def ready(self) -> None:
        from partners.exports import add_export_columns
        from partners.sections import add_partnership_context
        from risks import context
        from risks.exports import RATING_COLUMNS
        from risks.presenters import diagnostics_context

        add_partnership_context(lambda partnership, _context: diagnostics_context(partnership))
        add_export_columns(RATING_COLUMNS)
        context.connect()
