"""The partnership report's two editions, read back from the PDF (pypdf): what the council
edition may show, what only the internal annex shows, the marking, hyphenation and French
typography."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from municipalities.models import Municipality
from reports import partnership as report
from risks.models import Assessment
from tests.reports.conftest import pdf_pages

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"
# Words of the tables' headers that a narrow column used to cut without a hyphen.
HEADER_WORDS = ("Désinformation", "Signalement", "Catégorie", "Propriété", "Importation")


def render(assessment: Assessment, language: str, author: User, edition: str) -> bytes:
    data = report.render_partnership_report(assessment, language, author, edition).data
    assert data.startswith(b"%PDF")
    return data


HYPHEN = "\u2010"  # what WeasyPrint prints where it cuts a word


def flat(pages: list[str]) -> str:
    """The text on one line: hyphenated words joined, every run of spaces one space."""
    return " ".join("\n".join(pages).replace(HYPHEN + "\n", "").split())


def test_the_council_edition_holds_facts_and_no_judgement_on_a_foreign_state(
    approved: Assessment, alice: User
) -> None:
    pages = pdf_pages(render(approved, "fr", alice, report.COUNCIL))
    text = flat(pages)
    assert "Édition du conseil" in text
    assert "Journal des décisions" in text and "Synthèse" in text
    assert "Cotation" in text
    # no answers, no justifications, no country regime, no context lines
    assert "alpha0001" not in text and "Justification" not in text
    assert "autocratie" not in text.lower()
    assert "Contexte pris en compte" not in text
    # the method in words; the file and the command only in the annex at the end
    annex = text.index("Annexe : pour les curieux")
    assert "docs/scoring.md" not in text[:annex]
    assert "manage.py" not in text[:annex]
    assert "manage.py score" in text[annex:]


def test_the_internal_annex_holds_answers_justifications_and_country_context(
    approved: Assessment, alice: User
) -> None:
    pages = pdf_pages(render(approved, "fr", alice, report.INTERNAL))
    text = flat(pages)
    assert "Annexe interne" in text
    assert "alpha0001" in text and "FIN-DE-JUSTIFICATION" in text
    assert "autocratie fermée" in text.lower()
    # context lines only when they change something ("5 → 5" says nothing)
    assert not re.search(r"(\d) → \1\b", text)
    # no hidden follow-up question printed as unanswered
    assert "sans réponse" not in text


def test_the_marking_is_printed_once_on_the_cover_and_is_the_municipalitys(
    approved: Assessment, alice: User, town_a: Municipality
) -> None:
    pages = pdf_pages(render(approved, "fr", alice, report.COUNCIL))
    assert pages[0].upper().count("DOCUMENT INTERNE") == 1
    assert "DIFFUSION RESTREINTE" not in flat(pages).upper()
    assert all("DOCUMENT INTERNE" in page.upper() for page in pages[1:])  # running header
    english = pdf_pages(render(approved, "en", alice, report.COUNCIL))
    assert english[0].upper().count("INTERNAL DOCUMENT") == 1

    town_a.classification = "Confidentiel conseil"
    town_a.save()
    approved.refresh_from_db()
    pages = pdf_pages(render(approved, "en", alice, report.COUNCIL))
    assert pages[0].upper().count("CONFIDENTIEL CONSEIL") == 1
    assert "INTERNAL DOCUMENT" not in flat(pages).upper()


@pytest.mark.parametrize("edition", [report.COUNCIL, report.INTERNAL])
def test_no_header_word_is_broken_without_a_hyphen(
    approved: Assessment, alice: User, edition: str
) -> None:
    pages = pdf_pages(render(approved, "fr", alice, edition))
    seen = set()
    for line in "\n".join(pages).splitlines():
        for word in HEADER_WORDS:
            if word in line:
                seen.add(word)
        last = line.rstrip().rsplit(" ", 1)[-1] if line.strip() else ""
        stem = last.rstrip(HYPHEN + "-")
        for word in HEADER_WORDS:
            # a line ending inside a header word must end with the hyphen of a syllable break
            if len(stem) >= 3 and word.startswith(stem) and stem != word:
                assert last != stem, f"{word!r} broken without a hyphen: {line!r}"
    assert {"Désinformation", "Catégorie"} <= seen


def test_french_typographic_spaces_are_in_the_pdfs_text(approved: Assessment, alice: User) -> None:
    text = "\n".join(pdf_pages(render(approved, "fr", alice, report.INTERNAL)))
    assert f"Cotation{NBSP}:" in text
    assert f"Réponse{NBSP}:" in text
    assert f"{NNBSP}?" in text and f"«{NBSP}" in text and f"{NBSP}»" in text
    # no sign of ; : ! ? » after an ordinary space or glued to the word before it
    assert not re.search(r"[ \w][;:!?»](?=\s|$)", text, re.MULTILINE)
    assert not re.search(r"« ", text)


def test_the_pdf_is_tagged_with_its_language_and_title(approved: Assessment, alice: User) -> None:
    reader = PdfReader(io.BytesIO(render(approved, "en", alice, report.COUNCIL)))
    catalog = reader.root_object
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"].get_object()["/Marked"]  # type: ignore[index]
    assert str(catalog["/Lang"]).startswith("en")
    assert reader.metadata is not None and reader.metadata.title


def test_both_editions_are_offered_on_the_partnership_page_and_downloaded(
    approved: Assessment, victor_client: Client
) -> None:
    page = victor_client.get(approved.partnership.get_absolute_url()).content.decode()
    assert 'name="edition" value="council"' in page
    assert 'name="edition" value="internal"' in page
    url = reverse("reports:partnership_report", args=[approved.partnership_id])
    council = victor_client.get(url, {"lang": "fr", "edition": "council"})
    internal = victor_client.get(url, {"lang": "fr", "edition": "internal"})
    assert council.status_code == internal.status_code == 200
    assert 'filename="rapport-' in council["Content-Disposition"]
    assert 'filename="annexe-interne-' in internal["Content-Disposition"]
    assert "alpha0001" not in flat(pdf_pages(council.content))
    assert "alpha0001" in flat(pdf_pages(internal.content))


def test_a_follow_up_question_its_parent_did_not_ask_is_left_out(
    town_a: Municipality, alice: User
) -> None:
    from risks import actions
    from risks.models import Question
    from tests.factories import make_partnership

    assessment = actions.start_assessment(make_partnership(town_a), alice)
    follow_up = (
        Question.objects.filter(
            questionnaire=assessment.questionnaire,
            depends_on__isnull=False,
            depends_min_points__gt=0,
        )
        .select_related("depends_on")
        .first()
    )
    assert follow_up is not None, "the questionnaire has follow-up questions"
    parent = follow_up.depends_on
    assert parent is not None
    actions.save_answer(assessment.pk, parent, 0, alice, seen_revision=0)  # does not ask it
    sections = report.category_sections(assessment)
    printed = [line.text for section in sections for line in section.questions]
    assert parent.text in printed
    assert follow_up.text not in printed
