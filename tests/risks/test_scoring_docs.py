"""The worked examples of docs/scoring.md are the code's output, so the doc cannot drift."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from risks.scoring import parse_document, score_input

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
BLOCK = re.compile(r"^<!-- example:(\d+):(input|output) -->\n```json\n(.*?)^```$", re.M | re.S)


def examples() -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for number, kind, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        pair = found.setdefault(int(number), {})
        assert kind not in pair, f"example {number} has two {kind} blocks"
        pair[kind] = json.loads(body)
    return found


def test_the_doc_has_three_complete_examples() -> None:
    found = examples()
    assert sorted(found) == [1, 2, 3]
    assert all(set(pair) == {"input", "output"} for pair in found.values())


@pytest.mark.parametrize("number", [1, 2, 3])
def test_documented_example_matches_the_code(number: int) -> None:
    pair = examples()[number]
    assert score_input(parse_document(pair["input"])).as_dict() == pair["output"]


def test_examples_cover_what_they_promise() -> None:
    found = examples()
    # 1: plain low case
    assert found[1]["output"]["rating"] == "low" and not found[1]["output"]["flagged"]
    # 2: closed autocracy + strategic sector, controls, tolerance flag
    assert found[2]["input"]["context"] == {"regime_class": 0, "strategic_sector": True}
    assert found[2]["input"]["controls"]
    assert found[2]["output"]["flag_reasons"] == ["tolerance"]
    # 3: territory not recognised, "unknown" and "na", one incomplete category
    answers = found[3]["input"]["answers"].values()
    assert "unknown" in answers and "na" in answers
    assert found[3]["output"]["flag_reasons"] == ["territory_not_recognised"]
    assert [c["complete"] for c in found[3]["output"]["categories"].values()].count(False) == 1
