"""``manage.py score`` run as a subprocess, as a council member would (no database)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

QUESTIONS = [
    {"key": "ip1", "category": "ip_capture", "axis": "likelihood", "weight": 2},
    {"key": "ip2", "category": "ip_capture", "axis": "impact", "weight": 1, "unknown_points": 4},
    {"key": "di1", "category": "disinformation", "axis": "likelihood", "weight": 3},
]
VALID = {
    "questions": QUESTIONS,
    "answers": {"ip1": 2, "ip2": "unknown", "di1": "na"},
    "context": {"regime_class": 1, "opinion_requested": True},
    "controls": [{"category": "ip_capture", "axis": "impact"}],
}


def run_score(stdin: str | bytes, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": "test-only-not-secret",
        "DJANGO_SETTINGS_MODULE": "citydiplo.settings",
        # A database that cannot be opened: the command must not need one.
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/db.sqlite3",
    }
    data = stdin.encode() if isinstance(stdin, str) else stdin
    completed = subprocess.run(
        [sys.executable, "manage.py", "score", *args],
        cwd=ROOT,
        input=data,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode(),
        completed.stderr.decode(),
    )


def test_valid_document(tmp_path: Path) -> None:
    done = run_score(json.dumps(VALID), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # ip_capture: likelihood 2*2 / 2*4 = 1/2 → 3, electoral autocracy +1 → 4;
    # impact "unknown" worth 4 here: 4/4 → 5; 4*5 = 20 critical;
    # one control on impact: 4*4 = 16 critical (≥ 10: tolerance flag).
    # disinformation: its only question is "na" → no value; imported_conflict: no question.
    empty = {
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
    assert json.loads(done.stdout) == {
        "categories": {
            "ip_capture": {
                "complete": True,
                "likelihood": 4,
                "impact": 5,
                "score": 20,
                "band": "critical",
                "residual_likelihood": 4,
                "residual_impact": 4,
                "residual_score": 16,
                "residual_band": "critical",
            },
            "disinformation": empty,
            "imported_conflict": empty,
        },
        "rating": "critical",
        "score": 16,
        "flagged": True,
        "flag_reasons": ["tolerance", "opinion_requested"],
    }
    # keys are sorted, so the output is stable enough to diff
    assert done.stdout.index('"disinformation"') < done.stdout.index('"ip_capture"')


def test_explain_adds_the_working(tmp_path: Path) -> None:
    done = run_score(json.dumps(VALID), tmp_path, "--explain")
    assert done.returncode == 0, done.stderr
    ip = json.loads(done.stdout)["categories"]["ip_capture"]
    assert ip["axes"]["likelihood"]["raw"] == "1/2"
    assert ip["axes"]["likelihood"]["modifiers"] == [
        {"reason": "regime_electoral_autocracy +1", "before": 3, "after": 4}
    ]


def test_empty_question_list_is_valid(tmp_path: Path) -> None:
    done = run_score('{"questions": []}', tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["rating"], out["score"], out["flagged"], out["flag_reasons"]) == (
        None,
        None,
        False,
        [],
    )


def with_question(**changes: Any) -> str:
    return json.dumps({"questions": [{**QUESTIONS[0], **changes}]})


@pytest.mark.parametrize(
    ("stdin", "culprits"),
    [
        pytest.param('{"questions": [', ["invalid JSON"], id="malformed-json"),
        pytest.param("", ["invalid JSON"], id="empty-input"),
        pytest.param(b"\xff\xfe\xfa", ["invalid JSON"], id="not-utf8"),
        pytest.param("[]", ["document"], id="not-an-object"),
        pytest.param(with_question(category="ip_theft"), ['"ip_theft"'], id="unknown-category"),
        pytest.param(with_question(axis="severity"), ['"severity"'], id="unknown-axis"),
        pytest.param(with_question(weight=0), ["weight", "0"], id="weight-0"),
        pytest.param(with_question(weight=4), ["weight", "4"], id="weight-4"),
        pytest.param(
            with_question(unknown_points=9), ["unknown_points", "9"], id="unknown-points-9"
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "answers": {"ip1": 5}}),
            ['"ip1"', "5"],
            id="points-5",
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "answers": {"ip1": -1}}),
            ['"ip1"', "-1"],
            id="points-negative",
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "answers": {"ip1": True}}),
            ['"ip1"', "true"],
            id="points-bool",
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "answers": {"zz9": 1}}),
            ['"zz9"'],
            id="answer-to-unknown-question",
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "context": {"regime_class": 7}}),
            ["regime_class", "7"],
            id="regime-class-7",
        ),
        pytest.param(
            json.dumps({"questions": QUESTIONS, "tolerance": 30}),
            ["tolerance", "30"],
            id="tolerance-30",
        ),
        pytest.param(json.dumps({"answers": {}}), ['"questions"'], id="missing-questions"),
        pytest.param(
            json.dumps({"questions": [QUESTIONS[0], QUESTIONS[0]]}),
            ['"ip1"', "duplicate"],
            id="duplicate-key",
        ),
    ],
)
def test_invalid_input(stdin: str | bytes, culprits: list[str], tmp_path: Path) -> None:
    done = run_score(stdin, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    for culprit in culprits:
        assert culprit in lines[0]
