"""``manage.py score``: the contract councils and the ministry rely on (no database).

A few runs are real subprocesses with an empty environment, as a council member would run it;
the many input cases call the same command in-process through ``call_command``.
"""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

QUESTIONS = [
    {"key": "ip1", "category": "ip_capture", "axis": "likelihood", "weight": 2},
    {"key": "ip2", "category": "ip_capture", "axis": "impact", "weight": 1, "unknown_points": 4},
    {"key": "di1", "category": "disinformation", "axis": "likelihood", "weight": 3},
]
VALID: dict[str, Any] = {
    "questions": QUESTIONS,
    "answers": {"ip1": 2, "ip2": "unknown", "di1": "na"},
    "context": {"regime_class": 1, "opinion_requested": True},
    "controls": [{"category": "ip_capture", "axis": "impact"}],
}
EMPTY_CATEGORY = {
    "complete": False,
    "likelihood": None,
    "impact": None,
    "score": None,
    "band": None,
    "residual_likelihood": None,
    "residual_impact": None,
    "residual_score": None,
    "residual_band": None,
}
# ip_capture: likelihood 2*2 / 2*4 = 1/2 → 3, electoral autocracy +1 → 4; impact "unknown"
# worth 4 here: 4/4 → 5; 4*5 = 20 critical; one control on impact: 4*4 = 16 critical.
# Every ip_capture question is answered: complete. disinformation: its only question is "na",
# no value; imported_conflict: no question. Neither is complete, so the result is not either.
IP_CAPTURE = {
    "complete": True,
    "likelihood": 4,
    "impact": 5,
    "score": 20,
    "band": "critical",
    "residual_likelihood": 4,
    "residual_impact": 4,
    "residual_score": 16,
    "residual_band": "critical",
}
VALID_OUTPUT = {
    "method": 2,
    "categories": {
        "ip_capture": IP_CAPTURE,
        "disinformation": EMPTY_CATEGORY,
        "imported_conflict": EMPTY_CATEGORY,
    },
    "rating": "critical",
    "score": 16,
    "complete": False,
    "flagged": True,
    "flag_reasons": ["tolerance", "inherent_critical", "opinion_requested"],
    "red_lines": [],
}


def run_score(stdin: str | bytes, *args: str) -> subprocess.CompletedProcess[str]:
    """``env -i python manage.py score``: not one environment variable."""
    completed = subprocess.run(
        [sys.executable, "manage.py", "score", *args],
        cwd=ROOT,
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        env={},
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args, completed.returncode, completed.stdout.decode(), completed.stderr.decode()
    )


def call_score(stdin: str | bytes, *args: str) -> tuple[int, str, str]:
    """The same command in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    source = io.BytesIO(stdin) if isinstance(stdin, bytes) else io.StringIO(stdin)
    try:
        call_command("score", *args, stdin=source, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def call_json(doc: object, *args: str) -> Any:
    status, out, err = call_score(json.dumps(doc), *args)
    assert status == 0, err
    assert err == ""
    return json.loads(out)


# --- As a council member runs it ------------------------------------------------------------


def test_runs_with_an_empty_environment() -> None:
    done = run_score(json.dumps(VALID))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == VALID_OUTPUT
    # keys are sorted, so the output is stable enough to diff
    assert done.stdout.index('"disinformation"') < done.stdout.index('"ip_capture"')


def test_invalid_input_with_an_empty_environment() -> None:
    done = run_score(json.dumps({**VALID, "tolerance": 16}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["error: tolerance: 16 is not an integer in 5-15"]


def test_help_with_an_empty_environment() -> None:
    done = run_score("", "--help")
    assert done.returncode == 0
    assert "--explain" in done.stdout


def test_other_commands_still_demand_a_secret_key() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in done.stderr


# --- Output ---------------------------------------------------------------------------------


def test_in_process_output_is_the_same() -> None:
    assert call_json(VALID) == VALID_OUTPUT


def test_method_1_on_the_same_document() -> None:
    out = call_json({**VALID, "method": 1})
    # the same numbers (no context method 1 and 2 disagree on), but method 1 has no
    # inherent_critical and a category is complete as soon as it has a score
    assert out == {
        **VALID_OUTPUT,
        "method": 1,
        "flag_reasons": ["tolerance", "opinion_requested"],
    }


@pytest.mark.parametrize("method", [1, 2])
def test_empty_question_list_is_valid(method: int) -> None:
    out = call_json({"method": method, "questions": []})
    assert out == {
        "method": method,
        "categories": {
            "ip_capture": EMPTY_CATEGORY,
            "disinformation": EMPTY_CATEGORY,
            "imported_conflict": EMPTY_CATEGORY,
        },
        "rating": None,
        "score": None,
        "complete": False,
        "flagged": False,
        "flag_reasons": [],
        "red_lines": [],
    }


def test_explain_adds_the_working() -> None:
    out = call_json(VALID, "--explain")
    ip = out["categories"]["ip_capture"]
    assert ip["axes"]["likelihood"]["raw"] == "1/2"
    assert ip["axes"]["likelihood"]["modifiers"] == [
        {"reason": "regime_electoral_autocracy +1", "before": 3, "after": 4}
    ]
    assert out["tolerance"] == 10
    assert {k: out[k] for k in VALID_OUTPUT if k != "categories"} == {
        k: v for k, v in VALID_OUTPUT.items() if k != "categories"
    }


RED_LINE_DOC: dict[str, Any] = {
    "questions": [
        {
            "key": "terr",
            "category": "imported_conflict",
            "axis": "likelihood",
            "weight": 3,
            "red_line_at": 1,
            "na_allowed": False,
        },
        {
            "key": "conv",
            "category": "imported_conflict",
            "axis": "likelihood",
            "weight": 3,
            "red_line_at": 1,
        },
        {
            "key": "sanc",
            "category": "ip_capture",
            "axis": "likelihood",
            "weight": 3,
            "red_line_at": 3,
            "unknown_points": 0,
        },
        {"key": "line", "category": "imported_conflict", "axis": "impact", "weight": 1},
    ],
    "answers": {"sanc": "unknown", "conv": "na", "terr": 1, "line": 0},
    "context": {"fimi_attributed": True, "foreign_state_convention": True},
}


def test_red_lines_and_method_2_context_keys() -> None:
    out = call_json(RED_LINE_DOC)
    # terr: 1 point at a red line of 1; sanc: "unknown" (worth 0 here) at a red line; conv: "na"
    assert out["red_lines"] == ["terr", "sanc"]
    assert out["flag_reasons"] == ["red_line", "foreign_state_convention"]
    # imported_conflict: likelihood 3*1 / 3*4 = 1/4 → 2 (conv "na" left out), impact 0 → 1
    ic = out["categories"]["imported_conflict"]
    assert (ic["likelihood"], ic["impact"], ic["score"], ic["complete"]) == (2, 1, 2, True)


def test_method_1_accepts_and_ignores_the_keys_method_2_added() -> None:
    doc = {**RED_LINE_DOC, "method": 1, "answers": {**RED_LINE_DOC["answers"], "terr": "na"}}
    out = call_json(doc)
    # no red line, no convention flag; "na" accepted where method 2 refuses it
    assert (out["red_lines"], out["flag_reasons"], out["flagged"]) == ([], [], False)
    assert out["categories"]["imported_conflict"]["likelihood"] is None  # terr and conv "na"


@pytest.mark.parametrize("tolerance", [0, 16, 26, 100])
def test_method_1_takes_any_integer_tolerance(tolerance: int) -> None:
    out = call_json({**VALID, "method": 1, "tolerance": tolerance})
    # the highest residual score is 16
    assert ("tolerance" in out["flag_reasons"]) is (tolerance <= 16)


def test_the_tolerance_defaults_to_10() -> None:
    doc = {
        "questions": [
            {"key": "l", "category": "disinformation", "axis": "likelihood", "weight": 1},
            {"key": "i", "category": "disinformation", "axis": "impact", "weight": 1},
        ],
        "answers": {"l": 4, "i": 1},  # 5 x 2 = 10
    }
    assert call_json(doc)["flag_reasons"] == ["tolerance"]
    assert call_json({**doc, "tolerance": 11})["flag_reasons"] == []


# --- Invalid input: exit 2, nothing on stdout, one line naming the culprit -------------------


def with_question(**changes: Any) -> dict[str, Any]:
    return {"questions": [{**QUESTIONS[0], **changes}]}


def doc(**changes: Any) -> dict[str, Any]:
    return {"questions": QUESTIONS, **changes}


INVALID: list[Any] = [
    pytest.param('{"questions": [', ["invalid JSON"], id="malformed-json"),
    pytest.param("", ["invalid JSON"], id="empty-input"),
    pytest.param(b"\xff\xfe\xfa", ["invalid JSON"], id="not-utf8"),
    pytest.param('{"questions": [], "tolerance": NaN}', ["NaN"], id="nan"),
    pytest.param(
        '{"questions": [], "tolerance": 10, "tolerance": 12}',
        ["duplicate", '"tolerance"'],
        id="duplicate-json-key",
    ),
    pytest.param("[]", ["document"], id="not-an-object"),
    pytest.param({"answers": {}}, ['"questions"'], id="missing-questions"),
    pytest.param({"questions": [], "extra": 1}, ['"extra"'], id="unknown-top-key"),
    pytest.param({"questions": {}}, ["questions"], id="questions-not-a-list"),
    pytest.param(doc(method=3), ["method", "3"], id="method-3"),
    pytest.param(doc(method=0), ["method", "0"], id="method-0"),
    pytest.param(doc(method="2"), ["method", '"2"'], id="method-string"),
    pytest.param(doc(method=True), ["method", "true"], id="method-bool"),
    pytest.param(doc(method=None), ["method", "null"], id="method-null"),
    pytest.param(doc(method=2.0), ["method", "2.0"], id="method-float"),
    pytest.param(with_question(category="ip_theft"), ['"ip_theft"'], id="unknown-category"),
    pytest.param(with_question(axis="severity"), ['"severity"'], id="unknown-axis"),
    pytest.param(with_question(weight=0), ["weight", "0"], id="weight-0"),
    pytest.param(with_question(weight=4), ["weight", "4"], id="weight-4"),
    pytest.param(with_question(weight=True), ["weight", "true"], id="weight-bool"),
    pytest.param(with_question(weight="2"), ["weight", '"2"'], id="weight-string"),
    pytest.param(with_question(unknown_points=5), ["unknown_points", "5"], id="unknown-points-5"),
    pytest.param(
        with_question(unknown_points=-1), ["unknown_points", "-1"], id="unknown-points-negative"
    ),
    pytest.param(with_question(red_line_at=0), ["red_line_at", "0"], id="red-line-at-0"),
    pytest.param(with_question(red_line_at=5), ["red_line_at", "5"], id="red-line-at-5"),
    pytest.param(with_question(red_line_at=True), ["red_line_at", "true"], id="red-line-at-bool"),
    pytest.param(with_question(na_allowed="no"), ["na_allowed", '"no"'], id="na-allowed-string"),
    pytest.param(with_question(na_allowed=0), ["na_allowed", "0"], id="na-allowed-int"),
    pytest.param(with_question(label="x"), ['"label"'], id="unknown-question-key"),
    pytest.param(with_question(key=""), ["key"], id="empty-key"),
    pytest.param(
        {"questions": [QUESTIONS[0], QUESTIONS[0]]}, ['"ip1"', "duplicate"], id="duplicate-key"
    ),
    pytest.param(doc(answers={"ip1": 5}), ['"ip1"', "5"], id="points-5"),
    pytest.param(doc(answers={"ip1": -1}), ['"ip1"', "-1"], id="points-negative"),
    pytest.param(doc(answers={"ip1": True}), ['"ip1"', "true"], id="points-bool"),
    pytest.param(doc(answers={"ip1": 1.5}), ['"ip1"', "1.5"], id="points-float"),
    pytest.param(doc(answers={"ip1": "yes"}), ['"ip1"', '"yes"'], id="points-word"),
    pytest.param(doc(answers={"ip1": None}), ['"ip1"', "null"], id="points-null"),
    pytest.param(doc(answers={"zz9": 1}), ['"zz9"'], id="answer-to-unknown-question"),
    pytest.param(doc(answers=[]), ["answers"], id="answers-not-an-object"),
    pytest.param(
        {**with_question(na_allowed=False), "answers": {"ip1": "na"}},
        ['"ip1"', "na_allowed"],
        id="na-not-allowed",
    ),
    pytest.param(doc(context={"regime_class": 7}), ["regime_class", "7"], id="regime-class-7"),
    pytest.param(doc(context={"regime_class": "0"}), ["regime_class", '"0"'], id="regime-string"),
    pytest.param(doc(context={"regime": 0}), ['"regime"'], id="unknown-context-key"),
    pytest.param(
        doc(context={"fimi_attributed": 1}), ["fimi_attributed", "1"], id="fimi-attributed-int"
    ),
    pytest.param(
        doc(context={"foreign_state_convention": "no"}),
        ["foreign_state_convention", '"no"'],
        id="foreign-state-convention-string",
    ),
    pytest.param(
        doc(context={"sanctions_confirmed": None}), ["sanctions_confirmed"], id="flag-null"
    ),
    pytest.param(doc(context=[]), ["context"], id="context-not-an-object"),
    pytest.param(doc(controls={}), ["controls"], id="controls-not-a-list"),
    pytest.param(
        doc(controls=[{"category": "x", "axis": "impact"}]),
        ["controls[0]", '"x"'],
        id="control-unknown-category",
    ),
    pytest.param(
        doc(controls=[{"category": "ip_capture", "axis": "z"}]),
        ["controls[0]", '"z"'],
        id="control-unknown-axis",
    ),
    pytest.param(doc(controls=[{"category": "ip_capture"}]), ['"axis"'], id="control-no-axis"),
    pytest.param(doc(tolerance=4), ["tolerance", "4"], id="tolerance-4"),
    pytest.param(doc(tolerance=16), ["tolerance", "16"], id="tolerance-16"),
    pytest.param(doc(tolerance=30), ["tolerance", "30"], id="tolerance-30"),
    pytest.param(doc(tolerance="10"), ["tolerance", '"10"'], id="tolerance-string"),
    pytest.param(doc(tolerance=10.5), ["tolerance", "10.5"], id="tolerance-float"),
    pytest.param(doc(method=1, tolerance="9"), ["tolerance", '"9"'], id="method-1-tolerance-str"),
    pytest.param(
        doc(method=1, tolerance=True), ["tolerance", "true"], id="method-1-tolerance-bool"
    ),
]


@pytest.mark.parametrize(("stdin", "culprits"), INVALID)
def test_invalid_input(stdin: Any, culprits: list[str]) -> None:
    status, out, err = call_score(stdin if isinstance(stdin, str | bytes) else json.dumps(stdin))
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for culprit in culprits:
        assert culprit in lines[0]
