"""The advisories bearing on a partner, for the register's pages, the diagnostic and the
council report: one query, and the pages of the lower apps need not know this app."""

from __future__ import annotations

from typing import Any

from django import template

from ministry.models import Advisory

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
