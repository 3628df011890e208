"""The checklist before signing, per partnership: which steps are done, by whom, with what."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Q, QuerySet

from guidance.models import ChecklistItem
from municipalities.models import Municipality
from partners.models import Partnership, Status

# Partnerships whose checklist still matters: not yet signed, or running.
OPEN_STATUSES = (Status.PROPOSED, Status.ACTIVE)


@dataclass(frozen=True)
class Tick:
    """Who ticked a step, when, with which document (read in the same query as the items)."""

    who: str
    at: datetime.datetime
    document_id: int | None
    document_title: str
    note: str


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    tick: Tick | None

    @property
    def done(self) -> bool:
        return self.tick is not None


def active_items() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(active=True).select_related("guide_page"))


def rows_for(partnership: Partnership) -> list[ChecklistRow]:
    """Every active item with its tick for this partnership, if any, in one query (the
    partnership page has a query budget)."""
    items = (
        ChecklistItem.objects.filter(active=True)
        .select_related("guide_page")
        .annotate(
            here=FilteredRelation("ticks", condition=Q(ticks__partnership_id=partnership.pk)),
            tick_at=F("here__done_at"),
            tick_name=F("here__done_by__full_name"),
            tick_email=F("here__done_by__email"),
            tick_document_id=F("here__document_id"),
            tick_document_title=F("here__document__title"),
            tick_note=F("here__note"),
        )
    )
    rows = []
    for item in items:
        tick = None
        if item.tick_at is not None:
            tick = Tick(
                who=item.tick_name or item.tick_email,
                at=item.tick_at,
                document_id=item.tick_document_id,
                document_title=item.tick_document_title or "",
                note=item.tick_note or "",
            )
        rows.append(ChecklistRow(item, tick))
    return rows


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
