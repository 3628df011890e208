"""Every write to a diagnostic goes through these functions (views, tasks, commands).

Each runs in one transaction, locks the assessment row, refuses to touch anything but a draft
(an approved diagnostic is frozen forever), then recomputes and stores the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from risks import compute, prefill, scoring
from risks.models import (
    Answer,
    AnswerOrigin,
    Assessment,
    AssessmentStatus,
    Control,
    ControlAnswer,
    Question,
    Questionnaire,
    Special,
)
from risks.signals import assessment_approved, assessment_returned, assessment_submitted
from risks.structure import structure_of

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Partnership


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


@dataclass(frozen=True)
class ControlOutcome:
    assessment: Assessment
    state: ControlAnswer | None
    conflict: bool  # someone else changed this control since the form was shown
    result: scoring.Result


@dataclass(frozen=True)
class AnswerChange:
    """One question of a full-page save, as its form posted it."""

    question: Question
    value: int | str | None
    seen_revision: int
    justification: str | None = None
    evidence: UploadedFile | None = None


@dataclass(frozen=True)
class ControlChange:
    """One control of a full-page save, as its form posted it."""

    control: Control
    in_place: bool
    justification: str
    seen_revision: int
    evidence: UploadedFile | None = None


@dataclass
class PageOutcome:
    """What a full-page save did: the stale items it left alone, the items it refused."""

    assessment: Assessment
    result: scoring.Result | None = None
    question_conflicts: set[int] = field(default_factory=set)
    control_conflicts: set[str] = field(default_factory=set)
    question_errors: dict[int, str] = field(default_factory=dict)  # question id → error code
    control_errors: dict[str, str] = field(default_factory=dict)  # control key → error code


def lock(assessment_id: int) -> Assessment:
    """The assessment row, locked until the end of the transaction, with what scoring needs.

    Scoring reads whether the partner has a territory (`territory_id`), not the territory
    itself: joining it too made this query, which every answer runs, a third slower."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("partnership__partner__country", "municipality", "questionnaire")
        .get(pk=assessment_id)
    )


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise AssessmentError("not_draft")


def _answers(assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}


def _control_states(assessment: Assessment) -> dict[int, ControlAnswer]:
    return {c.control_id: c for c in ControlAnswer.objects.filter(assessment=assessment)}


def counted_controls(assessment: Assessment, states: Iterable[ControlAnswer]) -> list[str]:
    """Keys of the controls that lower their axis, under the diagnostic's method."""
    structure = structure_of(assessment.questionnaire_id)
    method = structure.questionnaire.method
    by_id = {c.pk: c for c in structure.controls}
    return sorted(
        by_id[s.control_id].key for s in states if s.control_id in by_id and s.counts(method)
    )


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
        _prefill(assessment, user)
        recompute(lock(assessment.pk))
    return assessment


def _prefill(assessment: Assessment, user: User) -> None:
    """Write what the profile, the register and the calendar already answer (origin shown)."""
    structure = structure_of(assessment.questionnaire_id)
    answered = set(
        Answer.objects.filter(assessment=assessment).values_list("question_id", flat=True)
    )
    Answer.objects.bulk_create(prefill.seed(assessment, structure.questions, answered, user))


def move_to_current_version(assessment_id: int, user: User) -> Assessment:
    """Restart a draft made with an older questionnaire version on the current one.

    Answers and controls are carried over where the new version has a question (a control)
    of the same key and the answer is still one of its choices; the others are dropped (their
    history stays). The draft keeps its identity, so nothing that points to it breaks.
    """
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        current = Questionnaire.objects.current()
        if current is None or current.pk == assessment.questionnaire_id:
            raise AssessmentError("already_current")
        structure = structure_of(current.pk)
        for answer in Answer.objects.filter(assessment=assessment).select_related("question"):
            question = structure.by_key.get(answer.question.key)
            fits = question is not None and (
                (
                    answer.points is None
                    and (answer.special != Special.NOT_APPLICABLE or question.allow_na)
                )
                or answer.points in structure.choice_points(question)
            )
            if question is None or not fits:
                answer.delete()
                continue
            answer.question = question
            answer._history_user = user  # type: ignore[attr-defined]
            answer.save(update_fields=["question", "updated_at"])
        for state in ControlAnswer.objects.filter(assessment=assessment).select_related("control"):
            control = structure.controls_by_key.get(state.control.key)
            if control is None:
                state.delete()
                continue
            state.control = control
            state.save(update_fields=["control", "updated_at"])
        assessment.questionnaire = current
        assessment._history_user = user  # type: ignore[attr-defined]
        assessment.save(update_fields=["questionnaire", "updated_at"])
        _prefill(assessment, user)
        states = ControlAnswer.objects.filter(assessment=assessment)
        _store(
            assessment, _answers(assessment), controls_in_place=counted_controls(assessment, states)
        )
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
    states = []
    for state in ControlAnswer.objects.filter(assessment=previous).select_related("control"):
        control = structure.controls_by_key.get(state.control.key)
        if control is None:
            continue
        states.append(
            ControlAnswer(
                assessment=assessment,
                control=control,
                in_place=state.in_place,
                justification=state.justification,
                evidence=state.evidence.name if state.evidence else "",
                updated_by=user,
            )
        )
    ControlAnswer.objects.bulk_create(states)
    assessment.controls_in_place = counted_controls(assessment, states)
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


def _check_value(question: Question, value: int | str | None) -> None:
    if isinstance(value, str) and value not in (Special.UNKNOWN, Special.NOT_APPLICABLE):
        raise AssessmentError("unknown_choice")
    if value == Special.NOT_APPLICABLE and not question.allow_na:
        raise AssessmentError("na_not_allowed")
    if isinstance(value, int) and value not in {c.points for c in question.choices.all()}:
        raise AssessmentError("unknown_choice")


def _contradicts(control: Control, value: object) -> bool:
    """True when an answer of `value` to the control's `contradicted_by` question denies it."""
    return (
        control.contradicted_at is not None
        and isinstance(value, int)
        and value >= control.contradicted_at
    )


def _check_answer_against_controls(
    assessment: Assessment, question: Question, value: object, states: dict[int, ControlAnswer]
) -> None:
    for control in structure_of(assessment.questionnaire_id).controls_contradicted_by(question):
        state = states.get(control.pk)
        if state is not None and state.in_place and _contradicts(control, value):
            raise AssessmentError("contradicts_control", control.key)


def _apply_answer(
    assessment: Assessment,
    answers: dict[int, Answer],
    states: dict[int, ControlAnswer] | None,
    change: AnswerChange,
    user: User,
) -> tuple[Answer | None, bool]:
    """Apply one answer to a locked draft; returns the answer and whether it was stale."""
    question, value = change.question, change.value
    if question.questionnaire_id != assessment.questionnaire_id:
        raise AssessmentError("wrong_questionnaire")
    _check_value(question, value)
    current = answers.get(question.pk)
    if (current.revision if current else 0) != change.seen_revision:
        return current, True
    if structure_of(assessment.questionnaire_id).controls_contradicted_by(question):
        if states is None:
            states = _control_states(assessment)
        _check_answer_against_controls(assessment, question, value, states)
    justification, evidence = change.justification, change.evidence
    if value is None and (justification or "").strip() == "" and evidence is None:
        if current is not None:
            current.delete()
            del answers[question.pk]
        return None, False
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
    current.origin = AnswerOrigin.OFFICER  # the officer's answer now, not the prefilled one
    current.revision += 1
    current.updated_by = user
    current._history_user = user  # type: ignore[attr-defined]  # the audit names who did it
    current.save()
    answers[question.pk] = current
    return current, False


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
    change = AnswerChange(question, value, seen_revision, justification, evidence)
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        answers = _answers(assessment)
        answer, conflict = _apply_answer(assessment, answers, None, change, user)
        return SaveOutcome(assessment, answer, conflict, _store(assessment, answers), answers)


def _apply_control(
    assessment: Assessment,
    answers: dict[int, Answer],
    states: dict[int, ControlAnswer],
    change: ControlChange,
    user: User,
) -> tuple[ControlAnswer | None, bool]:
    """Apply one control to a locked draft; returns its state and whether it was stale."""
    control = change.control
    if control.questionnaire_id != assessment.questionnaire_id:
        raise AssessmentError("wrong_questionnaire")
    current = states.get(control.pk)
    if (current.revision if current else 0) != change.seen_revision:
        return current, True
    if change.in_place and control.contradicted_by_id is not None:
        answer = answers.get(control.contradicted_by_id)
        if answer is not None and _contradicts(control, answer.value):
            raise AssessmentError("contradicted_by_answer", control.key)
    if current is None:
        current = ControlAnswer(assessment=assessment, control=control, revision=0)
    current.in_place = change.in_place
    current.justification = change.justification
    if change.evidence is not None:
        current.evidence = change.evidence
    current.revision += 1
    current.updated_by = user
    current._history_user = user  # type: ignore[attr-defined]  # the audit names who did it
    current.save()
    states[control.pk] = current
    return current, False


def save_control(
    assessment_id: int,
    control: Control,
    user: User,
    *,
    in_place: bool,
    justification: str,
    seen_revision: int,
    evidence: UploadedFile | None = None,
) -> ControlOutcome:
    """Tick or untick one control with its justification, unless it is stale (see answers).

    The control lowers its axis only once justified (method 2); a ticked box without a
    justification is kept, shown as not counted yet.
    """
    change = ControlChange(control, in_place, justification, seen_revision, evidence)
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        answers, states = _answers(assessment), _control_states(assessment)
        state, conflict = _apply_control(assessment, answers, states, change, user)
        counted = counted_controls(assessment, states.values())
        result = _store(assessment, answers, controls_in_place=counted)
        return ControlOutcome(assessment, state, conflict, result)


def set_control(
    assessment_id: int,
    control: Control,
    in_place: bool,
    user: User,
    justification: str | None = None,
) -> scoring.Result:
    """Tick or untick a control, keeping its justification unless one is given (demo data,
    commands and tests; no revision check: the caller holds no page)."""
    with transaction.atomic():
        state = ControlAnswer.objects.filter(assessment_id=assessment_id, control=control).first()
        if justification is None:
            justification = state.justification if state else ""
        return save_control(
            assessment_id,
            control,
            user,
            in_place=in_place,
            justification=justification,
            seen_revision=state.revision if state else 0,
        ).result


def set_opinion_requested(assessment_id: int, requested: bool) -> scoring.Result:
    """The officer asks (or no longer asks) for the ministry's opinion in a draft (rule 7)."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        return _store(assessment, _answers(assessment), opinion_requested=requested)


def save_page(
    assessment_id: int,
    user: User,
    *,
    answers: Iterable[AnswerChange] = (),
    controls: Iterable[ControlChange] = (),
    opinion_requested: bool | None = None,
) -> PageOutcome:
    """The whole diagnostic page posted at once (no JavaScript): one transaction, one lock, one
    recompute. A stale item (another officer changed it since the page was shown) is left as
    it is and reported in the outcome's conflicts; a refused item in its errors; the others are
    saved."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        outcome = PageOutcome(assessment)
        stored, states = _answers(assessment), _control_states(assessment)
        for change in answers:
            try:
                _, conflict = _apply_answer(assessment, stored, states, change, user)
            except AssessmentError as error:
                outcome.question_errors[change.question.pk] = error.code
                continue
            if conflict:
                outcome.question_conflicts.add(change.question.pk)
        for control_change in controls:
            key = control_change.control.key
            try:
                _, conflict = _apply_control(assessment, stored, states, control_change, user)
            except AssessmentError as error:
                outcome.control_errors[key] = error.code
                continue
            if conflict:
                outcome.control_conflicts.add(key)
        changes: dict[str, object] = {
            "controls_in_place": counted_controls(assessment, states.values())
        }
        if opinion_requested is not None:
            changes["opinion_requested"] = opinion_requested
        outcome.result = _store(assessment, stored, **changes)
        return outcome


def missing_answers(assessment: Assessment, answers: dict[int, Answer]) -> list[Question]:
    """The applicable questions still unanswered ("I don't know" and "Not applicable" are
    answers): a diagnostic is submitted only without any."""
    structure = structure_of(assessment.questionnaire_id)
    return [
        q for q in compute.applicable_questions(structure.questions, answers) if q.pk not in answers
    ]


def submit_assessment(assessment_id: int, user: User) -> Assessment:
    """Send a complete draft to the managers: every applicable question answered and every
    category scored. `AssessmentError("incomplete", keys)` names the questions left."""
    with transaction.atomic():
        assessment = lock(assessment_id)
        _require_draft(assessment)
        answers = _answers(assessment)
        result = _store(assessment, answers)
        missing = [q.key for q in missing_answers(assessment, answers)]
        unscored = [c for c in scoring.CATEGORIES if not result.categories[c].has_score]
        if missing or unscored:
            raise AssessmentError("incomplete", ",".join(missing))
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
        assessment._history_user = manager  # type: ignore[attr-defined]  # the decision log names them
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
    categories = assessment.result.get("categories", {})
    cell = scoring.rating_cell(categories)
    partnership.risk_likelihood, partnership.risk_impact = cell or (None, None)
    partnership.residual_bands = scoring.residual_bands(categories)
    partnership.save(
        update_fields=[
            "rating",
            "risk_score",
            "flagged",
            "rated_at",
            "risk_likelihood",
            "risk_impact",
            "residual_bands",
        ]
    )
