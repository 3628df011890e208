"""What the ministry's referrals add to a diagnostic's report: its opinion and the thread's
events for the decision log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from reviews.models import Message, Referral

if TYPE_CHECKING:
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


def _referrals_of(assessment: Assessment) -> list[Referral]:
    """The diagnostic's referrals, newest first, with their thread."""
    messages = Message.objects.select_related("author").order_by("created_at", "pk")
    return list(
        Referral.objects.filter(assessment=assessment)
        .select_related("opinion_by", "created_by")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .order_by("-created_at", "-pk")
    )


def ministry_opinion_for(
    assessment: Assessment, referrals: list[Referral] | None = None
) -> MinistryOpinion | None:
    """The opinion given on this diagnostic's latest referral that has one, or None."""
    if referrals is None:
        referrals = _referrals_of(assessment)
    for referral in referrals:
        if referral.opinion:
            return MinistryOpinion(
                label=str(referral.get_opinion_display()),
                reasons=referral.opinion_reasons,
                by=referral.opinion_by.display_name if referral.opinion_by else "",
                at=referral.opinion_at,
            )
    return None


def referral_events_for(
    assessment: Assessment, referrals: list[Referral] | None = None
) -> list[DecisionEvent]:
    """Referral events of this diagnostic for the decision log: the referral's thread."""
    if referrals is None:
        referrals = _referrals_of(assessment)
    events = []
    for referral in referrals:
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
