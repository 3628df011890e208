"""What other apps add to a report, read through hooks so that the report works without them.

The referral app (`reviews/`) and the screening of partners (`screening/`) are built
separately: when the referral models are missing, these hooks answer "nothing" and the report
says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from partners.models import Partner
    from risks.models import Assessment


@dataclass(frozen=True)
class MinistryOpinion:
    """The ministry's opinion on a referred diagnostic, as the report prints it."""

    label: str  # e.g. "no objection", "vigilance", "advise against" (translated)
    reasons: str
    by: str
    at: datetime.datetime | None


@dataclass(frozen=True)
class DecisionEvent:
    """A referral event for the decision log (referred, question asked, opinion given…)."""

    when: datetime.datetime
    who: str
    what: str


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


def _referrals_of(assessment: Assessment) -> list[Any] | None:
    """The diagnostic's referrals, newest first; None when the referral app is not there."""
    try:
        from reviews.models import Referral
    except ImportError:
        return None
    return list(
        Referral.objects.filter(assessment=assessment)
        .select_related("opinion_by", "created_by")
        .prefetch_related(Prefetch("messages", queryset=_messages()))
        .order_by("-created_at", "-pk")
    )


def _messages() -> Any:
    from reviews.models import Message

    return Message.objects.select_related("author").order_by("created_at", "pk")


def ministry_opinion_for(
    assessment: Assessment, referrals: list[Any] | None = None
) -> MinistryOpinion | None:
    """The opinion given on this diagnostic's latest referral that has one, or None.

    Reads `reviews.models.Referral` (opinion, reasons, by, when); None when there is no
    opinion yet or when the referral app is not installed.
    """
    if referrals is None:
        referrals = _referrals_of(assessment)
    for referral in referrals or []:
        if referral.opinion:
            return MinistryOpinion(
                label=str(referral.get_opinion_display()),
                reasons=referral.opinion_reasons,
                by=referral.opinion_by.display_name if referral.opinion_by else "",
                at=referral.opinion_at,
            )
    return None


def referral_events_for(
    assessment: Assessment, referrals: list[Any] | None = None
) -> list[DecisionEvent]:
    """Referral events of this diagnostic for the decision log: the referral's thread."""
    if referrals is None:
        referrals = _referrals_of(assessment)
    events = []
    for referral in referrals or []:
        for message in referral.messages.all():
            what = MESSAGE_EVENTS.get(message.kind)
            if what is None:
                continue
            text = str(what)
            if message.kind == "opinion" and referral.opinion:
                text = str(_("%(event)s: %(opinion)s")) % {
                    "event": text,
                    "opinion": referral.get_opinion_display(),
                }
            who = message.author.display_name if message.author else "—"
            events.append(DecisionEvent(message.created_at, who, text))
    return events


MESSAGE_EVENTS = {
    "referral": _("referred to the ministry"),
    "question": _("the ministry asked for information"),
    "answer": _("the municipality answered the ministry"),
    "opinion": _("opinion of the ministry given"),
    "closing": _("referral closed"),
}


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
