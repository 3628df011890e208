"""The partnership page's "Outcomes and publication" section, owned by this app.

The partners app only includes `{% outcomes_section partnership %}`; it never imports this app.
"""

from __future__ import annotations

from typing import Any

from django import template

from partners.models import Partnership
from publication.models import Outcome, Publication

register = template.Library()

HISTORY_SHOWN = 10


@register.inclusion_tag("publication/includes/outcomes_section.html", takes_context=True)
def outcomes_section(context: dict[str, Any], partnership: Partnership) -> dict[str, Any]:
    """Outcomes year by year, whether and where it is public, and who published or withdrew it."""
    membership = context.get("membership")
    publication = (
        Publication.objects.select_related("municipality").filter(partnership=partnership).first()
    )
    history = []
    if publication is not None:
        history = list(
            publication.history.filter(history_change_reason__isnull=False)
            .exclude(history_change_reason="")
            .select_related("history_user")
            .order_by("-history_date")[:HISTORY_SHOWN]
        )
    return {
        "partnership": partnership,
        "outcomes": list(Outcome.objects.filter(partnership=partnership).order_by("-year")),
        "publication": publication,
        "publication_history": history,
        "can_write": bool(membership and membership.can_write),
        "can_manage": bool(membership and membership.can_manage),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
