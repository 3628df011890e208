from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from screening import actions
from screening.forms import ListUploadForm
from screening.models import ListEntry, ListFormat, ListLoad, SanctionsList


@admin.register(SanctionsList)
class SanctionsListAdmin(admin.ModelAdmin):
    list_display = ("name", "format", "published_on", "loaded_at", "entry_count", "licence")
    readonly_fields = ("format", "published_on", "loaded_at", "entry_count")


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "entry_id", "kind", "sanctions_list", "programme")
    list_filter = ("sanctions_list", "kind")
    search_fields = ("name", "entry_id")
    readonly_fields = ("digest", "changed_at")


@admin.register(ListLoad)
class ListLoadAdmin(admin.ModelAdmin):
    """Upload a list file; a worker loads it and the row shows its progress and outcome."""

    form = ListUploadForm
    list_display = ("name", "format", "state", "progress", "message", "created_at")
    readonly_fields = ("state", "progress", "message", "created_by")

    def save_model(self, request: HttpRequest, obj: ListLoad, form: Any, change: bool) -> None:
        if obj.format == ListFormat.FTM:
            messages.warning(
                request,
                _(
                    "OpenSanctions data is licensed for non-commercial use only (CC BY-NC 4.0): "
                    "a public body must check its right to use it before relying on it."
                ),
            )
        obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        if not change:
            actions.request_list_load(obj)
