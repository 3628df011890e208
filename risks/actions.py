"""Every write to a diagnostic goes through these functions (views, tasks, commands).

Each runs in one transaction, locks the assessment row, refuses to touch anything but a draft
(an approved diagnostic is frozen forever), then recomputes and stores the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from risks import compute, scoring
from risks.models import Answer, Assessment, AssessmentStatus, Question, Questionnaire, Special
from risks.signals import assessment_approved, assessment_returned, assessment_submitted
from risks.structure import structure_of

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Partnership
    from risks.models import Control


class AssessmentError(Exception):
    """The action does not fit the diagnostic's state; `code` says why, for the message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class SaveOutcome:
    assessment: Assessment
    answer: Answer | None
    conflict: bool  # someone else saved this answer since the form was shown
    result: scoring.Result
    answers: dict[int, Answer]  # every answer of the diagnostic after the change, by question


def lock(assessment_id: int) -> Assessment:
    """The assessment row, locked until the end of the transaction, with what scoring needs."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("partnership__partner__country", "municipality")
        .get(pk=assessment_id)
    )


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise AssessmentError("not_draft")


def _answers(assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}


def _store(assessment: Assessment, answers: dict[int, Answer], **changes: object) -> scoring.Result:
    """Recompute from `answers` and write the result (and `changes`) in one UPDATE."""
    for name, value in changes.items():
        setattr(assessment, name, value)
    result = compute.compute(
        assessment, structure_of(assessment.questionnaire_id), answers.values()
    )
    fields = {**compute.stored_fields(result), **changes, "updated_at": timezone.now()}
    for name, value in fields.items():
        setattr(assessment, name, value)
    # A queryset update: the score is derived data, the audit history keeps the answers.
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    return result


def recompute(assessment: Assessment) -> scoring.Result:
    """Score the assessment from the database and store the result on it."""
    return _store(assessment, _answers(assessment))


def start_assessment(partnership: Partnership, user: User) -> Assessment:
    """Open a draft; a reassessment starts from the answers of the last approved diagnostic."""
    with transaction.atomic():
        if partnership.assessments.exclude(status=AssessmentStatus.APPROVED).exists():
            raise AssessmentError("already_open")
        previous = partnership.assessments.approved().order_by("-approved_at").first()
        # Always the latest published version; a reassessment carries its answers over by key.
        questionnaire = Questionnaire.objects.current()
        if questionnaire is None:
            raise AssessmentError("no_questionnaire")
        assessment = Assessment.objects.create(
            municipality_id=partnership.municipality_id,
            partnership=partnership,
            questionnaire=questionnaire,
            previous=previous,
            created_by=user,
        )
        if previous is not None:
            _seed_from(assessment, previous, user)
        recompute(lock(assessment.pk))
    return assessment


def _seed_from(assessment: Assessment, previous: Assessment, user: User) -> None:
    """Copy the previous answers (matched by question key) and controls (by control key)."""
    structure = structure_of(assessment.questionnaire_id)
    copies = []
    for old in Answer.objects.filter(assessment=previous).select_related("question"):
        question = structure.by_key.get(old.question.key)
        if question is None:
            continue
        copies.append(
            Answer(
                assessment=assessment,
                question=question,
                points=old.points,
                special=old.special,
                justification=old.justification,
                evidence=old.evidence.name if old.evidence else "",
                updated_by=user,
            )
        )
    Answer.objects.bulk_create(copies)
    assessment.controls_in_place = [
        key for key in previous.controls_in_place if key in structure.controls_by_key
    ]
    assessment.save(update_fields=["controls_in_place"])


def parse_value(question: Question, raw: str) -> int | str | None:
    """A form's value for a question: "" (cleared), points, "unknown" or "na"; else an error."""
    if raw == "":
        return None
    if raw == Special.UNKNOWN:
        return Special.UNKNOWN.value
    if raw == Special.NOT_APPLICABLE:
        if not question.allow_na:
            raise AssessmentError("na_not_allowed")
        return Special.NOT_APPLICABLE.value
    if raw.isdigit() and int(raw) in {c.points for c in question.choices.all()}:
        return int(raw)
    raise AssessmentError("unknown_choice")


def save_answer(
    assessment_id: int,
    question: Question,
    value: int | str | None,
    user: User,
    *,
    seen_revision: int,
    justification: str | None = None,
    evidence: UploadedFile | None = None,
) -> SaveOutcome:
    """Save one answer, unless someone saved it since `seen_revision` (0: none existed then).

    `value` is points 0-4, "unknown", "na", or None to clear it. A stale write changes nothing
    and says so (`conflict`), so two officers on one draft never lose an answer silently.
    """
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        if question.questionnaire_id != assessment.questionnaire_id:
            raise AssessmentError("wrong_questionnaire")
        if isinstance(value, str) and value not in (Special.UNKNOWN, Special.NOT_APPLICABLE):
            raise AssessmentError("unknown_choice")
        if value == Special.NOT_APPLICABLE and not question.allow_na:
            raise AssessmentError("na_not_allowed")
        if isinstance(value, int) and value not in {c.points for c in question.choices.all()}:
            raise AssessmentError("unknown_choice")
        answers = _answers(assessment)
        current = answers.get(question.pk)
        if (current.revision if current else 0) != seen_revision:
            return SaveOutcome(assessment, current, True, _store(assessment, answers), answers)
        if value is None and (justification or "").strip() == "" and evidence is None:
            if current is not None:
                current.delete()
                del answers[question.pk]
            return SaveOutcome(assessment, None, False, _store(assessment, answers), answers)
        if current is None:
            current = Answer(assessment=assessment, question=question, revision=0)
        if value is not None:
            current.points = value if isinstance(value, int) else None
            current.special = value if isinstance(value, str) else ""
        elif current.points is None and not current.special:
            raise AssessmentError("justification_needs_answer")
        if justification is not None:
            current.justification = justification
        if evidence is not None:
            current.evidence = evidence
        current.revision += 1
        current.updated_by = user
        current.save()
        answers[question.pk] = current
        return SaveOutcome(assessment, current, False, _store(assessment, answers), answers)


def set_control(assessment_id: int, control: Control, in_place: bool) -> scoring.Result:
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        if control.questionnaire_id != assessment.questionnaire_id:
            raise AssessmentError("wrong_questionnaire")
        keys = [k for k in assessment.controls_in_place if k != control.key]
        if in_place:
            keys.append(control.key)
        return _store(assessment, _answers(assessment), controls_in_place=sorted(keys))


def set_opinion_requested(assessment_id: int, requested: bool) -> scoring.Result:
    """The officer asks (or no longer asks) for the ministry's opinion in a draft (rule 7)."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        return _store(assessment, _answers(assessment), opinion_requested=requested)


def submit_assessment(assessment_id: int, user: User) -> Assessment:
    """Send a draft to the managers; every category must be complete."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        result = recompute(assessment)
        incomplete = [c for c in scoring.CATEGORIES if not result.categories[c].complete]
        if incomplete:
            raise AssessmentError("incomplete", ",".join(incomplete))
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_by = user
        assessment.submitted_at = timezone.now()
        assessment.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        assessment_submitted.send(sender=Assessment, assessment=assessment, user=user)
    return assessment


def return_to_draft(assessment_id: int, manager: User) -> Assessment:
    """A manager sends a submitted diagnostic back to its officers for changes."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise AssessmentError("not_submitted")
        assessment.status = AssessmentStatus.DRAFT
        assessment.save(update_fields=["status", "updated_at"])
        assessment_returned.send(sender=Assessment, assessment=assessment, user=manager)
    return assessment


def approve_assessment(assessment_id: int, manager: User) -> Assessment:
    """Approve and freeze a submitted diagnostic; it becomes the partnership's rating."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise AssessmentError("not_submitted")
        recompute(assessment)
        assessment.status = AssessmentStatus.APPROVED
        assessment.approved_by = manager
        assessment.approved_at = timezone.now()
        assessment.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        apply_rating(assessment, by=manager)
        assessment_approved.send(sender=Assessment, assessment=assessment, user=manager)
    return assessment


def apply_rating(assessment: Assessment, by: User | None = None) -> None:
    """Copy an approved diagnostic's rating onto its partnership (lists filter and sort on it);
    the partnership's history names the manager whose approval changed it."""
    partnership = assessment.partnership
    if by is not None:
        partnership._history_user = by  # type: ignore[attr-defined]
    partnership.rating = assessment.rating
    partnership.risk_score = assessment.score
    partnership.flagged = assessment.flagged
    partnership.rated_at = assessment.approved_at
    cell = scoring.rating_cell(assessment.result.get("categories", {}))
    partnership.risk_likelihood, partnership.risk_impact = cell or (None, None)
    partnership.save(
        update_fields=[
            "rating",
            "risk_score",
            "flagged",
            "rated_at",
            "risk_likelihood",
            "risk_impact",
        ]
    )
