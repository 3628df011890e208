"""The checklist before signing, per partnership: which steps are done, by whom, with what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from guidance.models import ChecklistItem, ChecklistTick
from municipalities.models import Municipality
from partners.models import Partnership, Status

# Partnerships whose checklist still matters: not yet signed, or running.
OPEN_STATUSES = (Status.PROPOSED, Status.ACTIVE)


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    tick: ChecklistTick | None

    @property
    def done(self) -> bool:
        return self.tick is not None


def active_items() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(active=True).select_related("guide_page"))


def rows_for(partnership: Partnership) -> list[ChecklistRow]:
    """Every active item with its tick, if any (two queries)."""
    ticks = {
        tick.item_id: tick
        for tick in ChecklistTick.objects.filter(partnership=partnership).select_related(
            "done_by", "document"
        )
    }
    return [ChecklistRow(item, ticks.get(item.pk)) for item in active_items()]


def progress(rows: list[ChecklistRow]) -> tuple[int, int]:
    return sum(1 for row in rows if row.done), len(rows)


def with_open_items(municipality: Municipality) -> QuerySet[Partnership]:
    """The municipality's current partnerships that still have unticked items, the ones with
    the most left first, each annotated with `ticked` (items done)."""
    total = ChecklistItem.objects.filter(active=True).count()
    return (
        Partnership.objects.filter(
            municipality=municipality, archived_at__isnull=True, status__in=OPEN_STATUSES
        )
        .annotate(ticked=Count("checklist_ticks", filter=Q(checklist_ticks__item__active=True)))
        .filter(ticked__lt=total)
        .order_by("ticked", "title", "pk")
    )
