"""The CityDiplo scoring methods (DESIGN §3), as pure functions.

No Django, no ORM, no floats: every ratio is a :class:`fractions.Fraction`, so a score computed
here, by ``manage.py score`` or by hand on paper is the same number. The app, the PDF reports and
the command all call :func:`score`; ``docs/scoring.md`` explains the methods with worked examples
that the test suite checks against this module.

Two methods live side by side. **Method 2** is the current one. **Method 1**, the first, stays
available unchanged so that every decision taken under it can be recomputed: a diagnostic is
always scored with the method of its questionnaire version. Everything that differs between the
two is stated once, in :data:`METHODS`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, Literal, TypeGuard

from citydiplo.bands import BAND_SCALE as SCALE

__all__ = [
    "AXES",
    "BANDS",
    "BAND_SCALE",
    "CATEGORIES",
    "DEFAULT_DOCUMENT_METHOD",
    "DEFAULT_FUNCTION_METHOD",
    "DEFAULT_TOLERANCE",
    "DEFAULT_UNKNOWN_POINTS",
    "FLAG_REASONS",
    "METHODS",
    "Answer",
    "AxisResult",
    "CategoryResult",
    "Context",
    "Contribution",
    "Control",
    "MethodRules",
    "Modifier",
    "Question",
    "Result",
    "ScoringInput",
    "ScoringInputError",
    "band_for",
    "level_for",
    "parse_document",
    "rules_for",
    "score",
    "score_input",
]

CATEGORIES: Final = ("ip_capture", "disinformation", "imported_conflict")
AXES: Final = ("likelihood", "impact")
#: The band scale, least to most severe: each band with the inclusive range of scores it covers.
#: Written once in citydiplo.bands (below every app, which all speak of bands); re-exported here.
BAND_SCALE: Final = SCALE
#: Band names, least to most severe.
BANDS: Final = tuple(str(name) for name, _, _ in BAND_SCALE)
CRITICAL: Final = BANDS[-1]
#: Stable flag codes, in the order they are reported (each method uses a subset, same order).
FLAG_REASONS: Final = (
    "tolerance",
    "inherent_critical",
    "red_line",
    "sanctions_confirmed",
    "territory_not_recognised",
    "foreign_state_convention",
    "opinion_requested",
)

MIN_POINTS: Final = 0
MAX_POINTS: Final = 4
MIN_WEIGHT: Final = 1
MAX_WEIGHT: Final = 3
MIN_LEVEL: Final = 1
MAX_LEVEL: Final = 5
MIN_SCORE: Final = MIN_LEVEL * MIN_LEVEL
MAX_SCORE: Final = MAX_LEVEL * MAX_LEVEL
MIN_RED_LINE_AT: Final = 1
MAX_RED_LINE_AT: Final = 4
DEFAULT_UNKNOWN_POINTS: Final = 3
DEFAULT_TOLERANCE: Final = 10
#: Regime classes of V-Dem's *Regimes of the World*: 0 closed autocracy, 1 electoral autocracy,
#: 2 electoral democracy, 3 liberal democracy.
REGIME_CLASSES: Final = (0, 1, 2, 3)
STRATEGIC_SECTOR_IMPACT_FLOOR: Final = 4

UNKNOWN: Final = "unknown"
NOT_APPLICABLE: Final = "na"

#: An answer: points 0-4, "unknown" ("Je ne sais pas") or "na" ("Sans objet").
type Answer = int | Literal["unknown", "na"]


class ScoringInputError(ValueError):
    """Invalid scoring input; the one-line message names the culprit."""


# ---------------------------------------------------------------------------------------------
# The two methods


@dataclass(frozen=True, slots=True)
class MethodRules:
    """What one scoring method does where the methods differ (DESIGN §3)."""

    number: int
    #: Categories whose likelihood the partner country's regime class raises.
    regime_categories: tuple[str, ...]
    #: Whether ``fimi_attributed`` raises the disinformation likelihood.
    fimi_modifier: bool
    #: Most steps the controls of one axis take off it; ``None``: one step per control.
    max_control_steps: int | None
    #: Whether a complete category also needs every one of its questions answered.
    complete_needs_every_answer: bool
    #: Inclusive range of the accepted tolerance; ``None``: any integer.
    tolerance_range: tuple[int, int] | None
    #: Whether ``na_allowed`` and ``red_line_at`` of questions are enforced.
    question_rules: bool
    #: The flag reasons this method can report.
    flag_reasons: tuple[str, ...]


METHODS: Final[Mapping[int, MethodRules]] = MappingProxyType(
    {
        # The first method: ticking two controls per axis brought any risk to 3 x 3 = 9, under the
        # default tolerance, and regime class stood for threat on disinformation too.
        1: MethodRules(
            number=1,
            regime_categories=("ip_capture", "disinformation"),
            fimi_modifier=False,
            max_control_steps=None,
            complete_needs_every_answer=False,
            tolerance_range=None,
            question_rules=False,
            flag_reasons=(
                "tolerance",
                "sanctions_confirmed",
                "territory_not_recognised",
                "opinion_requested",
            ),
        ),
        # Controls take one step at most off an axis; a critical inherent risk, a red line and a
        # convention with a foreign State go to the ministry whatever the controls; disinformation
        # follows attributed campaigns, not the regime.
        2: MethodRules(
            number=2,
            regime_categories=("ip_capture",),
            fimi_modifier=True,
            max_control_steps=1,
            complete_needs_every_answer=True,
            tolerance_range=(5, 15),
            question_rules=True,
            flag_reasons=FLAG_REASONS,
        ),
    }
)
#: The method of a ``manage.py score`` document that names none: the current one.
DEFAULT_DOCUMENT_METHOD: Final = 2
#: The method of :func:`score` when the caller names none: the first, so that a caller written
#: before method 2 existed keeps the numbers it always had.
DEFAULT_FUNCTION_METHOD: Final = 1


def rules_for(method: object) -> MethodRules:
    """The rules of method 1 or 2; anything else is a :class:`ScoringInputError`."""
    if not _is_int(method) or method not in METHODS:
        raise ScoringInputError(f"method: {_show(method)} is not 1 or 2")
    return METHODS[method]


# ---------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True, slots=True)
class Question:
    """A question of the questionnaire, as far as scoring is concerned.

    ``red_line_at``: answering at least that many points, or "unknown", is a red line (method 2).
    ``na_allowed``: whether "Sans objet" is an accepted answer (method 2 refuses it otherwise).
    """

    key: str
    category: str
    axis: str
    weight: int
    unknown_points: int = DEFAULT_UNKNOWN_POINTS
    red_line_at: int | None = None
    na_allowed: bool = True

    def __post_init__(self) -> None:
        where = f"question {_show(self.key)}"
        if not isinstance(self.key, str) or not self.key:
            raise ScoringInputError(f"{where}: key must be a non-empty string")
        _check_category(self.category, where)
        _check_axis(self.axis, where)
        _check_int_range(self.weight, MIN_WEIGHT, MAX_WEIGHT, f"{where}: weight")
        _check_int_range(self.unknown_points, MIN_POINTS, MAX_POINTS, f"{where}: unknown_points")
        if self.red_line_at is not None:
            _check_int_range(
                self.red_line_at, MIN_RED_LINE_AT, MAX_RED_LINE_AT, f"{where}: red_line_at"
            )
        _check_bool(self.na_allowed, f"{where}: na_allowed")

    def crosses_red_line(self, answer: Answer | None) -> bool:
        """Whether this answer reaches the question's red line ("unknown" does, "na" never)."""
        if self.red_line_at is None or answer is None or answer == NOT_APPLICABLE:
            return False
        return answer == UNKNOWN or answer >= self.red_line_at


@dataclass(frozen=True, slots=True)
class Control:
    """A control (mitigation) in place: lowers one axis of one category (see :data:`METHODS`)."""

    category: str
    axis: str

    def __post_init__(self) -> None:
        where = "control"
        _check_category(self.category, where)
        _check_axis(self.axis, where)


@dataclass(frozen=True, slots=True)
class Context:
    """What is known of the partner's country and of the partnership.

    ``fimi_attributed`` and ``foreign_state_convention`` exist since method 2; method 1 ignores
    them.
    """

    regime_class: int | None = None
    active_conflict: bool = False
    strategic_sector: bool = False
    territory_not_recognised: bool = False
    sanctions_confirmed: bool = False
    opinion_requested: bool = False
    fimi_attributed: bool = False
    foreign_state_convention: bool = False

    def __post_init__(self) -> None:
        if self.regime_class is not None and not (
            _is_int(self.regime_class) and self.regime_class in REGIME_CLASSES
        ):
            raise ScoringInputError(
                f"context.regime_class: {_show(self.regime_class)} is not 0, 1, 2, 3 or null"
            )
        for name in _CONTEXT_FLAGS:
            _check_bool(getattr(self, name), f"context.{name}")


_CONTEXT_FLAGS: Final = (
    "fimi_attributed",
    "active_conflict",
    "strategic_sector",
    "territory_not_recognised",
    "sanctions_confirmed",
    "foreign_state_convention",
    "opinion_requested",
)
_CONTEXT_KEYS: Final = ("regime_class", *_CONTEXT_FLAGS)


@dataclass(frozen=True, slots=True)
class ScoringInput:
    """A validated scoring document (see :func:`parse_document`)."""

    questions: tuple[Question, ...]
    answers: Mapping[str, Answer] = field(default_factory=dict)
    context: Context = field(default_factory=Context)
    controls: tuple[Control, ...] = ()
    tolerance: int = DEFAULT_TOLERANCE
    method: int = DEFAULT_DOCUMENT_METHOD


# ---------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True, slots=True)
class Contribution:
    """One question's part in its axis: ``weight * points`` out of ``weight * 4``.

    ``answer`` is the answer as given (``None`` when unanswered); ``points`` the points used
    (``None`` when the question does not count: "na" or unanswered).
    """

    key: str
    axis: str
    weight: int
    answer: Answer | None
    points: int | None

    @property
    def counted(self) -> bool:
        return self.points is not None

    @property
    def weighted_points(self) -> int | None:
        return None if self.points is None else self.weight * self.points

    @property
    def weighted_max(self) -> int | None:
        return None if self.points is None else self.weight * MAX_POINTS


@dataclass(frozen=True, slots=True)
class Modifier:
    """A context modifier or floor that applied to an axis, with its effect."""

    reason: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class AxisResult:
    """One axis (likelihood or impact) of one category, from the answers to the residual.

    ``controls`` counts the controls in place on the axis; how many steps they take off it
    depends on the method (``residual`` is the result).
    """

    axis: str
    weighted_points: int
    weighted_max: int
    level_before_modifiers: int | None
    modifiers: tuple[Modifier, ...]
    level: int | None
    controls: int
    residual: int | None

    @property
    def has_value(self) -> bool:
        return self.level is not None

    @property
    def raw(self) -> Fraction | None:
        if self.weighted_max == 0:
            return None
        return Fraction(self.weighted_points, self.weighted_max)


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """Everything needed to explain one category's score."""

    category: str
    likelihood: AxisResult
    impact: AxisResult
    contributions: tuple[Contribution, ...]
    answered: int
    not_applicable: int
    total: int
    method: int = DEFAULT_FUNCTION_METHOD

    @property
    def has_score(self) -> bool:
        """Both axes have a value (in a draft, the score is provisional until complete)."""
        return self.likelihood.has_value and self.impact.has_value

    @property
    def complete(self) -> bool:
        """Scored, and (method 2) every question answered: "unknown" and "na" are answers."""
        if not self.has_score:
            return False
        return self.unanswered == 0 or not METHODS[self.method].complete_needs_every_answer

    @property
    def score(self) -> int | None:
        if self.likelihood.level is None or self.impact.level is None:
            return None
        return self.likelihood.level * self.impact.level

    @property
    def band(self) -> str | None:
        return None if self.score is None else band_for(self.score)

    @property
    def residual_score(self) -> int | None:
        if self.likelihood.residual is None or self.impact.residual is None:
            return None
        return self.likelihood.residual * self.impact.residual

    @property
    def residual_band(self) -> str | None:
        return None if self.residual_score is None else band_for(self.residual_score)

    @property
    def unanswered(self) -> int:
        return self.total - self.answered - self.not_applicable

    def axis(self, name: str) -> AxisResult:
        _check_axis(name, "axis")
        return self.likelihood if name == "likelihood" else self.impact

    def as_dict(self) -> dict[str, Any]:
        """The category's entry of the ``manage.py score`` output (DESIGN §3)."""
        return {
            "complete": self.complete,
            "likelihood": self.likelihood.level,
            "impact": self.impact.level,
            "score": self.score,
            "band": self.band,
            "residual_likelihood": self.likelihood.residual,
            "residual_impact": self.impact.residual,
            "residual_score": self.residual_score,
            "residual_band": self.residual_band,
        }

    def explain_dict(self) -> dict[str, Any]:
        """The detailed working, JSON-ready (fractions as ``"n/d"`` strings)."""
        return {
            **self.as_dict(),
            "answered": self.answered,
            "not_applicable": self.not_applicable,
            "unanswered": self.unanswered,
            "total": self.total,
            "axes": {name: _explain_axis(self.axis(name)) for name in AXES},
            "contributions": [
                {
                    "key": c.key,
                    "axis": c.axis,
                    "weight": c.weight,
                    "answer": c.answer,
                    "points": c.points,
                    "weighted_points": c.weighted_points,
                    "weighted_max": c.weighted_max,
                }
                for c in self.contributions
            ],
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The scoring of one diagnostic: every category, the rating and the ministry flag."""

    categories: Mapping[str, CategoryResult]
    tolerance: int
    flag_reasons: tuple[str, ...]
    method: int = DEFAULT_FUNCTION_METHOD
    #: Keys of the questions whose answer reaches their red line, in questionnaire order.
    red_lines: tuple[str, ...] = ()

    @property
    def scored_categories(self) -> tuple[CategoryResult, ...]:
        """The categories with a score (complete or, in a draft, provisional)."""
        return tuple(c for c in self.categories.values() if c.has_score)

    @property
    def complete_categories(self) -> tuple[CategoryResult, ...]:
        return tuple(c for c in self.categories.values() if c.complete)

    @property
    def complete(self) -> bool:
        """Every category is complete."""
        return all(self.categories[code].complete for code in CATEGORIES)

    @property
    def score(self) -> int | None:
        """The highest residual score over the categories that have a score."""
        scores = [c.residual_score for c in self.scored_categories]
        return max((s for s in scores if s is not None), default=None)

    @property
    def rating(self) -> str | None:
        """The worst residual band over the categories that have a score."""
        return None if self.score is None else band_for(self.score)

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reasons)

    def as_dict(self) -> dict[str, Any]:
        """Exactly the ``manage.py score`` output of DESIGN §3."""
        return {
            "method": self.method,
            "categories": {code: self.categories[code].as_dict() for code in CATEGORIES},
            "rating": self.rating,
            "score": self.score,
            "complete": self.complete,
            "flagged": self.flagged,
            "flag_reasons": list(self.flag_reasons),
            "red_lines": list(self.red_lines),
        }

    def explain_dict(self) -> dict[str, Any]:
        """:meth:`as_dict` plus the full working of each category and the tolerance used."""
        return {
            **self.as_dict(),
            "categories": {code: self.categories[code].explain_dict() for code in CATEGORIES},
            "tolerance": self.tolerance,
        }


def _explain_axis(axis: AxisResult) -> dict[str, Any]:
    raw = axis.raw
    return {
        "weighted_points": axis.weighted_points,
        "weighted_max": axis.weighted_max,
        "raw": None if raw is None else str(raw),
        "level_before_modifiers": axis.level_before_modifiers,
        "modifiers": [
            {"reason": m.reason, "before": m.before, "after": m.after} for m in axis.modifiers
        ],
        "level": axis.level,
        "controls": axis.controls,
        "residual": axis.residual,
    }


# ---------------------------------------------------------------------------------------------
# The method


def level_for(raw: Fraction) -> int:
    """Axis level 1-5 of a raw fraction in [0, 1]: ``< 1/5 → 1`` … ``≥ 4/5 → 5``."""
    if not 0 <= raw <= 1:
        raise ValueError(f"raw fraction {raw} is outside [0, 1]")
    # raw < k/5  <=>  5·raw < k, so the level is floor(5·raw) + 1, capped at 5 (raw = 1).
    return min(int(raw * 5) + 1, MAX_LEVEL)


def rating_cell(categories: Mapping[str, Mapping[str, Any]]) -> tuple[int, int] | None:
    """The (likelihood, impact) cell that gives a stored result its rating: the complete
    category with the highest residual score, the higher impact on a tie (then likelihood).

    Takes the JSON form (``Result.explain_dict()["categories"]``) so that stored diagnostics,
    migrations and the benchmark's generator use the same rule.
    """
    cells = [
        (
            int(d["residual_likelihood"]) * int(d["residual_impact"]),
            int(d["residual_impact"]),
            int(d["residual_likelihood"]),
        )
        for d in categories.values()
        if d.get("complete") and d.get("residual_likelihood") and d.get("residual_impact")
    ]
    if not cells:
        return None
    _score, impact, likelihood = max(cells)
    return likelihood, impact


def residual_bands(categories: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Each category's residual band in a stored result (the categories without one left out):
    copied onto the partnership with its rating so that the ministry's picture counts by
    category without reading the diagnostics. The JSON form, like `rating_cell`."""
    return {
        code: str(detail["residual_band"])
        for code, detail in categories.items()
        if detail.get("residual_band")
    }


def band_for(score: int) -> str:
    """Band of a score 1-25: low 1-4, moderate 5-9, high 10-14, critical 15-25."""
    for name, low, high in BAND_SCALE:
        if _is_int(score) and low <= score <= high:
            return str(name)
    raise ValueError(f"score {score!r} is outside {MIN_SCORE}-{MAX_SCORE}")


def _clamp(level: int) -> int:
    return max(MIN_LEVEL, min(MAX_LEVEL, level))


def _modifiers_for(
    category: str, axis: str, context: Context, rules: MethodRules
) -> list[tuple[str, int, int]]:
    """The (reason, delta, floor) rules that apply to one axis of one category."""
    modifiers: list[tuple[str, int, int]] = []
    if axis == "likelihood":
        if category in rules.regime_categories:
            if context.regime_class == 0:
                modifiers.append(("regime_closed_autocracy +2", 2, MIN_LEVEL))
            elif context.regime_class == 1:
                modifiers.append(("regime_electoral_autocracy +1", 1, MIN_LEVEL))
        if category == "disinformation" and rules.fimi_modifier and context.fimi_attributed:
            modifiers.append(("fimi_attributed +1", 1, MIN_LEVEL))
        if category == "imported_conflict" and context.active_conflict:
            modifiers.append(("active_conflict +1", 1, MIN_LEVEL))
    elif category == "ip_capture" and context.strategic_sector:
        floor = STRATEGIC_SECTOR_IMPACT_FLOOR
        modifiers.append((f"strategic_sector_floor {floor}", 0, floor))
    return modifiers


def _points(question: Question, answer: Answer | None) -> int | None:
    if answer is None or answer == NOT_APPLICABLE:
        return None
    if answer == UNKNOWN:
        return question.unknown_points
    return answer


def _score_axis(
    category: str,
    axis: str,
    contributions: Iterable[Contribution],
    context: Context,
    controls: int,
    rules: MethodRules,
) -> AxisResult:
    weighted_points = weighted_max = 0
    for c in contributions:
        if c.axis == axis and c.points is not None:
            weighted_points += c.weight * c.points
            weighted_max += c.weight * MAX_POINTS
    if weighted_max == 0:
        # No counted answer: the axis has no value; modifiers, floors and controls do nothing.
        return AxisResult(axis, 0, 0, None, (), None, controls, None)
    before = level_for(Fraction(weighted_points, weighted_max))
    level = before
    applied: list[Modifier] = []
    for reason, delta, floor in _modifiers_for(category, axis, context, rules):
        new = _clamp(max(level + delta, floor))
        applied.append(Modifier(reason, level, new))
        level = new
    steps = controls if rules.max_control_steps is None else min(controls, rules.max_control_steps)
    residual = max(MIN_LEVEL, level - steps)
    return AxisResult(
        axis, weighted_points, weighted_max, before, tuple(applied), level, controls, residual
    )


def _score_category(
    category: str,
    questions: Iterable[Question],
    answers: Mapping[str, Answer],
    context: Context,
    controls: Iterable[Control],
    rules: MethodRules,
) -> CategoryResult:
    contributions = tuple(
        Contribution(q.key, q.axis, q.weight, answers.get(q.key), _points(q, answers.get(q.key)))
        for q in questions
        if q.category == category
    )
    mine = [c for c in controls if c.category == category]
    likelihood, impact = (
        _score_axis(
            category, axis, contributions, context, sum(c.axis == axis for c in mine), rules
        )
        for axis in AXES
    )
    return CategoryResult(
        category=category,
        likelihood=likelihood,
        impact=impact,
        contributions=contributions,
        answered=sum(c.points is not None for c in contributions),
        not_applicable=sum(c.answer == NOT_APPLICABLE for c in contributions),
        total=len(contributions),
        method=rules.number,
    )


def _flag_reasons(
    categories: Mapping[str, CategoryResult],
    context: Context,
    tolerance: int,
    red_lines: tuple[str, ...],
    rules: MethodRules,
) -> tuple[str, ...]:
    scored = [c for c in categories.values() if c.has_score]
    present = {
        "tolerance": any((c.residual_score or 0) >= tolerance for c in scored),
        "inherent_critical": any(c.band == CRITICAL for c in scored),
        "red_line": bool(red_lines),
        "sanctions_confirmed": context.sanctions_confirmed,
        "territory_not_recognised": context.territory_not_recognised,
        "foreign_state_convention": context.foreign_state_convention,
        "opinion_requested": context.opinion_requested,
    }
    return tuple(code for code in FLAG_REASONS if code in rules.flag_reasons and present[code])


def score(
    questions: Iterable[Question],
    answers: Mapping[str, Answer],
    context: Context | None = None,
    controls: Iterable[Control] = (),
    tolerance: int = DEFAULT_TOLERANCE,
    method: int = DEFAULT_FUNCTION_METHOD,
) -> Result:
    """Score a diagnostic with method 1 or 2 (DESIGN §3).

    Raises :class:`ScoringInputError` for a method other than 1 or 2, a duplicate question key,
    an answer to an unknown question, an answer that is not 0-4, "unknown" or "na" (method 2:
    "na" where the question does not allow it), or a tolerance outside the method's range
    (method 1: any integer, method 2: 5-15).
    """
    rules = rules_for(method)
    questions = tuple(questions)
    controls = tuple(controls)
    context = Context() if context is None else context
    _check_tolerance(tolerance, rules)
    _check_answers(_by_key(questions), answers, rules)
    categories = {
        code: _score_category(code, questions, answers, context, controls, rules)
        for code in CATEGORIES
    }
    red_lines = (
        tuple(q.key for q in questions if q.crosses_red_line(answers.get(q.key)))
        if rules.question_rules
        else ()
    )
    return Result(
        categories=categories,
        tolerance=tolerance,
        flag_reasons=_flag_reasons(categories, context, tolerance, red_lines, rules),
        method=rules.number,
        red_lines=red_lines,
    )


def score_input(data: ScoringInput) -> Result:
    """Score a parsed document: ``score_input(parse_document(doc))``."""
    return score(
        data.questions, data.answers, data.context, data.controls, data.tolerance, data.method
    )


# ---------------------------------------------------------------------------------------------
# The JSON document of ``manage.py score``

_TOP_KEYS: Final = ("method", "questions", "answers", "context", "controls", "tolerance")
_QUESTION_KEYS: Final = (
    "key",
    "category",
    "axis",
    "weight",
    "unknown_points",
    "red_line_at",
    "na_allowed",
)
_CONTROL_KEYS: Final = ("category", "axis")


def parse_document(doc: object) -> ScoringInput:
    """Validate a decoded JSON document (DESIGN §3) into a :class:`ScoringInput`.

    Every key is checked, whatever the method: method 1 accepts the keys method 2 added and
    ignores them. Raises :class:`ScoringInputError` with a one-line message naming the culprit.
    """
    top = _check_object(doc, "document", _TOP_KEYS)
    rules = rules_for(top.get("method", DEFAULT_DOCUMENT_METHOD))
    if "questions" not in top:
        raise ScoringInputError('document: missing "questions"')
    questions = tuple(
        _parse_question(item, f"questions[{i}]")
        for i, item in enumerate(_check_list(top["questions"], "questions"))
    )
    answers = _check_answers(
        _by_key(questions), _check_object(top.get("answers", {}), "answers", None), rules
    )

    raw_context = _check_object(top.get("context", {}), "context", _CONTEXT_KEYS)
    context = Context(**raw_context)

    controls = tuple(
        _parse_control(item, f"controls[{i}]")
        for i, item in enumerate(_check_list(top.get("controls", []), "controls"))
    )
    tolerance = top.get("tolerance", DEFAULT_TOLERANCE)
    _check_tolerance(tolerance, rules)
    return ScoringInput(questions, answers, context, controls, tolerance, rules.number)


def _parse_question(item: object, where: str) -> Question:
    obj = _check_object(item, where, _QUESTION_KEYS)
    for name in ("key", "category", "axis", "weight"):
        if name not in obj:
            raise ScoringInputError(f'{where}: missing "{name}"')
    key = obj["key"]
    if not isinstance(key, str) or not key:
        raise ScoringInputError(f"{where}: key {_show(key)} is not a non-empty string")
    where = f"{where} ({_show(key)})"
    category, axis = obj["category"], obj["axis"]
    _check_category(category, where)
    _check_axis(axis, where)
    weight = obj["weight"]
    _check_int_range(weight, MIN_WEIGHT, MAX_WEIGHT, f"{where}: weight")
    unknown_points = obj.get("unknown_points", DEFAULT_UNKNOWN_POINTS)
    _check_int_range(unknown_points, MIN_POINTS, MAX_POINTS, f"{where}: unknown_points")
    red_line_at = obj.get("red_line_at")  # null: not a red line, as when absent
    if red_line_at is not None:
        _check_int_range(red_line_at, MIN_RED_LINE_AT, MAX_RED_LINE_AT, f"{where}: red_line_at")
    na_allowed = obj.get("na_allowed", True)
    _check_bool(na_allowed, f"{where}: na_allowed")
    return Question(key, category, axis, weight, unknown_points, red_line_at, na_allowed)


def _parse_control(item: object, where: str) -> Control:
    obj = _check_object(item, where, _CONTROL_KEYS)
    for name in _CONTROL_KEYS:
        if name not in obj:
            raise ScoringInputError(f'{where}: missing "{name}"')
    _check_category(obj["category"], where)
    _check_axis(obj["axis"], where)
    return Control(obj["category"], obj["axis"])


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _show(value: object) -> str:
    """A short, single-line rendering of a culprit value for an error message."""
    try:
        text = json.dumps(value)  # ASCII-only: no character can break the line
    except (TypeError, ValueError):
        text = repr(value).encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int_range(value: object, low: int, high: int, where: str) -> int:
    if not _is_int(value) or not low <= value <= high:
        raise ScoringInputError(f"{where}: {_show(value)} is not an integer in {low}-{high}")
    return value


def _check_tolerance(value: object, rules: MethodRules) -> int:
    if rules.tolerance_range is not None:
        return _check_int_range(value, *rules.tolerance_range, "tolerance")
    if not _is_int(value):
        raise ScoringInputError(f"tolerance: {_show(value)} is not an integer")
    return value


def _check_bool(value: object, where: str) -> None:
    if not isinstance(value, bool):
        raise ScoringInputError(f"{where}: {_show(value)} is not true or false")


def _check_category(value: object, where: str) -> None:
    if value not in CATEGORIES:
        raise ScoringInputError(
            f"{where}: unknown category {_show(value)} (expected one of {', '.join(CATEGORIES)})"
        )


def _check_axis(value: object, where: str) -> None:
    if value not in AXES:
        raise ScoringInputError(
            f"{where}: unknown axis {_show(value)} (expected one of {', '.join(AXES)})"
        )


def _by_key(questions: Iterable[Question]) -> dict[str, Question]:
    by_key: dict[str, Question] = {}
    for q in questions:
        if q.key in by_key:
            raise ScoringInputError(f"questions: duplicate question key {_show(q.key)}")
        by_key[q.key] = q
    return by_key


def _check_answers(
    by_key: Mapping[str, Question], answers: Mapping[str, object], rules: MethodRules
) -> dict[str, Answer]:
    """The answers, each to a known question, valid, and "na" only where the question allows
    it (method 1 ignores ``na_allowed``)."""
    checked: dict[str, Answer] = {}
    for key, value in answers.items():
        where = f"answers[{_show(key)}]"
        if key not in by_key:
            raise ScoringInputError(f"{where}: answer to unknown question {_show(key)}")
        answer = checked[key] = _check_answer(value, where)
        if rules.question_rules and answer == NOT_APPLICABLE and not by_key[key].na_allowed:
            raise ScoringInputError(
                f'{where}: "{NOT_APPLICABLE}" is not accepted (the question has na_allowed false)'
            )
    return checked


def _check_answer(value: object, where: str) -> Answer:
    if value in (UNKNOWN, NOT_APPLICABLE):
        return UNKNOWN if value == UNKNOWN else NOT_APPLICABLE
    if not _is_int(value) or not MIN_POINTS <= value <= MAX_POINTS:
        raise ScoringInputError(
            f'{where}: {_show(value)} is not points 0-4, "{UNKNOWN}" or "{NOT_APPLICABLE}"'
        )
    return value


def _check_object(value: object, where: str, allowed: tuple[str, ...] | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScoringInputError(f"{where}: expected a JSON object, got {_show(value)}")
    for key in value:
        if not isinstance(key, str):
            raise ScoringInputError(f"{where}: key {_show(key)} is not a string")
        if allowed is not None and key not in allowed:
            raise ScoringInputError(
                f"{where}: unknown key {_show(key)} (expected {', '.join(allowed)})"
            )
    return value


def _check_list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ScoringInputError(f"{where}: expected a JSON array, got {_show(value)}")
    return value
