"""The worked examples of docs/scoring.md are the code's output, so the doc cannot drift."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from risks.scoring import parse_document, score_input

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
BLOCK = re.compile(r"^<!-- example:(\d+):(input|output) -->\n```json\n(.*?)^```$", re.M | re.S)
#: Examples 1-4 show method 2, examples 5-7 method 1.
METHOD_OF_EXAMPLE = {1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1}


def examples() -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for number, kind, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        pair = found.setdefault(int(number), {})
        assert kind not in pair, f"example {number} has two {kind} blocks"
        pair[kind] = json.loads(body)
    return found


def run(document: dict[str, Any]) -> dict[str, Any]:
    return score_input(parse_document(document)).as_dict()


def test_the_doc_has_every_example_complete() -> None:
    found = examples()
    assert sorted(found) == sorted(METHOD_OF_EXAMPLE)
    assert all(set(pair) == {"input", "output"} for pair in found.values())


@pytest.mark.parametrize("number", sorted(METHOD_OF_EXAMPLE))
def test_documented_example_matches_the_code(number: int) -> None:
    pair = examples()[number]
    assert run(pair["input"]) == pair["output"]
    assert pair["output"]["method"] == METHOD_OF_EXAMPLE[number]


def test_method_2_examples_cover_what_they_promise() -> None:
    found = examples()
    twinning, mou, charter, solidarity = (found[n] for n in (1, 2, 3, 4))
    assert "method" not in twinning["input"]  # the default is method 2
    # 1: a twinning with a German town stays low, complete, not flagged
    assert twinning["input"]["context"] == {"regime_class": 3}
    out = twinning["output"]
    assert (out["rating"], out["complete"], out["flagged"]) == ("low", True, False)
    # 2: the AI research MoU keeps inherent_critical with two controls on every axis …
    controls = mou["input"]["controls"]
    assert len(controls) == 12 and all(controls.count(c) == 2 for c in controls)
    assert mou["output"]["flag_reasons"] == ["tolerance", "inherent_critical"]
    # … where method 1 let it through, moderate and not flagged
    old = run({**mou["input"], "method": 1})
    assert (old["rating"], old["score"], old["flagged"]) == ("moderate", 9, False)
    # 3: the charter: red lines by points and by "unknown", provisional category, "na" used
    answers = charter["input"]["answers"]
    assert answers["ip_sanctions"] == "unknown" and "na" in answers.values()
    assert charter["output"]["red_lines"] == ["ip_sanctions", "ic_territory"]
    assert charter["output"]["flag_reasons"] == [
        "inherent_critical",
        "red_line",
        "territory_not_recognised",
    ]
    assert charter["output"]["score"] < 10  # flagged although under the tolerance
    assert charter["output"]["complete"] is False
    assert charter["output"]["categories"]["disinformation"]["score"] is not None
    # 4: Ukrainian solidarity: the country context leaves disinformation alone …
    level = solidarity["output"]["categories"]["disinformation"]["likelihood"]
    without_context = run({**solidarity["input"], "context": {}})
    assert without_context["categories"]["disinformation"]["likelihood"] == level == 5
    # … the targeting question carries it
    untargeted = run(
        {**solidarity["input"], "answers": {**solidarity["input"]["answers"], "di_targeted": 0}}
    )
    assert untargeted["categories"]["disinformation"]["likelihood"] == 2


def test_method_1_examples_cover_what_they_promise() -> None:
    found = examples()
    assert all(found[n]["input"]["method"] == 1 for n in (5, 6, 7))
    # 5: plain low case
    assert found[5]["output"]["rating"] == "low" and not found[5]["output"]["flagged"]
    # 6: closed autocracy + strategic sector, one step per control, tolerance flag only
    assert found[6]["input"]["context"] == {"regime_class": 0, "strategic_sector": True}
    assert found[6]["output"]["flag_reasons"] == ["tolerance"]
    assert found[6]["output"]["categories"]["ip_capture"]["residual_likelihood"] == 3  # 5 - 2
    # 7: territory not recognised, "unknown" and "na", one incomplete category, tolerance 16
    answers = found[7]["input"]["answers"].values()
    assert "unknown" in answers and "na" in answers
    assert found[7]["input"]["tolerance"] == 16
    assert found[7]["output"]["flag_reasons"] == ["territory_not_recognised"]
    assert [c["complete"] for c in found[7]["output"]["categories"].values()].count(False) == 1
