"""The municipality profile: questions about the municipality itself, answered once by a
manager, dated, due again each year and after each election, carried into every diagnostic.

A profile question only ever feeds an impact axis, next to partnership questions that weigh
more: a town's profile alone cannot flag a partnership (see the property test).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from risks import elections
from risks.models import (
    Answer,
    AnswerOrigin,
    Assessment,
    AssessmentStatus,
    ProfileAnswer,
    Question,
    Questionnaire,
    Special,
)
from risks.structure import structure_of

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Municipality


def profile_questions() -> list[Question]:
    """The profile questions of the current questionnaire version, in order."""
    current = Questionnaire.objects.current()
    if current is None:
        return []
    return list(
        Question.objects.filter(questionnaire=current, profile=True)
        .prefetch_related("choices")
        .order_by("category", "order")
    )


@dataclass(frozen=True)
class ProfileStatus:
    answers: dict[str, ProfileAnswer]
    answered_on: datetime.date | None  # the oldest answer's date
    due_on: datetime.date | None

    @property
    def overdue(self) -> bool:
        return self.due_on is None or self.due_on <= timezone.localdate()


def status(municipality: Municipality, questions: list[Question]) -> ProfileStatus:
    answers = {
        p.question_key: p
        for p in ProfileAnswer.objects.filter(municipality=municipality).select_related(
            "answered_by"
        )
    }
    dates = [timezone.localdate(answers[q.key].answered_at) for q in questions if q.key in answers]
    complete = len(dates) == len(questions)
    answered_on = min(dates) if dates and complete else None
    due_on = elections.profile_due_on(answered_on) if answered_on else None
    return ProfileStatus(answers, answered_on, due_on)


def save_profile(
    municipality: Municipality,
    user: User,
    values: Mapping[str, tuple[int | str, str]],
) -> int:
    """Record the manager's answers (question key → (points or "unknown", justification)),
    dated today, and carry them into the drafts that still hold the profile's answer.
    Returns how many drafts were recomputed."""
    from risks import actions

    now = timezone.now()
    with transaction.atomic():
        for key, (value, justification) in values.items():
            points = value if isinstance(value, int) else None
            special = value if isinstance(value, str) else ""
            if special not in ("", Special.UNKNOWN):
                raise ValueError(f"profile answer {key}: {value!r}")
            kept, _created = ProfileAnswer.objects.get_or_create(
                municipality=municipality,
                question_key=key,
                defaults={"answered_by": user, "answered_at": now, "points": 0},
            )
            kept.points, kept.special, kept.justification = points, special, justification
            kept.answered_by, kept.answered_at = user, now
            kept._history_user = user  # type: ignore[attr-defined]
            kept.save()
        drafts = list(
            Assessment.objects.filter(
                municipality=municipality, status=AssessmentStatus.DRAFT
            ).values_list("pk", flat=True)
        )
        for assessment_id in drafts:
            assessment = actions.lock(assessment_id)
            _carry(assessment, values, user)
            actions.recompute(assessment)
    return len(drafts)


def _carry(assessment: Assessment, values: Mapping[str, tuple[int | str, str]], user: User) -> None:
    """Write the profile's answers into a draft, except where the officer answered for this
    diagnostic (an answer of their own is never overwritten)."""
    questions = structure_of(assessment.questionnaire_id).by_key
    existing = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment, question__profile=True)
    }
    for key, (value, justification) in values.items():
        question = questions.get(key)
        if question is None or not question.profile:
            continue
        answer = existing.get(question.pk)
        if answer is not None and answer.origin != AnswerOrigin.PROFILE:
            continue
        if answer is None:
            answer = Answer(assessment=assessment, question=question, revision=-1)
        answer.points = value if isinstance(value, int) else None
        answer.special = value if isinstance(value, str) else ""
        answer.justification = justification
        answer.origin = AnswerOrigin.PROFILE
        answer.revision += 1  # an officer's page showing the old answer is now stale
        answer.updated_by = user
        answer.save()
