"""A partner's screening state, for the diagnostic's sanctions question and the reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from partners.models import Partner
from screening.models import Decision, Hit, SanctionsList


class State(StrEnum):
    NOT_SCREENED = "not_screened"  # no list loaded, or the partner was never screened
    CLEAR = "clear"  # screened, no hit left to review and none confirmed
    TO_REVIEW = "to_review"  # hits no officer has decided on yet
    CONFIRMED = "confirmed"  # an officer confirmed a hit


@dataclass(frozen=True)
class ListUsed:
    name: str
    published_on: datetime.date | None
    loaded_at: datetime.datetime | None


@dataclass(frozen=True)
class SanctionsState:
    """What screening says of a partner, and against which lists (with their dates)."""

    state: State
    screened_at: datetime.datetime | None
    lists: tuple[ListUsed, ...] = ()
    hits: tuple[Hit, ...] = field(default=())


def lists_used() -> tuple[ListUsed, ...]:
    return tuple(
        ListUsed(s.name, s.published_on, s.loaded_at)
        for s in SanctionsList.objects.order_by("name")
    )


def sanctions_state(partner: Partner) -> SanctionsState:
    """clear / hits to review / confirmed, with the hits and the lists used (two queries)."""
    lists = lists_used()
    hits = tuple(
        Hit.objects.filter(partner=partner)
        .select_related("entry__sanctions_list", "decided_by")
        .order_by("-score", "pk")
    )
    if any(h.decision == Decision.CONFIRMED for h in hits):
        state = State.CONFIRMED
    elif any(h.decision == Decision.UNREVIEWED for h in hits):
        state = State.TO_REVIEW
    elif not lists or partner.screened_at is None:
        state = State.NOT_SCREENED
    else:
        state = State.CLEAR
    return SanctionsState(state, partner.screened_at, lists, hits)
