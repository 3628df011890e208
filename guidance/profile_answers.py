"""The municipality profile's training and past-incident answers, read from the records.

Two profile questions are facts the app keeps: whether staff and elected officials were
trained (the training records) and whether the town has suffered incidents (the incident log).
Each change to those records re-answers the question, dated, with what the records say in the
justification, and carries it into the drafts (`risks.profile.save_profile`). While the records
say nothing (no training recorded, no incident in the look-back period) the manager's own
answer stands: a town may have trained its staff before it used the app.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance.incidents import IncidentSummary, incident_summary
from guidance.training import TrainingStatus, training_status
from risks import profile
from risks.models import ProfileAnswer
from risks.prefill import nearest_choice

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Municipality

TRAINING_KEY = "prof_training"
INCIDENTS_KEY = "prof_incidents"

#: The training question's "recent" choice reads "less than two years ago".
RECENT_TRAINING_DAYS = 730


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def training_answer(state: TrainingStatus) -> tuple[int, str] | None:
    """Points on the 0 (trained recently) to 4 (not trained) scale and the reason, or None
    while no training is recorded."""
    if state.last_date is None:
        return None
    reason = _(
        "From the training records: latest training on %(day)s; %(trained)s of %(total)s "
        "members trained within the year, and %(attendees)s other attendees."
    ) % {
        "day": _day(state.last_date),
        "trained": state.members_trained,
        "total": state.members_total,
        "attendees": state.attendees_trained,
    }
    recent = (timezone.localdate() - state.last_date).days < RECENT_TRAINING_DAYS
    # "Yes" needs both a recent session and at least half the members trained within the year;
    # an old session, or a recent one that reached few members, is "partly".
    if recent and state.members_trained * 2 >= state.members_total > 0:
        return 0, reason
    return 2, reason


def incidents_answer(summary: IncidentSummary) -> tuple[int, str] | None:
    """Points on the 0 (none) to 4 (several) scale and the reason, or None while the log holds
    no incident in the look-back period."""
    if not summary.any or summary.last_date is None:
        return None
    reason = ngettext(
        "From the incident log: %(count)s incident since %(since)s, the latest on %(day)s.",
        "From the incident log: %(count)s incidents since %(since)s, the latest on %(day)s.",
        summary.count,
    ) % {
        "count": summary.count,
        "since": _day(summary.since) if summary.since else "—",
        "day": _day(summary.last_date),
    }
    return (2 if summary.count == 1 else 4), reason


def sync_profile(municipality: Municipality, user: User) -> list[str]:
    """Re-answer the profile questions the records answer, where the records changed the
    answer. Runs inside the caller's transaction. Returns the keys re-answered."""
    questions = {q.key: q for q in profile.profile_questions()}
    found = {
        TRAINING_KEY: training_answer(training_status(municipality)),
        INCIDENTS_KEY: incidents_answer(incident_summary(municipality)),
    }
    stored = {
        p.question_key: (p.points, p.justification)
        for p in ProfileAnswer.objects.filter(municipality=municipality, question_key__in=found)
    }
    values: dict[str, tuple[int | str, str]] = {}
    for key, answer in found.items():
        question = questions.get(key)
        if answer is None or question is None:
            continue
        points, reason = nearest_choice(question, answer[0]), answer[1]
        if stored.get(key) != (points, reason):
            values[key] = (points, reason)
    if values:
        profile.save_profile(municipality, user, values)
    return sorted(values)
