"""Recall and precision of `manage.py screen` on the made-up evaluation set, in every format.

The set is loaded five times (one list per format), so each expected entity should be found
on each list: recall counts (case, list) pairs found, precision counts hits that are right.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from screening.actions import load_list
from tests.screening.evaluation import CASES, ENTRIES
from tests.screening.files import WRITERS

MIN_RECALL = 0.95
MIN_PRECISION = 0.97


def run_screen(name: str, aliases: tuple[str, ...], country: str) -> list[dict]:
    args = ["screen", "--name", name, "--json"]
    for alias in aliases:
        args += ["--alias", alias]
    if country:
        args += ["--country", country]
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())["hits"]


@pytest.mark.django_db
def test_screen_finds_the_listed_and_leaves_the_innocent() -> None:
    for fmt, write in WRITERS.items():
        load_list(io.BytesIO(write(ENTRIES)), fmt, fmt)
    expected_total = found = hits_total = right = 0
    misses, false_hits = [], []
    for case in CASES:
        hits = run_screen(case.name, case.aliases, case.country)
        assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
        got = {(h["list"], h["entry_id"]) for h in hits}
        wanted = {(fmt, case.expected) for fmt in WRITERS} if case.expected else set()
        expected_total += len(wanted)
        found += len(got & wanted)
        hits_total += len(got)
        right += len(got & wanted)
        if wanted - got:
            misses.append((case.name, case.why, sorted(wanted - got)))
        if got - wanted:
            false_hits.append((case.name, case.why, sorted(got - wanted)))
    recall = found / expected_total
    precision = right / hits_total
    assert recall >= MIN_RECALL, misses
    assert precision >= MIN_PRECISION, false_hits


@pytest.mark.django_db
def test_a_hit_explains_itself() -> None:
    load_list(io.BytesIO(WRITERS["un"](ENTRIES)), "un", "UN")
    [hit] = run_screen("Volkov Ivan", (), "RU")
    assert (hit["list"], hit["entry_id"], hit["name"]) == ("UN", "P1", "Ivan Sergeyevich Volkov")
    features = hit["features"]
    assert features["countries_matched"] == ["RU"]
    assert {p["subject"] for p in features["parts"] if p["entry"] and p["subject"]} == {
        "volkov",
        "ivan",
    }
    assert any(p["how"] == "only in the list entry" for p in features["parts"])
    assert 0.8 <= hit["score"] < 1.0
