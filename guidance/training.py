"""Training: grading a quiz, and who in a municipality is trained and who is due again.

`training_status(municipality)` is what the municipality profile reads to answer its
"trained staff and elected officials" question, with the date of the latest training.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from guidance.models import QuizQuestion, TrainingRecord
from municipalities.models import Membership, Municipality

QUESTIONS_PER_QUIZ = 5
PASS_MARK = 4  # right answers out of five: 80 %, the bar a member must reach to be trained
VALID_DAYS = 365  # training is due again a year after the last one


@dataclass(frozen=True)
class Mistake:
    question: QuizQuestion
    chosen: int | None
    right: int

    def _label(self, index: int | None) -> str:
        choices = self.question.choices
        return choices[index] if index is not None and 0 <= index < len(choices) else ""

    @property
    def chosen_label(self) -> str:
        return self._label(self.chosen)

    @property
    def right_label(self) -> str:
        return self._label(self.right)


@dataclass(frozen=True)
class QuizResult:
    score: int
    total: int
    mistakes: list[Mistake]

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


def grade(questions: Sequence[QuizQuestion], answers: dict[int, int | None]) -> QuizResult:
    """Score the answers (question id → index chosen, None when left blank)."""
    mistakes = [
        Mistake(q, answers.get(q.pk), q.correct)
        for q in questions
        if answers.get(q.pk) != q.correct
    ]
    return QuizResult(len(questions) - len(mistakes), len(questions), mistakes)


def due_on(last: datetime.date | None) -> datetime.date | None:
    return last + datetime.timedelta(days=VALID_DAYS) if last else None


def is_current(last: datetime.date | None, today: datetime.date | None = None) -> bool:
    due = due_on(last)
    return due is not None and due > (today or timezone.localdate())


@dataclass(frozen=True)
class MemberTraining:
    membership: Membership
    last: datetime.date | None

    @property
    def due(self) -> datetime.date | None:
        return due_on(self.last)

    @property
    def current(self) -> bool:
        return is_current(self.last)


def member_rows(municipality: Municipality) -> list[MemberTraining]:
    """Each member with the date of their latest training (two queries)."""
    last = dict(
        TrainingRecord.objects.filter(municipality=municipality, user__isnull=False)
        .values("user_id")
        .annotate(last=Max("completed_on"))
        .values_list("user_id", "last")
    )
    memberships = Membership.objects.filter(municipality=municipality).select_related("user")
    rows = [MemberTraining(m, last.get(m.user_id)) for m in memberships]
    # Those who were never trained or are due first, then by name.
    return sorted(
        rows, key=lambda r: (r.current, r.last or datetime.date.min, r.membership.user.email)
    )


@dataclass(frozen=True)
class TrainingStatus:
    """The answer to the profile's training question, read from the records."""

    last_date: datetime.date | None
    members_trained: int  # members whose latest training is less than a year old
    members_total: int
    attendees_trained: int  # named attendees of in-person sessions within the year

    @property
    def share(self) -> float:
        return self.members_trained / self.members_total if self.members_total else 0.0


def training_status(municipality: Municipality) -> TrainingStatus:
    """Last training date, and the share of members trained within the year."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=VALID_DAYS)
    records = TrainingRecord.objects.filter(municipality=municipality)
    last = records.aggregate(last=Max("completed_on"))["last"]
    members = Membership.objects.filter(municipality=municipality)
    trained = (
        members.filter(
            user__training_records__municipality=municipality,
            user__training_records__completed_on__gt=since,
        )
        .distinct()
        .count()
    )
    attendees = (
        records.filter(user__isnull=True, completed_on__gt=since)
        .values("attendee")
        .distinct()
        .count()
    )
    return TrainingStatus(last, trained, members.count(), attendees)
