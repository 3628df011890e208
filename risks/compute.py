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


def context_for(
    partnership: Partnership, *, method: int, opinion_requested: bool = False
) -> scoring.Context:
    """What the register knows of the partner's country, the partner and the partnership.

    Method 1 keeps the facts it was defined with (any strategic sector raises the impact) so
    that its decisions recompute the same; method 2 counts a strategic sector only when
    know-how, technology or data flow to the partner.
    """
    partner = partnership.partner
    country = partner.country
    return scoring.Context(
        regime_class=country.regime_class if country else None,
        active_conflict=bool(country and country.active_conflict),
        fimi_attributed=bool(country and country.fimi_attributed),
        strategic_sector=partnership.strategic if method == 1 else partnership.strategic_outflow,
        territory_not_recognised=bool(
            partner.territory_id or (country and country.not_recognised_by_france)
        ),
        # Set by an officer's confirmation of a screening hit (screening.actions.decide).
        sanctions_confirmed=partner.sanctions_confirmed,
        foreign_state_convention=partnership.with_foreign_state,
        opinion_requested=opinion_requested,
    )


def compute(
    assessment: Assessment, structure: Structure, answers: Iterable[Answer]
) -> scoring.Result:
    """Score a diagnostic from its questionnaire structure and its (already fetched) answers,
    with the method its questionnaire version names."""
    method = structure.questionnaire.method
    by_question = {a.question_id: a for a in answers}
    shown = applicable_questions(structure.questions, by_question)
    scoring_answers: dict[str, scoring.Answer] = {}
    for question in shown:
        answer = by_question.get(question.pk)
        if answer is not None:
            scoring_answers[question.key] = answer.value
    return scoring.score(
        [
            scoring.Question(
                q.key,
                q.category,
                q.axis,
                q.weight,
                q.unknown_points,
                red_line_at=q.red_line_at,
                na_allowed=q.allow_na,
            )
            for q in shown
        ],
        scoring_answers,
        context_for(
            assessment.partnership, method=method, opinion_requested=assessment.opinion_requested
        ),
        [
            scoring.Control(c.category, c.axis)
            for key in assessment.controls_in_place
            if (c := structure.controls_by_key.get(key)) is not None
        ],
        tolerance=assessment.municipality.risk_tolerance,
        method=method,
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
