from django.contrib import admin

from reports.models import PortfolioReport


@admin.register(PortfolioReport)
class PortfolioReportAdmin(admin.ModelAdmin[PortfolioReport]):
    list_display = ("municipality", "created_at", "language", "status", "progress", "created_by")
    list_filter = ("status", "language")
    search_fields = ("municipality__name", "municipality__insee_code")
    readonly_fields = (
        "municipality",
        "language",
        "status",
        "progress",
        "file",
        "partnerships",
        "error",
        "created_by",
        "created_at",
        "finished_at",
    )

    def has_add_permission(self, request: object) -> bool:
        return False
