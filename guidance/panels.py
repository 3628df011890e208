"""What this app adds to pages of lower apps (see citydiplo/panels.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, Window

from citydiplo import panels
from citydiplo.http import AuthedRequest
from guidance import checklist
from guidance.models import Incident
from municipalities.models import Municipality

QUEUE_ROWS = 10


@panels.register(panels.PARTNERSHIP)
def partnership_checklist(request: AuthedRequest, partnership: Any, **objects: Any) -> panels.Panel:
    """A placeholder that loads the checklist after the page (htmx), a link without JavaScript:
    the partnership page keeps its query budget."""
    return panels.Panel("guidance/panels/partnership_checklist.html", {"partnership": partnership})


def checklist_context(request: AuthedRequest, partnership: Any) -> dict[str, Any]:
    """What the checklist shows: every step with its tick, and the documents to prove one."""
    rows = checklist.rows_for(partnership)
    done, total = checklist.progress(rows)
    can_write = bool(request.membership and request.membership.can_write)
    needs_documents = can_write and any(row.item.document and not row.done for row in rows)
    return {
        "partnership": partnership,
        "rows": rows,
        "done": done,
        "total": total,
        "can_write": can_write and not partnership.is_archived,
        "documents": list(partnership.documents.all()) if needs_documents else [],
    }


@panels.register(panels.LIAISON_QUEUE)
def sent_incidents(request: AuthedRequest) -> panels.Panel:
    """Incidents sent by the municipalities the liaison follows, those not acknowledged first.

    One query: the totals ride along with the first rows as window aggregates.
    """
    rows = list(
        Incident.objects.sent()
        .filter(municipality__in=Municipality.objects.followed_by(request.user))
        .select_related("municipality")
        .annotate(
            total=Window(Count("pk")),
            waiting=Window(Count("pk", filter=Q(acknowledged_at__isnull=True))),
        )
        .order_by(F("acknowledged_at").asc(nulls_first=True), "-sent_at", "-pk")[:QUEUE_ROWS]
    )
    return panels.Panel(
        "guidance/panels/queue_incidents.html",
        {
            "rows": rows,
            "count": getattr(rows[0], "total", 0) if rows else 0,
            "waiting": getattr(rows[0], "waiting", 0) if rows else 0,
        },
    )
