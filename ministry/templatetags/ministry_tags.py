"""The advisories bearing on a partner, for the register's pages, the diagnostic and the
council report: one query, and the pages of the lower apps need not know this app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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
    """The picture's table rows, built here rather than by a template loop: the country table
    runs to hundreds of rows, and the template engine's cost per node made it the page's
    slowest part."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                row["label"],
                format_html_join(
                    "",
                    "<td>{}</td>",
                    ((c,) for c in [*row["cells"], *([row["total"]] if table.two_way else [])]),
                ),
            )
            for row in table.grid()
        ),
    )
