"""Unit tests of the pure scoring module (no database).

Expected values are worked out by hand in the comments. Most tests use one question of weight 1
per axis, so that answering ``p`` points gives ``raw = p/4`` and the level ``p + 1``
(0 → 0 → 1, 1 → 1/4 → 2, 2 → 1/2 → 3, 3 → 3/4 → 4, 4 → 1 → 5).
"""

import ast
import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from risks import scoring
from risks.scoring import (
    AXES,
    CATEGORIES,
    Answer,
    Context,
    Control,
    Question,
    Result,
    ScoringInputError,
    band_for,
    level_for,
    parse_document,
    score,
    score_input,
)

EPSILON = Fraction(1, 1000)


def simple(
    levels: dict[str, tuple[int | None, int | None]],
    context: Context | None = None,
    controls: tuple[Control, ...] = (),
    tolerance: int = 10,
) -> Result:
    """Score with one weight-1 question per axis; a level ``n`` is answered ``n - 1`` points,
    ``None`` leaves the axis unanswered (no value)."""
    questions: list[Question] = []
    answers: dict[str, Answer] = {}
    for category, pair in levels.items():
        for axis, level in zip(AXES, pair, strict=True):
            key = f"{category}.{axis}"
            questions.append(Question(key, category, axis, 1))
            if level is not None:
                answers[key] = level - 1
    return score(questions, answers, context or Context(), controls, tolerance)


def ctl(category: str, axis: str, times: int = 1) -> tuple[Control, ...]:
    return (Control(category, axis),) * times


# --- Levels and bands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        (Fraction(0), 1),
        (Fraction(1, 5) - EPSILON, 1),
        (Fraction(1, 5), 2),
        (Fraction(2, 5) - EPSILON, 2),
        (Fraction(2, 5), 3),
        (Fraction(3, 5) - EPSILON, 3),
        (Fraction(3, 5), 4),
        (Fraction(4, 5) - EPSILON, 4),
        (Fraction(4, 5), 5),
        (Fraction(1), 5),
    ],
)
def test_level_for_boundaries(raw: Fraction, level: int) -> None:
    assert level_for(raw) == level


@pytest.mark.parametrize("raw", [Fraction(-1, 100), Fraction(101, 100)])
def test_level_for_rejects_raw_outside_unit_interval(raw: Fraction) -> None:
    with pytest.raises(ValueError):
        level_for(raw)


@pytest.mark.parametrize(
    ("points", "level"),
    [
        # weights 3 and 2: denominator 3*4 + 2*4 = 20, so k/5 = 4k/20
        ((1, 0), 1),  # 3*1 + 2*0 = 3  → 3/20 < 4/20
        ((0, 2), 2),  # 3*0 + 2*2 = 4  → 4/20 = 1/5 exactly
        ((1, 2), 2),  # 3 + 4 = 7      → 7/20 < 8/20
        ((2, 1), 3),  # 6 + 2 = 8      → 8/20 = 2/5 exactly
        ((3, 1), 3),  # 9 + 2 = 11     → 11/20 < 12/20
        ((2, 3), 4),  # 6 + 6 = 12     → 12/20 = 3/5 exactly
        ((3, 2), 4),  # 9 + 4 = 13     → 12/20 ≤ 13/20 < 16/20
        ((4, 1), 4),  # 12 + 2 = 14    → 14/20 < 16/20
        ((4, 2), 5),  # 12 + 4 = 16    → 16/20 = 4/5 exactly
        ((4, 4), 5),  # 20/20 = 1
    ],
)
def test_weighted_boundaries_through_score(points: tuple[int, int], level: int) -> None:
    questions = [
        Question("a", "ip_capture", "likelihood", 3),
        Question("b", "ip_capture", "likelihood", 2),
    ]
    result = score(questions, {"a": points[0], "b": points[1]}, Context(), ())
    axis = result.categories["ip_capture"].likelihood
    assert axis.weighted_max == 20
    assert axis.weighted_points == 3 * points[0] + 2 * points[1]
    assert axis.level == level


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "moderate"),
        (9, "moderate"),
        (10, "high"),
        (14, "high"),
        (15, "critical"),
        (25, "critical"),
    ],
)
def test_band_boundaries(value: int, band: str) -> None:
    assert band_for(value) == band


@pytest.mark.parametrize("value", [0, 26, -1])
def test_band_rejects_out_of_range(value: int) -> None:
    with pytest.raises(ValueError):
        band_for(value)


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected_score", "expected_band"),
    [
        (2, 2, 4, "low"),  # 2*2 = 4
        (1, 5, 5, "moderate"),  # 1*5 = 5
        (3, 3, 9, "moderate"),  # 3*3 = 9
        (2, 5, 10, "high"),  # 2*5 = 10
        (5, 3, 15, "critical"),  # 5*3 = 15
        (5, 5, 25, "critical"),  # 5*5 = 25
    ],
)
def test_inherent_score_is_l_times_i(
    likelihood: int, impact: int, expected_score: int, expected_band: str
) -> None:
    cat = simple({"imported_conflict": (likelihood, impact)}).categories["imported_conflict"]
    assert (cat.score, cat.band) == (expected_score, expected_band)


# --- Modifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime_class", "ip", "disinfo", "conflict"),
    [
        # base likelihood 2 in every category
        (0, 4, 4, 2),  # closed autocracy: +2 on ip_capture and disinformation only
        (1, 3, 3, 2),  # electoral autocracy: +1 on both
        (2, 2, 2, 2),  # electoral democracy: nothing
        (3, 2, 2, 2),  # liberal democracy: nothing
        (None, 2, 2, 2),  # unknown regime: nothing
    ],
)
def test_regime_class_raises_likelihood(
    regime_class: int | None, ip: int, disinfo: int, conflict: int
) -> None:
    result = simple({code: (2, 3) for code in CATEGORIES}, Context(regime_class=regime_class))
    cats = result.categories
    assert cats["ip_capture"].likelihood.level == ip
    assert cats["disinformation"].likelihood.level == disinfo
    assert cats["imported_conflict"].likelihood.level == conflict
    # impact never moves with the regime
    assert all(c.impact.level == 3 for c in cats.values())
    # level before modifiers is kept for the explanation
    assert all(c.likelihood.level_before_modifiers == 2 for c in cats.values())


def test_regime_reason_codes() -> None:
    closed = simple({"ip_capture": (2, 2)}, Context(regime_class=0)).categories["ip_capture"]
    assert [m.reason for m in closed.likelihood.modifiers] == ["regime_closed_autocracy +2"]
    assert (closed.likelihood.modifiers[0].before, closed.likelihood.modifiers[0].after) == (2, 4)
    electoral = simple({"disinformation": (2, 2)}, Context(regime_class=1))
    modifiers = electoral.categories["disinformation"].likelihood.modifiers
    assert [m.reason for m in modifiers] == ["regime_electoral_autocracy +1"]


def test_active_conflict_raises_imported_conflict_likelihood_only() -> None:
    result = simple({code: (2, 2) for code in CATEGORIES}, Context(active_conflict=True))
    cats = result.categories
    assert cats["imported_conflict"].likelihood.level == 3  # 2 + 1
    assert [m.reason for m in cats["imported_conflict"].likelihood.modifiers] == [
        "active_conflict +1"
    ]
    assert cats["imported_conflict"].impact.level == 2
    assert cats["ip_capture"].likelihood.level == 2
    assert cats["disinformation"].likelihood.level == 2


@pytest.mark.parametrize(
    ("base", "context", "category", "expected"),
    [
        (5, Context(regime_class=0), "ip_capture", 5),  # 5 + 2 = 7 → clamped to 5
        (4, Context(regime_class=0), "disinformation", 5),  # 4 + 2 = 6 → 5
        (5, Context(regime_class=1), "ip_capture", 5),  # 5 + 1 = 6 → 5
        (5, Context(active_conflict=True), "imported_conflict", 5),  # 5 + 1 = 6 → 5
        (3, Context(regime_class=0), "ip_capture", 5),  # 3 + 2 = 5, no clamp needed
    ],
)
def test_modifiers_clamp_at_five(base: int, context: Context, category: str, expected: int) -> None:
    cat = simple({category: (base, 1)}, context).categories[category]
    assert cat.likelihood.level == expected
    assert cat.likelihood.level_before_modifiers == base


@pytest.mark.parametrize(
    ("impact", "expected"),
    [
        (1, 4),  # raised to the floor
        (2, 4),  # raised to the floor
        (4, 4),  # already at the floor
        (5, 5),  # above the floor: left alone
    ],
)
def test_strategic_sector_floor_on_ip_capture_impact(impact: int, expected: int) -> None:
    cat = simple({"ip_capture": (1, impact)}, Context(strategic_sector=True)).categories[
        "ip_capture"
    ]
    assert cat.impact.level == expected
    assert [m.reason for m in cat.impact.modifiers] == ["strategic_sector_floor 4"]
    assert cat.likelihood.level == 1  # the floor is on impact only


def test_strategic_sector_floor_only_on_ip_capture() -> None:
    result = simple(
        {"disinformation": (1, 2), "imported_conflict": (1, 2)}, Context(strategic_sector=True)
    )
    assert result.categories["disinformation"].impact.level == 2
    assert result.categories["imported_conflict"].impact.level == 2


def test_strategic_sector_floor_needs_an_impact_value() -> None:
    cat = simple({"ip_capture": (3, None)}, Context(strategic_sector=True)).categories["ip_capture"]
    assert cat.impact.level is None
    assert cat.impact.modifiers == ()
    assert not cat.complete
    assert cat.as_dict()["impact"] is None


def test_modifiers_need_a_likelihood_value() -> None:
    cat = simple({"ip_capture": (None, 3)}, Context(regime_class=0)).categories["ip_capture"]
    assert cat.likelihood.level is None
    assert cat.likelihood.modifiers == ()
    assert cat.impact.level == 3


def test_no_context_means_no_modifier() -> None:
    cat = simple({"ip_capture": (2, 2)}).categories["ip_capture"]
    assert cat.likelihood.modifiers == () and cat.impact.modifiers == ()


# --- Controls and residual ------------------------------------------------------------------


def test_one_control_lowers_its_axis_by_one_step() -> None:
    cat = simple({"ip_capture": (4, 3)}, controls=ctl("ip_capture", "impact")).categories[
        "ip_capture"
    ]
    # inherent 4*3 = 12 high; residual 4*(3-1) = 8 moderate
    assert (cat.score, cat.band) == (12, "high")
    assert (cat.likelihood.residual, cat.impact.residual) == (4, 2)
    assert (cat.residual_score, cat.residual_band) == (8, "moderate")
    assert (cat.likelihood.controls, cat.impact.controls) == (0, 1)


def test_two_controls_on_the_same_axis() -> None:
    cat = simple({"ip_capture": (4, 3)}, controls=ctl("ip_capture", "likelihood", 2)).categories[
        "ip_capture"
    ]
    # likelihood 4 - 2 = 2; residual 2*3 = 6 moderate
    assert cat.likelihood.residual == 2
    assert cat.likelihood.controls == 2
    assert (cat.residual_score, cat.residual_band) == (6, "moderate")


def test_controls_never_go_below_one() -> None:
    cat = simple({"ip_capture": (2, 1)}, controls=ctl("ip_capture", "likelihood", 3)).categories[
        "ip_capture"
    ]
    # 2 - 3 = -1 → 1; impact 1 stays 1
    assert (cat.likelihood.residual, cat.impact.residual, cat.residual_score) == (1, 1, 1)


def test_controls_apply_to_their_category_only() -> None:
    result = simple(
        {"ip_capture": (3, 3), "disinformation": (3, 3)},
        controls=ctl("disinformation", "likelihood"),
    )
    assert result.categories["ip_capture"].residual_score == 9  # 3*3 untouched
    assert result.categories["disinformation"].residual_score == 6  # 2*3


def test_controls_apply_after_modifiers() -> None:
    cat = simple(
        {"ip_capture": (4, 2)},
        Context(regime_class=0, strategic_sector=True),
        ctl("ip_capture", "likelihood") + ctl("ip_capture", "impact"),
    ).categories["ip_capture"]
    # likelihood 4 + 2 = 6 → 5, minus 1 = 4; impact 2 → floor 4, minus 1 = 3; 4*3 = 12
    assert (cat.likelihood.level, cat.impact.level, cat.score) == (5, 4, 20)
    assert (cat.likelihood.residual, cat.impact.residual, cat.residual_score) == (4, 3, 12)


@pytest.mark.parametrize(
    ("likelihood", "impact", "l_controls", "i_controls"),
    list(itertools.product(range(1, 6), range(1, 6), range(3), range(3))),
)
def test_residual_never_exceeds_inherent(
    likelihood: int, impact: int, l_controls: int, i_controls: int
) -> None:
    cat = simple(
        {"ip_capture": (likelihood, impact)},
        controls=ctl("ip_capture", "likelihood", l_controls)
        + ctl("ip_capture", "impact", i_controls),
    ).categories["ip_capture"]
    assert cat.score is not None and cat.residual_score is not None
    assert 1 <= cat.residual_score <= cat.score
    assert cat.likelihood.residual == max(1, likelihood - l_controls)
    assert cat.impact.residual == max(1, impact - i_controls)


def test_controls_on_an_axis_without_value_do_nothing() -> None:
    cat = simple({"ip_capture": (None, 3)}, controls=ctl("ip_capture", "likelihood")).categories[
        "ip_capture"
    ]
    assert cat.likelihood.residual is None
    assert cat.impact.residual == 3


# --- "unknown", "na", unanswered --------------------------------------------------------------


def test_na_is_excluded_from_both_sums() -> None:
    questions = [
        Question("a", "ip_capture", "likelihood", 3),
        Question("b", "ip_capture", "likelihood", 1),
        Question("c", "ip_capture", "impact", 1),
    ]
    result = score(questions, {"a": "na", "b": 4, "c": 0}, Context(), ())
    lik = result.categories["ip_capture"].likelihood
    # only b counts: 1*4 / 1*4 = 1 → 5 (had "na" counted as 0: 4/16 = 1/4 → 2)
    assert (lik.weighted_points, lik.weighted_max, lik.raw, lik.level) == (4, 4, Fraction(1), 5)


def test_all_na_axis_has_no_value_and_category_is_incomplete() -> None:
    questions = [
        Question("a", "disinformation", "likelihood", 2),
        Question("b", "disinformation", "impact", 2),
        Question("c", "disinformation", "impact", 3),
    ]
    result = score(questions, {"a": 2, "b": "na", "c": "na"}, Context(), ())
    cat = result.categories["disinformation"]
    # likelihood: 2*2 / 2*4 = 1/2 → 3; impact: nothing applicable → no value
    assert cat.likelihood.level == 3
    assert cat.impact.level is None and cat.impact.raw is None
    assert not cat.complete
    assert (cat.score, cat.band, cat.residual_score, cat.residual_band) == (None,) * 4
    assert (cat.answered, cat.not_applicable, cat.unanswered, cat.total) == (1, 2, 0, 3)


def test_unanswered_questions_do_not_count() -> None:
    questions = [
        Question("a", "ip_capture", "likelihood", 3),
        Question("b", "ip_capture", "likelihood", 1),
    ]
    result = score(questions, {"b": 2}, Context(), ())
    cat = result.categories["ip_capture"]
    # only b: 1*2 / 1*4 = 1/2 → 3
    assert cat.likelihood.level == 3
    assert (cat.answered, cat.not_applicable, cat.unanswered, cat.total) == (1, 0, 1, 2)
    by_key = {c.key: c for c in cat.contributions}
    assert (by_key["a"].answer, by_key["a"].points) == (None, None)
    assert (by_key["b"].answer, by_key["b"].points, by_key["b"].weighted_points) == (2, 2, 2)


@pytest.mark.parametrize(
    ("unknown_points", "level"),
    [
        (None, 4),  # default 3 points: 3/4 → 4
        (0, 1),  # 0/4 → 1
        (1, 2),  # 1/4 → 2
        (4, 5),  # 4/4 → 5
    ],
)
def test_unknown_counts_the_questions_unknown_points(
    unknown_points: int | None, level: int
) -> None:
    question = (
        Question("a", "ip_capture", "impact", 1)
        if unknown_points is None
        else Question("a", "ip_capture", "impact", 1, unknown_points)
    )
    result = score([question], {"a": "unknown"}, Context(), ())
    cat = result.categories["ip_capture"]
    assert cat.impact.level == level
    contribution = cat.contributions[0]
    assert contribution.answer == "unknown"
    assert contribution.points == (3 if unknown_points is None else unknown_points)


def test_unknown_mixed_with_points() -> None:
    questions = [
        Question("a", "imported_conflict", "likelihood", 2),
        Question("b", "imported_conflict", "likelihood", 2),
    ]
    result = score(questions, {"a": "unknown", "b": 0}, Context(), ())
    lik = result.categories["imported_conflict"].likelihood
    # (2*3 + 2*0) / (2*4 + 2*4) = 6/16 = 3/8 < 2/5 → 2
    assert lik.raw == Fraction(3, 8)
    assert lik.level == 2


def test_category_without_questions_is_incomplete() -> None:
    result = simple({"ip_capture": (2, 2)})
    for code in ("disinformation", "imported_conflict"):
        cat = result.categories[code]
        assert not cat.complete
        assert cat.total == 0
        assert cat.as_dict()["likelihood"] is None


# --- Flags, rating and overall score ----------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "impact", "tolerance", "flagged"),
    [
        (5, 2, 10, True),  # 5*2 = 10 reaches the default tolerance
        (3, 3, 10, False),  # 3*3 = 9, one below
        (3, 3, 9, True),  # custom tolerance 9: 9 reaches it
        (2, 4, 9, False),  # 2*4 = 8 < 9
        (5, 4, 25, False),  # 20 < 25
        (5, 5, 25, True),  # 25 reaches 25
        (1, 1, 1, True),  # tolerance 1: any complete category flags
    ],
)
def test_tolerance_edge(likelihood: int, impact: int, tolerance: int, flagged: bool) -> None:
    result = simple({"ip_capture": (likelihood, impact)}, tolerance=tolerance)
    assert result.flagged is flagged
    assert result.flag_reasons == (("tolerance",) if flagged else ())


def test_tolerance_uses_the_residual_score() -> None:
    # inherent 4*3 = 12 ≥ 10, residual (4-1)*3 = 9 < 10: not flagged
    result = simple({"ip_capture": (4, 3)}, controls=ctl("ip_capture", "likelihood"))
    assert result.categories["ip_capture"].score == 12
    assert not result.flagged


def test_incomplete_category_never_reaches_the_tolerance() -> None:
    result = simple({"ip_capture": (5, None)}, Context(regime_class=0))
    assert result.categories["ip_capture"].likelihood.level == 5
    assert not result.flagged


@pytest.mark.parametrize(
    ("context", "reason"),
    [
        (Context(sanctions_confirmed=True), "sanctions_confirmed"),
        (Context(territory_not_recognised=True), "territory_not_recognised"),
        (Context(opinion_requested=True), "opinion_requested"),
    ],
)
def test_each_context_flag_on_its_own(context: Context, reason: str) -> None:
    result = simple({"ip_capture": (1, 1)}, context)  # score 1: far below the tolerance
    assert result.flagged
    assert result.flag_reasons == (reason,)
    assert result.as_dict()["flag_reasons"] == [reason]


def test_context_flags_apply_even_without_any_complete_category() -> None:
    result = score([], {}, Context(territory_not_recognised=True), ())
    assert result.rating is None and result.score is None
    assert result.flag_reasons == ("territory_not_recognised",)


def test_flag_reasons_keep_a_stable_order() -> None:
    context = Context(
        opinion_requested=True,
        territory_not_recognised=True,
        sanctions_confirmed=True,
    )
    result = simple({"ip_capture": (5, 5)}, context)
    assert result.flag_reasons == (
        "tolerance",
        "sanctions_confirmed",
        "territory_not_recognised",
        "opinion_requested",
    )


def test_not_flagged_by_default() -> None:
    result = simple({"ip_capture": (1, 1)})
    assert not result.flagged
    assert result.as_dict()["flag_reasons"] == []


def test_rating_and_score_are_the_worst_residual_over_complete_categories() -> None:
    result = simple(
        {
            "ip_capture": (3, 3),  # 9 moderate
            "disinformation": (2, 2),  # 4 low
            "imported_conflict": (5, None),  # incomplete: ignored although likelihood is 5
        }
    )
    assert (result.rating, result.score) == ("moderate", 9)


def test_rating_follows_residual_not_inherent() -> None:
    result = simple(
        {"ip_capture": (5, 4), "disinformation": (3, 4)},
        controls=ctl("ip_capture", "likelihood", 3),
    )
    # ip_capture: inherent 20, residual 2*4 = 8; disinformation 3*4 = 12 → rating high, 12
    assert (result.rating, result.score) == ("high", 12)


def test_no_complete_category_means_no_rating() -> None:
    result = simple({"ip_capture": (None, 3), "disinformation": (2, None)})
    assert (result.rating, result.score, result.flagged) == (None, None, False)


# --- Output shape -----------------------------------------------------------------------------

CATEGORY_KEYS = {
    "complete",
    "likelihood",
    "impact",
    "score",
    "band",
    "residual_likelihood",
    "residual_impact",
    "residual_score",
    "residual_band",
}


def test_as_dict_is_the_design_contract() -> None:
    result = simple({"ip_capture": (4, 3), "disinformation": (2, None)}, Context(regime_class=1))
    out = result.as_dict()
    assert set(out) == {
        "method",
        "categories",
        "rating",
        "score",
        "complete",
        "flagged",
        "flag_reasons",
        "red_lines",
    }
    assert (out["method"], out["complete"], out["red_lines"]) == (1, False, [])
    assert set(out["categories"]) == set(CATEGORIES)
    assert all(set(c) == CATEGORY_KEYS for c in out["categories"].values())
    # ip_capture: likelihood 4 + 1 = 5 (after modifiers), impact 3; 15 critical
    assert out["categories"]["ip_capture"] == {
        "complete": True,
        "likelihood": 5,
        "impact": 3,
        "score": 15,
        "band": "critical",
        "residual_likelihood": 5,
        "residual_impact": 3,
        "residual_score": 15,
        "residual_band": "critical",
    }
    # disinformation: likelihood 2 + 1 = 3, impact unanswered
    assert out["categories"]["disinformation"] == {
        "complete": False,
        "likelihood": 3,
        "impact": None,
        "score": None,
        "band": None,
        "residual_likelihood": 3,
        "residual_impact": None,
        "residual_score": None,
        "residual_band": None,
    }
    assert out["categories"]["imported_conflict"]["complete"] is False
    assert (out["rating"], out["score"], out["flagged"]) == ("critical", 15, True)
    assert out["flag_reasons"] == ["tolerance"]


def _walk(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in _walk(item)]
    if isinstance(value, list):
        return [v for item in value for v in _walk(item)]
    return [value]


def test_explain_dict_carries_the_working_without_floats() -> None:
    questions = [
        Question("a", "ip_capture", "likelihood", 3),
        Question("b", "ip_capture", "likelihood", 2),
        Question("c", "ip_capture", "impact", 1),
    ]
    result = score(
        questions,
        {"a": 3, "b": 1, "c": "na"},
        Context(regime_class=0),
        [Control("ip_capture", "likelihood")],
    )
    explained = result.explain_dict()
    ip = explained["categories"]["ip_capture"]
    # (3*3 + 2*1) / (3*4 + 2*4) = 11/20 → 3, +2 → 5, one control → 4
    assert ip["axes"]["likelihood"] == {
        "weighted_points": 11,
        "weighted_max": 20,
        "raw": "11/20",
        "level_before_modifiers": 3,
        "modifiers": [{"reason": "regime_closed_autocracy +2", "before": 3, "after": 5}],
        "level": 5,
        "controls": 1,
        "residual": 4,
    }
    assert ip["axes"]["impact"]["raw"] is None
    assert ip["contributions"][2] == {
        "key": "c",
        "axis": "impact",
        "weight": 1,
        "answer": "na",
        "points": None,
        "weighted_points": None,
        "weighted_max": None,
    }
    assert explained["tolerance"] == 10
    assert not any(isinstance(v, float) for v in _walk(explained))
    # the contract part is unchanged
    assert {k: explained[k] for k in ("rating", "score", "flagged", "flag_reasons")} == {
        k: result.as_dict()[k] for k in ("rating", "score", "flagged", "flag_reasons")
    }


def test_raw_is_an_exact_fraction() -> None:
    questions = [Question("a", "ip_capture", "likelihood", 3)]
    lik = score(questions, {"a": 1}, Context(), ()).categories["ip_capture"].likelihood
    assert isinstance(lik.raw, Fraction)
    assert lik.raw == Fraction(3, 12)


def test_scoring_module_imports_no_django() -> None:
    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.split(".")[0] in {"django", "risks"} for name in imported)


# --- Validation ---------------------------------------------------------------------------------


def test_score_rejects_an_answer_to_an_unknown_question() -> None:
    with pytest.raises(ScoringInputError, match="ghost"):
        score([Question("a", "ip_capture", "impact", 1)], {"ghost": 1}, Context(), ())


def test_score_rejects_duplicate_keys() -> None:
    q = Question("a", "ip_capture", "impact", 1)
    with pytest.raises(ScoringInputError, match="duplicate"):
        score([q, q], {}, Context(), ())


@pytest.mark.parametrize("answer", [5, -1, True, 2.0, "maybe", None])
def test_score_rejects_bad_answers(answer: Any) -> None:
    with pytest.raises(ScoringInputError, match=r'answers\["a"\]'):
        score([Question("a", "ip_capture", "impact", 1)], {"a": answer}, Context(), ())


@pytest.mark.parametrize("tolerance", [True, 10.0, "10", None])
def test_score_rejects_bad_tolerance(tolerance: Any) -> None:
    with pytest.raises(ScoringInputError, match="tolerance"):
        score([], {}, Context(), (), tolerance)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "ip"},
        {"axis": "severity"},
        {"weight": 0},
        {"weight": 4},
        {"weight": True},
        {"unknown_points": 5},
        {"key": ""},
    ],
)
def test_question_validates_itself(kwargs: dict[str, Any]) -> None:
    fields: dict[str, Any] = {
        "key": "a",
        "category": "ip_capture",
        "axis": "impact",
        "weight": 1,
        **kwargs,
    }
    with pytest.raises(ScoringInputError):
        Question(**fields)


def test_context_and_control_validate_themselves() -> None:
    with pytest.raises(ScoringInputError, match="regime_class"):
        Context(regime_class=4)
    with pytest.raises(ScoringInputError, match="active_conflict"):
        Context(active_conflict=1)  # type: ignore[arg-type]
    with pytest.raises(ScoringInputError, match="ip"):
        Control("ip", "likelihood")


# --- parse_document -------------------------------------------------------------------------

QUESTION = {"key": "q1", "category": "ip_capture", "axis": "likelihood", "weight": 2}


def test_parse_minimal_document_uses_defaults() -> None:
    parsed = parse_document({"questions": [QUESTION]})
    assert parsed.questions == (Question("q1", "ip_capture", "likelihood", 2, 3),)
    assert dict(parsed.answers) == {}
    assert parsed.context == Context()
    assert parsed.controls == ()
    assert parsed.tolerance == 10


def test_parse_full_document() -> None:
    parsed = parse_document(
        {
            "questions": [{**QUESTION, "unknown_points": 1}],
            "answers": {"q1": "unknown"},
            "context": {
                "regime_class": None,
                "active_conflict": True,
                "strategic_sector": False,
                "territory_not_recognised": False,
                "sanctions_confirmed": True,
                "opinion_requested": False,
            },
            "controls": [{"category": "ip_capture", "axis": "likelihood"}],
            "tolerance": 12,
        }
    )
    assert parsed.questions[0].unknown_points == 1
    assert parsed.answers == {"q1": "unknown"}
    assert parsed.context == Context(active_conflict=True, sanctions_confirmed=True)
    assert parsed.controls == (Control("ip_capture", "likelihood"),)
    assert parsed.tolerance == 12
    # unknown = 1 point: 2*1 / 2*4 = 1/4 → 2
    assert score_input(parsed).categories["ip_capture"].likelihood.level == 2


@pytest.mark.parametrize(
    ("doc", "culprits"),
    [
        ([], ["document"]),
        ({}, ['"questions"']),
        ({"questions": {}}, ["questions"]),
        ({"questions": [], "extra": 1}, ['"extra"']),
        ({"questions": ["q1"]}, ["questions[0]"]),
        ({"questions": [{**QUESTION, "category": "ip"}]}, ['"ip"', "category"]),
        ({"questions": [{**QUESTION, "axis": "severity"}]}, ['"severity"', "axis"]),
        ({"questions": [{**QUESTION, "weight": 0}]}, ["weight", "0"]),
        ({"questions": [{**QUESTION, "weight": 4}]}, ["weight", "4"]),
        ({"questions": [{**QUESTION, "weight": 2.0}]}, ["weight", "2.0"]),
        ({"questions": [{**QUESTION, "weight": True}]}, ["weight", "true"]),
        ({"questions": [{**QUESTION, "unknown_points": 5}]}, ["unknown_points", "5"]),
        ({"questions": [{**QUESTION, "unknown_points": -1}]}, ["unknown_points", "-1"]),
        ({"questions": [{**QUESTION, "label": "x"}]}, ['"label"']),
        ({"questions": [{"category": "ip_capture", "axis": "impact", "weight": 1}]}, ['"key"']),
        ({"questions": [{**QUESTION, "key": 7}]}, ["key", "7"]),
        ({"questions": [QUESTION, QUESTION]}, ["duplicate", '"q1"']),
        ({"questions": [QUESTION], "answers": []}, ["answers"]),
        ({"questions": [QUESTION], "answers": {"q9": 1}}, ['"q9"', "unknown question"]),
        ({"questions": [QUESTION], "answers": {"q1": 5}}, ['"q1"', "5"]),
        ({"questions": [QUESTION], "answers": {"q1": -1}}, ['"q1"', "-1"]),
        ({"questions": [QUESTION], "answers": {"q1": True}}, ['"q1"', "true"]),
        ({"questions": [QUESTION], "answers": {"q1": 1.5}}, ['"q1"', "1.5"]),
        ({"questions": [QUESTION], "answers": {"q1": "maybe"}}, ['"q1"', '"maybe"']),
        ({"questions": [QUESTION], "answers": {"q1": None}}, ['"q1"', "null"]),
        ({"questions": [], "context": {"regime_class": 7}}, ["regime_class", "7"]),
        ({"questions": [], "context": {"regime_class": "0"}}, ["regime_class", '"0"']),
        ({"questions": [], "context": {"regime_class": False}}, ["regime_class", "false"]),
        ({"questions": [], "context": {"active_conflict": 1}}, ["active_conflict", "1"]),
        ({"questions": [], "context": {"strategic_sector": "yes"}}, ["strategic_sector"]),
        ({"questions": [], "context": {"regime": 0}}, ['"regime"']),
        ({"questions": [], "context": []}, ["context"]),
        ({"questions": [], "controls": {}}, ["controls"]),
        ({"questions": [], "controls": [{"category": "ip"}]}, ["controls[0]"]),
        (
            {"questions": [], "controls": [{"category": "x", "axis": "impact"}]},
            ["controls[0]", '"x"'],
        ),
        (
            {"questions": [], "controls": [{"category": "ip_capture", "axis": "z"}]},
            ["controls[0]", '"z"'],
        ),
        ({"questions": [], "tolerance": 0}, ["tolerance", "0"]),
        ({"questions": [], "tolerance": 26}, ["tolerance", "26"]),
        ({"questions": [], "tolerance": "10"}, ["tolerance", '"10"']),
        ({"questions": [], "tolerance": None}, ["tolerance", "null"]),
    ],
)
def test_parse_document_names_the_culprit(doc: object, culprits: list[str]) -> None:
    with pytest.raises(ScoringInputError) as info:
        parse_document(doc)
    message = str(info.value)
    assert "\n" not in message
    for culprit in culprits:
        assert culprit in message


def test_error_messages_stay_on_one_line() -> None:
    with pytest.raises(ScoringInputError) as info:
        parse_document({"questions": [{**QUESTION, "category": "a\nb\u2028c"}]})
    assert len(str(info.value).splitlines()) == 1


@pytest.mark.parametrize(
    ("categories", "cell"),
    [
        ({}, None),
        ({"a": {"complete": False, "residual_likelihood": 5, "residual_impact": 5}}, None),
        ({"a": {"complete": True, "residual_likelihood": 2, "residual_impact": 3}}, (2, 3)),
        (  # the highest residual score wins
            {
                "a": {"complete": True, "residual_likelihood": 2, "residual_impact": 3},
                "b": {"complete": True, "residual_likelihood": 4, "residual_impact": 2},
            },
            (4, 2),
        ),
        (  # on a tie, the higher impact
            {
                "a": {"complete": True, "residual_likelihood": 4, "residual_impact": 2},
                "b": {"complete": True, "residual_likelihood": 2, "residual_impact": 4},
            },
            (2, 4),
        ),
    ],
)
def test_rating_cell_is_the_worst_complete_category(
    categories: dict[str, dict[str, Any]], cell: tuple[int, int] | None
) -> None:
    assert scoring.rating_cell(categories) == cell
