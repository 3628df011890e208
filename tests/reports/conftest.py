"""Fixtures of the report tests: an approved diagnostic with a very long justification."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partnership
from risks import actions
from risks.models import Assessment, Control
from tests.factories import answer_all, make_partner, make_partnership, question, set_regime

LONG_WORDS = 3000


def long_justification(words: int = LONG_WORDS) -> str:
    """`words` numbered words in paragraphs of 150, ending with a sentinel."""
    tokens = [f"alpha{i:04d}" for i in range(words)]
    paragraphs = [" ".join(tokens[i : i + 150]) for i in range(0, words, 150)]
    return "\n\n".join(paragraphs) + "\n\nFIN-DE-JUSTIFICATION"


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    """Reports and logos written by a test go to a directory of its own."""
    root = tmp_path / "media"
    (root / "logos").mkdir(parents=True)
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


def approve(assessment: Assessment, officer: User, manager: User) -> Assessment:
    actions.submit_assessment(assessment.pk, officer)
    actions.approve_assessment(assessment.pk, manager)
    assessment.refresh_from_db()
    return assessment


def diagnosed_partnership(
    town: Municipality,
    officer: User,
    manager: User,
    *,
    points: int = 3,
    partner_name: str = "Institut Polytechnique de Harbin",
    title: str = "Coopération universitaire en robotique",
    justification: str | None = None,
) -> tuple[Partnership, Assessment]:
    partner = make_partner(town, country="CN", name=partner_name, city="Harbin")
    partnership = make_partnership(
        partner, title=title, status="active", sectors=["robotics", "ai"], flows=["data"]
    )
    assessment = actions.start_assessment(partnership, officer)
    answer_all(assessment, officer, points)
    if justification is not None:
        q = question("ip1")
        answer = assessment.answers.get(question=q)
        actions.save_answer(
            assessment.pk,
            q,
            answer.value,
            officer,
            seen_revision=answer.revision,
            justification=justification,
        )
    control = Control.objects.filter(
        questionnaire=assessment.questionnaire, category="ip_capture"
    ).first()
    assert control is not None
    actions.set_control(assessment.pk, control, True, officer, "Clauses signées.")
    return partnership, approve(assessment, officer, manager)


@pytest.fixture
def china() -> None:
    set_regime("CN", 0)


@pytest.fixture
def approved(china: None, town_a: Municipality, alice: User, martha: User) -> Assessment:
    _partnership, assessment = diagnosed_partnership(
        town_a, alice, martha, justification=long_justification()
    )
    return assessment
