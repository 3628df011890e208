"""Feed risks.scoring from the database: the one place where models meet the pure method."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from risks import scoring
from risks.models import Answer, Question

if TYPE_CHECKING:
    from partners.models import Partnership
    from risks.models import Assessment
    from risks.structure import Structure


def effective_points(question: Question, answer: Answer | None) -> int | None:
    """Points an answer counts for when deciding whether a dependent question applies."""
    if answer is None or answer.special == "na":
        return None
    if answer.special == "unknown":
        return question.unknown_points
    return answer.points


def applicable_questions(
    questions: Iterable[Question], answers: Mapping[int, Answer]
) -> list[Question]:
    """The questions shown: a dependent one only when its parent's answer reaches the bar."""
    by_id = {q.pk: q for q in questions}
    shown: list[Question] = []
    for question in by_id.values():
        if question.depends_on_id is None:
            shown.append(question)
            continue
        parent = by_id.get(question.depends_on_id)
        points = effective_points(parent, answers.get(parent.pk)) if parent else None
        if points is not None and points >= (question.depends_min_points or 0):
            shown.append(question)
    return shown


def context_for(partnership: Partnership, *, opinion_requested: bool = False) -> scoring.Context:
    country = partnership.partner.country
    return scoring.Context(
        regime_class=country.regime_class if country else None,
        active_conflict=bool(country and country.active_conflict),
        strategic_sector=bool(partnership.sectors),
        territory_not_recognised=bool(country and country.not_recognised_by_france),
        # Set by an officer's confirmation of a screening hit (screening.actions.decide).
        sanctions_confirmed=partnership.partner.sanctions_confirmed,
        opinion_requested=opinion_requested,
    )


def compute(
    assessment: Assessment, structure: Structure, answers: Iterable[Answer]
) -> scoring.Result:
    """Score a diagnostic from its questionnaire structure and its (already fetched) answers."""
    by_question = {a.question_id: a for a in answers}
    shown = applicable_questions(structure.questions, by_question)
    scoring_answers: dict[str, scoring.Answer] = {}
    for question in shown:
        answer = by_question.get(question.pk)
        if answer is not None:
            scoring_answers[question.key] = answer.value
    return scoring.score(
        [scoring.Question(q.key, q.category, q.axis, q.weight, q.unknown_points) for q in shown],
        scoring_answers,
        context_for(assessment.partnership, opinion_requested=assessment.opinion_requested),
        [
            scoring.Control(c.category, c.axis)
            for key in assessment.controls_in_place
            if (c := structure.controls_by_key.get(key)) is not None
        ],
        tolerance=assessment.municipality.risk_tolerance,
    )


def stored_fields(result: scoring.Result) -> dict[str, Any]:
    """The assessment fields that keep a result, so lists and reports never recompute."""
    return {
        "result": result.explain_dict(),
        "rating": result.rating or "",
        "score": result.score,
        "flagged": result.flagged,
        "flag_reasons": list(result.flag_reasons),
    }
