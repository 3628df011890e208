"""The decision log of a diagnostic, read from its audit history: who did what, and when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from reports.referrals import referral_events_for
from risks.models import Assessment, AssessmentStatus


@dataclass(frozen=True)
class Decision:
    when: datetime.datetime
    who: str
    what: str


def _user_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}


def _transition(previous: Any, record: Any) -> str | None:
    """What a history record did to the diagnostic's life, if anything worth logging."""
    if previous is None:
        return _("diagnostic started") if record.history_type == "+" else None
    if previous.status != record.status:
        if record.status == AssessmentStatus.SUBMITTED:
            return _("submitted for approval")
        if record.status == AssessmentStatus.APPROVED:
            return _("approved (the diagnostic is frozen)")
        if record.status == AssessmentStatus.DRAFT:
            return _("returned to the officers as a draft")
    if previous.opinion_requested != record.opinion_requested:
        if record.opinion_requested:
            return _("ministry opinion requested")
        return _("request for a ministry opinion withdrawn")
    return None


def _actor_id(record: Any, what: str) -> int | None:
    if record.history_user_id:
        return int(record.history_user_id)
    # Actions called outside a request (commands, tasks) leave history_user empty.
    if record.status == AssessmentStatus.APPROVED and record.approved_by_id:
        return int(record.approved_by_id)
    if record.status == AssessmentStatus.SUBMITTED and record.submitted_by_id:
        return int(record.submitted_by_id)
    if record.history_type == "+":
        return int(record.created_by_id)
    return None


def decision_log(assessment: Assessment) -> list[Decision]:
    """Started, submitted, returned, approved, opinion requested; then referral events."""
    records = list(assessment.history.order_by("history_date", "history_id"))
    steps: list[tuple[datetime.datetime, int | None, str]] = []
    previous = None
    for record in records:
        what = _transition(previous, record)
        if what:
            steps.append((record.history_date, _actor_id(record, what), what))
        previous = record
    if not records:  # history started after this diagnostic: fall back on its own fields
        steps.append((assessment.created_at, assessment.created_by_id, _("diagnostic started")))
        if assessment.submitted_at:
            steps.append(
                (assessment.submitted_at, assessment.submitted_by_id, _("submitted for approval"))
            )
        if assessment.approved_at:
            steps.append(
                (
                    assessment.approved_at,
                    assessment.approved_by_id,
                    _("approved (the diagnostic is frozen)"),
                )
            )
    names = _user_names({who for _when, who, _what in steps if who})
    log = [Decision(when, names.get(who, "—") if who else "—", what) for when, who, what in steps]
    log += [Decision(e.when, e.who, e.what) for e in referral_events_for(assessment)]
    return sorted(log, key=lambda d: d.when)
