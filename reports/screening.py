"""What the sanctions screening adds to a partnership's report: the verdict, the hits and the
lists used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from partners.models import Partner


@dataclass(frozen=True)
class ScreeningResult:
    list_name: str
    matched_name: str
    score: float
    decision: str


@dataclass(frozen=True)
class ScreeningReport:
    """The partner's screening as the council report prints it: verdict, hits, lists used."""

    verdict: str
    hits: list[ScreeningResult]
    lists: list[str]  # "name (published 2026-11-02)"


SCREENING_VERDICTS = {
    "not_screened": _("Not screened: no sanctions list is loaded yet."),
    "clear": _("No match on the sanctions lists."),
    "to_review": _("Possible matches not yet reviewed by an officer."),
    "confirmed": _("Confirmed match on a sanctions list."),
}


def screening_results_for(partner: Partner) -> ScreeningReport:
    """The partner's sanctions-screening state, its hits (dismissed ones included, with the
    decision) and the lists used with their publication dates."""
    from django.utils.formats import date_format

    from screening.state import sanctions_state

    state = sanctions_state(partner)
    hits = [
        ScreeningResult(
            list_name=hit.entry.sanctions_list.name,
            matched_name=hit.entry.name,
            score=round(hit.score, 2),
            decision=str(hit.get_decision_display()),
        )
        for hit in state.hits
    ]
    lists = []
    for used in state.lists:
        when = used.published_on or (used.loaded_at.date() if used.loaded_at else None)
        lists.append(
            f"{used.name} ({date_format(when, 'SHORT_DATE_FORMAT')})" if when else used.name
        )
    return ScreeningReport(str(SCREENING_VERDICTS[state.state]), hits, lists)
