"""The advisories bearing on a partner, for the register's pages, the diagnostic and the
council report: one query, and the pages of the lower apps need not know this app. And the
rows of the picture's tables."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ministry.models import Advisory
from ministry.suppression import Table

register = template.Library()


@register.inclusion_tag("ministry/includes/advisories.html")
def advisories_for(partner: Any, *, answer_url: str = "") -> dict[str, Any]:
    advisories = []
    if partner is not None and getattr(partner, "pk", None):
        advisories = list(
            Advisory.objects.in_force()
            .for_partner(partner)
            .select_related("entity", "country")
            .order_by("-published_at")
        )
    return {"advisories": advisories, "answer_url": answer_url}


@register.simple_tag
def table_body(table: Table) -> SafeString:
    """The picture's table rows, written here rather than by a template loop: the country table
    runs to hundreds of rows, and the template engine's cost per cell made it the page's
    slowest part. Every label and figure is escaped."""
    lines = []
    for row in table.grid():
        figures = [*row["cells"], *([row["total"]] if table.two_way else [])]
        cells = "".join(f"<td>{escape(str(f))}</td>" for f in figures)
        lines.append(f'<tr><th scope="row">{escape(str(row["label"]))}</th>{cells}</tr>')
    return mark_safe("\n".join(lines))
