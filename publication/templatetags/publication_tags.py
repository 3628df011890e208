"""The partnership page's "Outcomes and publication" section, owned by this app.

The partners app only includes `{% outcomes_section partnership %}`; it never imports this app.
The tag costs the page no query: it places a link that htmx replaces with the section on load
(`publication.views.outcomes`, one query), and that a click opens without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import template

from partners.models import Partnership

register = template.Library()

OUTCOME = ("id", "year", "activities", "narrative", "internal_note", "people_involved")
AMOUNTS = ("municipal_budget", "co_financing")
PUBLICATION = (
    "slug",
    "is_published",
    "published_at",
    "changed_at",
    "published_by__full_name",
    "published_by__email",
)


@register.inclusion_tag("publication/includes/outcomes_placeholder.html")
def outcomes_section(partnership: Partnership) -> dict[str, Any]:
    return {"partnership": partnership}


def section_context(partnership: Partnership, membership: Any) -> dict[str, Any]:
    """Outcomes year by year, whether and where it is public, and who last published it."""
    rows = list(
        Partnership.objects.filter(pk=partnership.pk)
        .values(
            "municipality__insee_code",
            *(f"publication__{name}" for name in PUBLICATION),
            *(f"outcomes__{name}" for name in OUTCOME + AMOUNTS),
        )
        .order_by("-outcomes__year")
    )
    first = rows[0] if rows else {}
    publication = None
    if first.get("publication__slug"):
        publication = {name: first[f"publication__{name}"] for name in PUBLICATION}
        publication["insee_code"] = first["municipality__insee_code"]
        email = publication.pop("published_by__email")
        publication["published_by"] = publication.pop("published_by__full_name") or email
    outcomes = [
        {name: row[f"outcomes__{name}"] for name in OUTCOME + AMOUNTS}
        for row in rows
        if row["outcomes__id"] is not None
    ]
    return {
        "partnership": partnership,
        "outcomes": outcomes,
        "publication": publication,
        "can_write": bool(membership and membership.can_write),
        "can_manage": bool(membership and membership.can_manage),
    }
