from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import Country, Document, Partner, Partnership, Territory


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    """Staff keep the country context; each change is audited and recomputes the drafts."""

    list_display = (
        "code",
        "name_fr",
        "name_en",
        "regime_class",
        "regime_year",
        "active_conflict",
        "fimi_attributed",
        "not_recognised_by_france",
    )
    list_filter = ("regime_class", "active_conflict", "fimi_attributed", "not_recognised_by_france")
    list_editable = ("active_conflict", "not_recognised_by_france")
    search_fields = ("code", "alpha3", "name_fr", "name_en")
    readonly_fields = ("code", "alpha3")


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    """Territories France does not recognise below the country level, each with its source."""

    list_display = ("name_fr", "name_en", "country")
    list_filter = ("country",)
    search_fields = ("name_fr", "name_en", "aliases")
    autocomplete_fields = ("country",)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "municipality", "kind", "country", "archived_at")
    list_filter = ("kind", "archived_at")
    search_fields = ("name", "search_text")
    list_select_related = ("municipality", "country")
    autocomplete_fields = ("country",)
    raw_id_fields = ("municipality",)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "partner", "form", "status", "archived_at")
    list_filter = ("status", "form")
    search_fields = ("title", "search_text")
    list_select_related = ("municipality", "partner")
    raw_id_fields = ("municipality", "partner", "owner")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("title", "partnership", "uploaded_at")
    raw_id_fields = ("partnership", "uploaded_by")
