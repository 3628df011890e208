"""Answers the app already knows: from the register (sectors, flows, the partner's links,
territory and kind), from the election calendar, and from the municipality profile.

They are written into a new diagnostic with their origin shown; the officer may change them,
and a disagreement between the register and the answer given stays visible on the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Flow, PartnerKind
from risks import elections
from risks.models import Answer, AnswerOrigin, ProfileAnswer, Question, RegisterFact

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Partnership
    from risks.models import Assessment

#: Points of the flows question by what flows (the worst flow decides).
FLOW_POINTS = {
    Flow.TECHNOLOGY: 4,
    Flow.PERSONAL_DATA: 3,
    Flow.DATA: 3,
    Flow.KNOW_HOW: 1,
    Flow.FUNDS: 0,
}


@dataclass(frozen=True)
class Suggestion:
    points: int
    reason: str  # what the register (or the calendar) says, in words


def nearest_choice(question: Question, points: int) -> int:
    """The points of the question's choice nearest to `points` (the higher on a tie)."""
    available = sorted(c.points for c in question.choices.all())
    return min(available, key=lambda p: (abs(p - points), -p)) if available else points


def suggestion(question: Question, partnership: Partnership) -> Suggestion | None:
    """What the register says of `question` for this partnership, or None if it is silent."""
    fact, partner = question.register_fact, partnership.partner
    if fact == RegisterFact.SECTORS:
        if partnership.sectors:
            reason = _("strategic sectors: %(s)s") % {"s": ", ".join(partnership.sector_labels)}
            return Suggestion(nearest_choice(question, 4), reason)
        return Suggestion(nearest_choice(question, 0), _("no strategic sector"))
    if fact == RegisterFact.FLOWS:
        if not partnership.flows:
            return Suggestion(nearest_choice(question, 0), _("nothing flows to the partner"))
        worst = max(FLOW_POINTS.get(f, 0) for f in partnership.flows)
        reason = _("flows: %(f)s") % {"f": ", ".join(partnership.flow_labels)}
        return Suggestion(nearest_choice(question, worst), reason)
    if fact == RegisterFact.STATE_LINKS:
        # A link to the State alone is no warning sign: a democracy's institutes are public.
        steered = partner.linked_to_ruling_party or partner.linked_to_military
        steered = steered or partner.linked_to_security_services
        if steered:
            links = _("links: %(l)s") % {"l": ", ".join(partner.links)}
            return Suggestion(nearest_choice(question, 4), links)
        return Suggestion(
            nearest_choice(question, 0), _("no link to a party, army or security service")
        )
    if fact == RegisterFact.TERRITORY and partner.territory_id:
        return Suggestion(
            nearest_choice(question, 4),
            _("territory not recognised by France: %(t)s") % {"t": partner.territory},
        )
    if fact == RegisterFact.STATE_COUNTERPART:
        if partner.kind == PartnerKind.STATE_BODY:
            return Suggestion(nearest_choice(question, 4), _("the partner is a State body"))
        if partner.kind == PartnerKind.LOCAL_AUTHORITY:
            return Suggestion(nearest_choice(question, 0), _("the partner is a local authority"))
    if fact == RegisterFact.ELECTION:
        return election_suggestion(question)
    if fact == RegisterFact.SANCTIONS:
        return sanctions_suggestion(question, partnership)
    return None


#: The sanctions question's answer by screening state: a confirmed hit is a listing, a hit no
#: officer has decided on is a match being checked, a screening with nothing left is a check done.
SANCTIONS_POINTS = {"confirmed": 4, "to_review": 2, "clear": 0}


def sanctions_suggestion(question: Question, partnership: Partnership) -> Suggestion | None:
    """What the screening says of the partner (from the flags it keeps on the partner, so the
    page costs no query); nothing while the partner was never screened."""
    partner = partnership.partner
    if partner.sanctions_confirmed:
        state, reason = "confirmed", _("screening: a hit confirmed by an officer")
    elif partner.screening_to_review:
        state, reason = "to_review", _("screening: hits to review")
    elif partner.screened_at is not None:
        state, reason = "clear", _("screening: no hit left to review")
    else:
        return None
    day = timezone.localdate(partner.screened_at) if partner.screened_at else None
    if day is not None:
        reason = _("%(state)s (screened on %(day)s)") % {
            "state": reason,
            "day": day.strftime("%d/%m/%Y"),
        }
    return Suggestion(nearest_choice(question, SANCTIONS_POINTS[state]), reason)


def election_suggestion(question: Question) -> Suggestion:
    today = timezone.localdate()
    upcoming = elections.next_election(today)
    reason = (
        _("next election: %(name)s, %(day)s")
        % {"name": upcoming.name, "day": upcoming.day.strftime("%d/%m/%Y")}
        if upcoming
        else _("no election in the calendar")
    )
    return Suggestion(nearest_choice(question, elections.election_points(today)), reason)


def seed(
    assessment: Assessment, questions: Iterable[Question], answered: set[int], user: User
) -> list[Answer]:
    """Answers for a new diagnostic's questions not yet answered: the municipality profile's
    first, then what the register knows. Returns the unsaved rows."""
    profile = {
        p.question_key: p
        for p in ProfileAnswer.objects.filter(municipality_id=assessment.municipality_id)
    }
    rows = []
    for question in questions:
        if question.pk in answered or question.depends_on_id is not None:
            continue
        kept = profile.get(question.key) if question.profile else None
        if kept is not None:
            rows.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    points=kept.points,
                    special=kept.special,
                    justification=kept.justification,
                    origin=AnswerOrigin.PROFILE,
                    revision=0,  # nobody saved it in this diagnostic yet
                    updated_by=user,
                )
            )
            continue
        hint = suggestion(question, assessment.partnership) if question.register_fact else None
        if hint is not None:
            rows.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    points=hint.points,
                    origin=AnswerOrigin.PROFILE if question.profile else AnswerOrigin.REGISTER,
                    revision=0,
                    updated_by=user,
                )
            )
    return rows
