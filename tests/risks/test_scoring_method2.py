"""Unit tests of scoring method 2 and of what sets it apart from method 1 (no database).

As in ``test_scoring.py``, most tests use one question of weight 1 per axis, so that a level
``n`` is answered ``n - 1`` points (raw ``(n - 1)/4``: 0 → 1, 1/4 → 2, 1/2 → 3, 3/4 → 4, 1 → 5).
"""

from typing import Any

import pytest

from risks.scoring import (
    AXES,
    BAND_SCALE,
    BANDS,
    CATEGORIES,
    FLAG_REASONS,
    METHODS,
    Answer,
    Context,
    Control,
    Question,
    Result,
    ScoringInputError,
    band_for,
    parse_document,
    score,
    score_input,
)


def scored(
    levels: dict[str, tuple[int | None, int | None]],
    context: Context | None = None,
    controls: tuple[Control, ...] = (),
    tolerance: int = 10,
    method: int = 2,
) -> Result:
    """One weight-1 question per axis; ``None`` leaves that axis's question unanswered."""
    questions: list[Question] = []
    answers: dict[str, Answer] = {}
    for category, pair in levels.items():
        for axis, level in zip(AXES, pair, strict=True):
            key = f"{category}.{axis}"
            questions.append(Question(key, category, axis, 1))
            if level is not None:
                answers[key] = level - 1
    return score(questions, answers, context or Context(), controls, tolerance, method)


def ctl(category: str, axis: str, times: int = 1) -> tuple[Control, ...]:
    return (Control(category, axis),) * times


def every_control(times: int) -> tuple[Control, ...]:
    return tuple(Control(c, a) for c in CATEGORIES for a in AXES for _ in range(times))


# --- Choosing the method ----------------------------------------------------------------------


@pytest.mark.parametrize("method", [0, 3, True, "2", 2.0, None])
def test_only_methods_1_and_2_exist(method: Any) -> None:
    with pytest.raises(ScoringInputError, match="method"):
        score([], {}, Context(), (), 10, method)
    with pytest.raises(ScoringInputError, match="method"):
        parse_document({"method": method, "questions": []})


def test_the_function_defaults_to_method_1_and_documents_to_method_2() -> None:
    context = Context(regime_class=0)
    levels: dict[str, tuple[int | None, int | None]] = {"disinformation": (2, 2)}
    # method 1: closed autocracy +2 on disinformation; method 2: the regime does not touch it
    assert score(*_simple_args(levels), context).method == 1
    assert scored(levels, context, method=1).categories["disinformation"].likelihood.level == 4
    assert scored(levels, context).categories["disinformation"].likelihood.level == 2
    assert parse_document({"questions": []}).method == 2
    assert parse_document({"method": 1, "questions": []}).method == 1


def _simple_args(
    levels: dict[str, tuple[int | None, int | None]],
) -> tuple[list[Question], dict[str, Answer]]:
    questions = [Question(f"{c}.{a}", c, a, 1) for c in levels for a in AXES]
    answers: dict[str, Answer] = {
        f"{c}.{a}": level - 1
        for c, pair in levels.items()
        for a, level in zip(AXES, pair, strict=True)
        if level is not None
    }
    return questions, answers


def test_band_scale_is_the_one_definition_of_bands() -> None:
    assert BAND_SCALE == (("low", 1, 4), ("moderate", 5, 9), ("high", 10, 14), ("critical", 15, 25))
    assert BANDS == ("low", "moderate", "high", "critical")
    covered = [s for _, low, high in BAND_SCALE for s in range(low, high + 1)]
    assert covered == list(range(1, 26))  # contiguous, no gap, no overlap
    assert [band_for(low) for _, low, _ in BAND_SCALE] == list(BANDS)


# --- Tolerance --------------------------------------------------------------------------------


@pytest.mark.parametrize("tolerance", [5, 10, 15])
def test_method_2_tolerance_accepts_5_to_15(tolerance: int) -> None:
    assert scored({"ip_capture": (1, 1)}, tolerance=tolerance).tolerance == tolerance
    assert parse_document({"questions": [], "tolerance": tolerance}).tolerance == tolerance


@pytest.mark.parametrize("tolerance", [4, 16, 0, 25, -10, True, 10.0, "10", None])
def test_method_2_tolerance_refuses_anything_else(tolerance: Any) -> None:
    with pytest.raises(ScoringInputError, match="tolerance"):
        scored({"ip_capture": (1, 1)}, tolerance=tolerance)
    with pytest.raises(ScoringInputError, match="tolerance"):
        parse_document({"questions": [], "tolerance": tolerance})


@pytest.mark.parametrize(
    ("tolerance", "flagged"),
    [(-3, True), (0, True), (1, True), (4, True), (16, False), (30, False)],
)
def test_method_1_accepts_any_integer_tolerance(tolerance: int, flagged: bool) -> None:
    doc = {"method": 1, "questions": [], "tolerance": tolerance}
    assert parse_document(doc).tolerance == tolerance
    # 2 x 2 = 4 reaches any tolerance up to 4
    result = scored({"ip_capture": (2, 2)}, tolerance=tolerance, method=1)
    assert result.flag_reasons == (("tolerance",) if flagged else ())


@pytest.mark.parametrize("tolerance", [True, 10.0, "10", None])
def test_method_1_tolerance_is_still_an_integer(tolerance: Any) -> None:
    with pytest.raises(ScoringInputError, match="tolerance"):
        parse_document({"method": 1, "questions": [], "tolerance": tolerance})


@pytest.mark.parametrize(
    ("likelihood", "impact", "tolerance", "flagged"),
    [
        (5, 2, None, True),  # 10 reaches the default tolerance 10
        (3, 3, None, False),  # 9 does not
        (1, 5, 5, True),  # 5 reaches the lowest tolerance
        (2, 2, 5, False),  # 4 does not
        (5, 3, 15, True),  # 15 reaches the highest tolerance (and is critical)
        (2, 5, 15, False),  # 10 < 15: not by tolerance
    ],
)
def test_method_2_tolerance_edge(
    likelihood: int, impact: int, tolerance: int | None, flagged: bool
) -> None:
    doc: dict[str, Any] = {
        "questions": [
            {"key": "l", "category": "ip_capture", "axis": "likelihood", "weight": 1},
            {"key": "i", "category": "ip_capture", "axis": "impact", "weight": 1},
        ],
        "answers": {"l": likelihood - 1, "i": impact - 1},
    }
    if tolerance is not None:
        doc["tolerance"] = tolerance
    result = score_input(parse_document(doc))
    assert ("tolerance" in result.flag_reasons) is flagged


# --- Controls: one step per axis, however many ------------------------------------------------


@pytest.mark.parametrize("controls", [1, 2, 3, 7])
def test_method_2_controls_take_one_step_per_axis_however_many(controls: int) -> None:
    cat = scored(
        {"ip_capture": (5, 4)},
        controls=ctl("ip_capture", "likelihood", controls) + ctl("ip_capture", "impact", controls),
    ).categories["ip_capture"]
    assert (cat.likelihood.controls, cat.impact.controls) == (controls, controls)
    assert (cat.likelihood.residual, cat.impact.residual) == (4, 3)  # 5 - 1, 4 - 1
    assert cat.residual_score == 12


@pytest.mark.parametrize("controls", [1, 2, 3])
def test_method_1_still_takes_one_step_per_control(controls: int) -> None:
    cat = scored(
        {"ip_capture": (5, 4)}, controls=ctl("ip_capture", "likelihood", controls), method=1
    ).categories["ip_capture"]
    assert cat.likelihood.residual == 5 - controls


def test_ticking_every_control_no_longer_hides_a_critical_risk() -> None:
    levels: dict[str, tuple[int | None, int | None]] = {"ip_capture": (5, 5)}
    # method 1: two controls per axis, 3 x 3 = 9 < 10, nothing goes to the ministry
    old = scored(levels, controls=every_control(2), method=1)
    assert (old.score, old.rating, old.flagged) == (9, "moderate", False)
    # method 2: 4 x 4 = 16, critical still, and the inherent 25 is critical
    new = scored(levels, controls=every_control(2))
    assert (new.score, new.rating) == (16, "critical")
    assert new.flag_reasons == ("tolerance", "inherent_critical")


def test_a_control_never_takes_an_axis_below_one() -> None:
    cat = scored({"disinformation": (1, 2)}, controls=every_control(3)).categories["disinformation"]
    assert (cat.likelihood.residual, cat.impact.residual) == (1, 1)


def test_a_control_on_an_axis_without_value_does_nothing() -> None:
    result = scored({"ip_capture": (None, 4)}, controls=every_control(1))
    cat = result.categories["ip_capture"]
    assert (cat.likelihood.residual, cat.impact.residual) == (None, 3)
    assert (cat.score, cat.residual_score, cat.residual_band) == (None, None, None)
    # controls on categories without any question: nothing to lower, nothing shown
    assert result.categories["imported_conflict"].as_dict()["residual_likelihood"] is None
    assert (result.rating, result.score) == (None, None)


# --- Modifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime_class", "ip", "disinfo", "conflict"),
    [
        # base likelihood 2 everywhere; in method 2 the regime only weighs on ip_capture
        (0, 4, 2, 2),
        (1, 3, 2, 2),
        (2, 2, 2, 2),
        (3, 2, 2, 2),
        (None, 2, 2, 2),
    ],
)
def test_method_2_regime_raises_ip_capture_likelihood_only(
    regime_class: int | None, ip: int, disinfo: int, conflict: int
) -> None:
    cats = scored({c: (2, 3) for c in CATEGORIES}, Context(regime_class=regime_class)).categories
    assert cats["ip_capture"].likelihood.level == ip
    assert cats["disinformation"].likelihood.level == disinfo
    assert cats["imported_conflict"].likelihood.level == conflict
    assert all(c.impact.level == 3 for c in cats.values())


def test_fimi_attribution_raises_disinformation_likelihood_only() -> None:
    cats = scored({c: (2, 2) for c in CATEGORIES}, Context(fimi_attributed=True)).categories
    assert cats["disinformation"].likelihood.level == 3
    assert [m.reason for m in cats["disinformation"].likelihood.modifiers] == ["fimi_attributed +1"]
    assert cats["ip_capture"].likelihood.level == 2
    assert cats["imported_conflict"].likelihood.level == 2
    assert cats["disinformation"].impact.level == 2


def test_method_1_ignores_fimi_attribution() -> None:
    cat = scored({"disinformation": (2, 2)}, Context(fimi_attributed=True), method=1).categories[
        "disinformation"
    ]
    assert cat.likelihood.level == 2 and cat.likelihood.modifiers == ()


@pytest.mark.parametrize(
    ("levels", "context", "category", "expected"),
    [
        ((5, 1), Context(regime_class=0), "ip_capture", 5),  # 5 + 2 → 5
        ((4, 1), Context(regime_class=1), "ip_capture", 5),  # 4 + 1
        ((5, 1), Context(fimi_attributed=True), "disinformation", 5),  # 5 + 1 → 5
        ((4, 1), Context(active_conflict=True), "imported_conflict", 5),  # 4 + 1
        ((5, 1), Context(active_conflict=True), "imported_conflict", 5),  # 5 + 1 → 5
    ],
)
def test_method_2_modifiers_clamp_at_five(
    levels: tuple[int, int], context: Context, category: str, expected: int
) -> None:
    assert scored({category: levels}, context).categories[category].likelihood.level == expected


@pytest.mark.parametrize(
    "context",
    [
        Context(regime_class=0),
        Context(fimi_attributed=True),
        Context(active_conflict=True),
        Context(regime_class=0, fimi_attributed=True, active_conflict=True),
    ],
)
def test_modifiers_apply_only_where_the_likelihood_has_a_value(context: Context) -> None:
    result = scored({c: (None, 3) for c in CATEGORIES}, context)
    for cat in result.categories.values():
        assert cat.likelihood.level is None and cat.likelihood.modifiers == ()
        assert cat.score is None
    assert not result.flagged


@pytest.mark.parametrize(("impact", "expected"), [(None, None), (1, 4), (3, 4), (5, 5)])
def test_strategic_sector_floor_where_the_impact_has_a_value(
    impact: int | None, expected: int | None
) -> None:
    cat = scored({"ip_capture": (1, impact)}, Context(strategic_sector=True)).categories[
        "ip_capture"
    ]
    assert cat.impact.level == expected


def test_method_1_and_2_agree_without_the_context_they_disagree_on() -> None:
    levels: dict[str, tuple[int | None, int | None]] = {c: (3, 4) for c in CATEGORIES}
    context = Context(regime_class=3, active_conflict=True, strategic_sector=True)
    one, two = scored(levels, context, method=1), scored(levels, context, method=2)
    assert {c: one.categories[c].as_dict() for c in CATEGORIES} == {
        c: two.categories[c].as_dict() for c in CATEGORIES
    }


# --- Flag reasons -----------------------------------------------------------------------------

RED_LINE_QUESTION = Question("ic_territory", "imported_conflict", "likelihood", 3, red_line_at=1)
PLAIN_IMPACT = Question("ic_line", "imported_conflict", "impact", 1)


def flags_of(
    context: Context | None = None,
    levels: dict[str, tuple[int | None, int | None]] | None = None,
    controls: tuple[Control, ...] = (),
    red_line_answer: Answer | None = None,
    method: int = 2,
) -> tuple[str, ...]:
    questions, answers = _simple_args(levels or {"ip_capture": (1, 1)})
    questions += [RED_LINE_QUESTION, PLAIN_IMPACT]
    answers["ic_line"] = 0
    if red_line_answer is not None:
        answers["ic_territory"] = red_line_answer
    return score(questions, answers, context, controls, 10, method).flag_reasons


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        # 4 x 3 = 12, high: reaches the tolerance, not critical
        ({"levels": {"ip_capture": (4, 3)}}, "tolerance"),
        # 5 x 3 = 15 critical; one step off each axis: 4 x 2 = 8 < 10
        (
            {
                "levels": {"ip_capture": (5, 3)},
                "controls": ctl("ip_capture", "likelihood") + ctl("ip_capture", "impact"),
            },
            "inherent_critical",
        ),
        # 1 point where the red line is at 1: imported_conflict 2 x 1 = 2, low
        ({"red_line_answer": 1}, "red_line"),
        ({"context": Context(sanctions_confirmed=True)}, "sanctions_confirmed"),
        ({"context": Context(territory_not_recognised=True)}, "territory_not_recognised"),
        ({"context": Context(foreign_state_convention=True)}, "foreign_state_convention"),
        ({"context": Context(opinion_requested=True)}, "opinion_requested"),
    ],
)
def test_each_flag_reason_alone(kwargs: dict[str, Any], reason: str) -> None:
    assert flags_of(**kwargs) == (reason,)


def test_all_flag_reasons_in_their_stable_order() -> None:
    context = Context(
        opinion_requested=True,
        foreign_state_convention=True,
        territory_not_recognised=True,
        sanctions_confirmed=True,
    )
    reasons = flags_of(context, {"ip_capture": (5, 5)}, red_line_answer="unknown")
    assert reasons == FLAG_REASONS == METHODS[2].flag_reasons
    assert reasons == (
        "tolerance",
        "inherent_critical",
        "red_line",
        "sanctions_confirmed",
        "territory_not_recognised",
        "foreign_state_convention",
        "opinion_requested",
    )


def test_method_1_reports_only_its_own_reasons() -> None:
    context = Context(
        opinion_requested=True,
        foreign_state_convention=True,
        territory_not_recognised=True,
        sanctions_confirmed=True,
    )
    # critical 25 with two controls per axis (9), red line crossed, convention with a State:
    # method 1 knows none of inherent_critical, red_line, foreign_state_convention
    reasons = flags_of(
        context,
        {"ip_capture": (5, 5)},
        ctl("ip_capture", "likelihood", 2) + ctl("ip_capture", "impact", 2),
        red_line_answer=4,
        method=1,
    )
    assert reasons == ("sanctions_confirmed", "territory_not_recognised", "opinion_requested")


def test_a_provisional_score_already_counts() -> None:
    # ip_capture scored 5 x 5 while one of its questions is still unanswered
    questions = [
        Question("l", "ip_capture", "likelihood", 1),
        Question("i", "ip_capture", "impact", 1),
        Question("later", "ip_capture", "impact", 1),
    ]
    result = score(questions, {"l": 4, "i": 4}, Context(), (), 10, 2)
    cat = result.categories["ip_capture"]
    assert (cat.score, cat.complete) == (25, False)
    assert (result.rating, result.score, result.complete) == ("critical", 25, False)
    assert result.flag_reasons == ("tolerance", "inherent_critical")


# --- Red lines --------------------------------------------------------------------------------


def red_line_result(
    answer: Answer | None, red_line_at: int = 3, unknown_points: int = 3, method: int = 2
) -> Result:
    question = Question("sanctions", "ip_capture", "likelihood", 3, unknown_points, red_line_at)
    answers: dict[str, Answer] = {} if answer is None else {"sanctions": answer}
    return score([question], answers, Context(), (), 10, method)


@pytest.mark.parametrize(
    ("answer", "red_line_at", "fires"),
    [
        (3, 3, True),  # at the threshold
        (4, 3, True),  # above it
        (2, 3, False),  # one below
        (0, 1, False),
        (1, 1, True),
        (4, 4, True),
        (3, 4, False),
    ],
)
def test_red_line_by_points(answer: int, red_line_at: int, fires: bool) -> None:
    result = red_line_result(answer, red_line_at)
    assert result.red_lines == (("sanctions",) if fires else ())
    assert ("red_line" in result.flag_reasons) is fires


@pytest.mark.parametrize("unknown_points", [0, 1, 3, 4])
def test_red_line_by_unknown_whatever_the_unknown_points(unknown_points: int) -> None:
    # not knowing is not an answer to a red-line question, even when "unknown" counts 0 points
    result = red_line_result("unknown", red_line_at=4, unknown_points=unknown_points)
    assert result.red_lines == ("sanctions",)
    assert result.flag_reasons == ("red_line",)


@pytest.mark.parametrize("answer", ["na", None])
def test_red_line_never_by_na_nor_unanswered(answer: Answer | None) -> None:
    result = red_line_result(answer, red_line_at=1)
    assert result.red_lines == ()
    assert not result.flagged


def test_method_1_ignores_red_lines() -> None:
    result = red_line_result(4, red_line_at=1, method=1)
    assert result.red_lines == () and not result.flagged
    assert result.as_dict()["red_lines"] == []


def test_red_lines_are_listed_in_questionnaire_order() -> None:
    questions = [
        Question("territory", "imported_conflict", "likelihood", 3, red_line_at=1),
        Question("plain", "imported_conflict", "impact", 1),
        Question("convention", "ip_capture", "likelihood", 3, red_line_at=2),
        Question("sanctions", "ip_capture", "likelihood", 3, red_line_at=3),
        Question("quiet", "disinformation", "likelihood", 1, red_line_at=4),
    ]
    # answers given in another order than the questions
    answers: dict[str, Answer] = {
        "sanctions": "unknown",
        "quiet": 3,
        "territory": 4,
        "plain": 4,
        "convention": 2,
    }
    result = score(questions, answers, Context(), (), 10, 2)
    assert result.red_lines == ("territory", "convention", "sanctions")
    assert result.as_dict()["red_lines"] == ["territory", "convention", "sanctions"]


@pytest.mark.parametrize("red_line_at", [0, 5, True, 2.0, "3"])
def test_red_line_at_is_1_to_4(red_line_at: Any) -> None:
    with pytest.raises(ScoringInputError, match="red_line_at"):
        Question("a", "ip_capture", "impact", 1, red_line_at=red_line_at)


# --- "Sans objet" where it makes no sense ------------------------------------------------------


def test_method_2_refuses_na_where_the_question_does_not_allow_it() -> None:
    question = Question("territory", "imported_conflict", "likelihood", 3, na_allowed=False)
    with pytest.raises(ScoringInputError, match=r'answers\["territory"\].*na_allowed'):
        score([question], {"territory": "na"}, Context(), (), 10, 2)
    # every other answer is fine
    for answer in (0, 4, "unknown"):
        score([question], {"territory": answer}, Context(), (), 10, 2)


def test_method_1_ignores_na_allowed() -> None:
    question = Question("territory", "imported_conflict", "likelihood", 3, na_allowed=False)
    result = score([question], {"territory": "na"}, Context(), (), 10, 1)
    assert result.categories["imported_conflict"].not_applicable == 1


# --- Completeness -----------------------------------------------------------------------------

IP_QUESTIONS = [
    Question("l1", "ip_capture", "likelihood", 2),
    Question("l2", "ip_capture", "likelihood", 1),
    Question("i1", "ip_capture", "impact", 3),
]


@pytest.mark.parametrize(
    ("answers", "has_score", "complete_2", "complete_1"),
    [
        ({"l1": 1, "l2": 2, "i1": 3}, True, True, True),
        ({"l1": 1, "l2": "unknown", "i1": "unknown"}, True, True, True),  # unknown is an answer
        ({"l1": 1, "l2": "na", "i1": 0}, True, True, True),  # so is na
        ({"l1": 1, "i1": 3}, True, False, True),  # l2 unanswered: provisional in method 2
        ({"l1": "na", "l2": "na", "i1": 2}, False, False, False),  # likelihood has no value
        ({"l1": 2, "l2": 2}, False, False, False),  # impact unanswered
        ({}, False, False, False),
    ],
)
def test_completeness(
    answers: dict[str, Answer], has_score: bool, complete_2: bool, complete_1: bool
) -> None:
    two = score(IP_QUESTIONS, answers, Context(), (), 10, 2).categories["ip_capture"]
    one = score(IP_QUESTIONS, answers, Context(), (), 10, 1).categories["ip_capture"]
    assert (two.score is not None, two.complete) == (has_score, complete_2)
    assert (one.score is not None, one.complete) == (has_score, complete_1)
    assert two.as_dict()["complete"] is complete_2


def test_a_category_asked_on_one_axis_only_never_completes() -> None:
    questions = [Question("a", "disinformation", "likelihood", 1)]
    result = score(questions, {"a": 4}, Context(), (), 10, 2)
    cat = result.categories["disinformation"]
    assert (cat.likelihood.level, cat.impact.level, cat.score, cat.complete) == (
        5,
        None,
        None,
        False,
    )
    assert not result.flagged


def test_the_result_is_complete_when_all_three_categories_are() -> None:
    levels: dict[str, tuple[int | None, int | None]] = {c: (2, 2) for c in CATEGORIES}
    assert scored(levels).complete and scored(levels).as_dict()["complete"] is True
    assert not scored({"ip_capture": (2, 2), "disinformation": (2, 2)}).complete
    assert not scored({**levels, "imported_conflict": (2, None)}).complete
    assert not scored({}).complete


# --- The scenarios that method 2 was made for -------------------------------------------------
# Short questionnaires in the shape of version 2: what matters is the rule each one exercises.


def q(key: str, category: str, axis: str, weight: int, **extra: Any) -> dict[str, Any]:
    return {"key": key, "category": category, "axis": axis, "weight": weight, **extra}


SCENARIO_QUESTIONS = [
    q("ip_owner", "ip_capture", "likelihood", 3),
    q("ip_red_flags", "ip_capture", "likelihood", 2),
    q("ip_sanctions", "ip_capture", "likelihood", 3, red_line_at=3, na_allowed=False),
    q("ip_sector", "ip_capture", "impact", 3),
    q("ip_flows", "ip_capture", "impact", 3),
    q("di_divisive", "disinformation", "likelihood", 2),
    q("di_targeted", "disinformation", "likelihood", 3),
    q("di_image", "disinformation", "impact", 2),
    q("ic_territory", "imported_conflict", "likelihood", 3, red_line_at=1, na_allowed=False),
    q("ic_conflict", "imported_conflict", "likelihood", 3),
    q("ic_state_convention", "imported_conflict", "likelihood", 3, red_line_at=1),
    q("ic_communities", "imported_conflict", "impact", 2),
]
ALL_CONTROLS = [{"category": c, "axis": a} for c in CATEGORIES for a in AXES for _ in range(3)]


def scenario(answers: dict[str, Answer], context: dict[str, Any], controls: bool) -> Result:
    return score_input(
        parse_document(
            {
                "questions": SCENARIO_QUESTIONS,
                "answers": answers,
                "context": context,
                "controls": ALL_CONTROLS if controls else [],
            }
        )
    )


@pytest.mark.parametrize("controls", [False, True])
def test_charter_in_a_territory_france_does_not_recognise(controls: bool) -> None:
    answers: dict[str, Answer] = {
        "ip_owner": 1,
        "ip_red_flags": 0,
        "ip_sanctions": 0,
        "ip_sector": 0,
        "ip_flows": 0,
        "di_divisive": 2,
        "di_targeted": 1,
        "di_image": 1,
        "ic_territory": 4,
        "ic_conflict": 2,
        "ic_state_convention": 0,
        "ic_communities": 1,
    }
    context = {"regime_class": 1, "territory_not_recognised": True}
    result = scenario(answers, context, controls)
    # whatever the controls, the red line and the territory send it to the ministry
    assert result.red_lines == ("ic_territory",)
    assert {"red_line", "territory_not_recognised"} <= set(result.flag_reasons)
    assert result.flagged


@pytest.mark.parametrize("controls", [False, True])
def test_ai_research_mou_stays_referred_with_every_control_ticked(controls: bool) -> None:
    answers: dict[str, Answer] = {
        "ip_owner": 4,
        "ip_red_flags": 3,
        "ip_sanctions": 0,
        "ip_sector": 4,
        "ip_flows": 3,
        "di_divisive": 1,
        "di_targeted": 1,
        "di_image": 1,
        "ic_territory": 0,
        "ic_conflict": 0,
        "ic_state_convention": 0,
        "ic_communities": 0,
    }
    result = scenario(answers, {"regime_class": 0, "strategic_sector": True}, controls)
    ip = result.categories["ip_capture"]
    # likelihood (12 + 6 + 0) / 32 = 9/16 → 3, closed autocracy +2 → 5;
    # impact (12 + 9) / 24 = 7/8 → 5; inherent 25, critical
    assert (ip.likelihood.level, ip.impact.level, ip.band) == (5, 5, "critical")
    assert ip.residual_score == (16 if controls else 25)
    assert result.flag_reasons == ("tolerance", "inherent_critical")


@pytest.mark.parametrize("controls", [False, True])
def test_twinning_with_a_german_town_stays_low(controls: bool) -> None:
    answers: dict[str, Answer] = {
        "ip_owner": 0,
        "ip_red_flags": 0,
        "ip_sanctions": 0,
        "ip_sector": 0,
        "ip_flows": "na",
        "di_divisive": 0,
        "di_targeted": 0,
        "di_image": 1,
        "ic_territory": 0,
        "ic_conflict": 0,
        "ic_state_convention": 0,
        "ic_communities": 1,
    }
    result = scenario(answers, {"regime_class": 3, "strategic_sector": False}, controls)
    assert result.complete
    assert (result.rating, result.flagged, result.red_lines) == ("low", False, ())
    assert all(c.band == "low" for c in result.categories.values())


def test_ukrainian_solidarity_takes_its_disinformation_risk_from_the_targeting_question() -> None:
    base: dict[str, Answer] = {
        "ip_owner": 0,
        "ip_red_flags": 0,
        "ip_sanctions": 0,
        "ip_sector": 0,
        "ip_flows": 0,
        "di_divisive": 2,
        "di_image": 2,
        "ic_territory": 0,
        "ic_conflict": 3,
        "ic_state_convention": 0,
        "ic_communities": 2,
    }
    # Ukraine: electoral autocracy in V-Dem's 2022 data, at war, no attributed campaign of its own
    ukraine = {"regime_class": 1, "active_conflict": True, "fimi_attributed": False}

    def disinformation_likelihood(targeted: int, context: dict[str, Any], method: int) -> int:
        doc = {
            "method": method,
            "questions": SCENARIO_QUESTIONS,
            "answers": {**base, "di_targeted": targeted},
            "context": context,
        }
        level = score_input(parse_document(doc)).categories["disinformation"].likelihood.level
        assert level is not None
        return level

    # method 2: the country context does not move it (same level as with no context at all) …
    for targeted in range(5):
        assert disinformation_likelihood(targeted, ukraine, 2) == disinformation_likelihood(
            targeted, {}, 2
        )
    # … the targeting question does: (2·2 + 3·0) / 20 = 1/5 → 2, (4 + 12) / 20 = 4/5 → 5
    assert disinformation_likelihood(0, ukraine, 2) == 2
    assert disinformation_likelihood(4, ukraine, 2) == 5
    # method 1 mistook the regime for a threat: +1 from the regime class alone
    assert disinformation_likelihood(0, ukraine, 1) == 3
