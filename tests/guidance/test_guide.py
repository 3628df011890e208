"""The guide: shipped pages in both languages with their sources, the glossary's stable anchors,
the help-text link markup, and the prefect e-mail prefilled from a partnership."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from guidance import links
from guidance.models import GlossaryTerm, GuidePage, ModelClause
from partners.models import Document, Partnership

pytestmark = pytest.mark.django_db


def test_the_first_version_ships_every_page_clause_and_term() -> None:
    assert {"checklist", "clauses", "prefect-kit", "contacts", "texts"} <= set(
        GuidePage.objects.values_list("slug", flat=True)
    )
    topics = set(ModelClause.objects.values_list("slug", flat=True))
    assert topics == {
        "intellectual-property",
        "confidentiality",
        "data",
        "communication",
        "neutrality",
        "suspension-exit",
        "gifts",
        "funders",
    }
    for clause in ModelClause.objects.all():
        assert clause.text_fr and clause.text_en, clause.slug
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert {"ZRR", "PPST", "FSD", "SBDU", "FIMI", "CNCD", "DAECT", "HATVP", "CER"} <= terms
    for page in GuidePage.objects.all():
        assert page.body_fr and page.body_en, page.slug
        assert page.sources.exists(), f"{page.slug} cites no source"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "La liste de vérification avant de signer"), ("en", "The checklist before signing")],
)
def test_a_page_speaks_the_readers_language(
    victor_client: Client, language: str, expected: str
) -> None:
    victor_client.cookies["django_language"] = language
    response = victor_client.get(reverse("guidance:page", args=["checklist"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{expected}</h1>" in body
    # The sources say who published what.
    assert "NOR INTB1809792C du 24 mai 2018" in body
    # Markers in the text became links to the glossary and to other pages.
    assert f'href="{links.guide_url("clauses")}"' in body
    assert f'href="{links.glossary_url("rgpd")}"' in body
    assert "[[" not in body


def test_the_clauses_page_shows_both_languages_side_by_side(alice_client: Client) -> None:
    body = alice_client.get(reverse("guidance:page", args=["clauses"])).content.decode()
    clause = ModelClause.objects.get(slug="neutrality")
    assert escape(clause.text_fr) in body and escape(clause.text_en) in body
    assert 'id="clause-neutrality"' in body


def test_the_glossary_gives_every_term_a_stable_anchor(alice_client: Client) -> None:
    body = alice_client.get(reverse("guidance:glossary")).content.decode()
    for term in GlossaryTerm.objects.all():
        assert f'id="term-{term.slug}"' in body
    assert links.glossary_url("zrr") == "/guide/glossary/#term-zrr"


def test_an_unknown_page_is_404(alice_client: Client) -> None:
    assert alice_client.get(reverse("guidance:page", args=["nope"])).status_code == 404


def test_help_text_markup_is_escaped_and_linked() -> None:
    text = "Voir la [[glossary:zrr|ZRR]] et <script>x</script> [[guide:prefect-kit|le kit]]."
    html = str(links.render_links(text))
    assert '<a class="glossary-link" href="/guide/glossary/#term-zrr">ZRR</a>' in html
    assert '<a class="guide-link" href="/guide/prefect-kit/">le kit</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert links.strip_links(text) == "Voir la ZRR et <script>x</script> le kit."


def test_the_prefect_email_is_prefilled_from_the_partnership(
    partnership: Partnership, alice_client: Client
) -> None:
    Document.objects.create(
        partnership=partnership, title="Délibération DEL-2026-042", file="x.pdf"
    )
    response = alice_client.get(reverse("guidance:prefect_kit", args=[partnership.pk]))
    assert response.status_code == 200
    email = response.context["email"]
    mailto = urlsplit(email.mailto)
    assert mailto.scheme == "mailto"
    fields = parse_qs(mailto.query)
    (subject,) = fields["subject"]
    (body,) = fields["body"]
    assert "Jumelage Kanazawa" in subject and "Ville A" in subject
    assert "L1115-1" in body
    assert "Ville de Kanazawa (Japon)" in body
    assert "DEL-2026-042" in body
    assert "12000.00 €" in body
    assert "- Délibération DEL-2026-042" in body
    assert body.rstrip().endswith("Ville A")
    page = response.content.decode()
    assert 'id="prefect-body"' in page and "Jumelage Kanazawa" in page


def test_the_prefect_email_in_english(partnership: Partnership, alice_client: Client) -> None:
    alice_client.cookies["django_language"] = "en"
    email = alice_client.get(reverse("guidance:prefect_kit", args=[partnership.pk])).context[
        "email"
    ]
    assert email.subject.startswith("Review of legality")
    assert "Ville de Kanazawa (Japan)" in email.body
    assert "the convention and the council deliberation" in email.body


def test_the_prefect_kit_of_another_towns_partnership_is_404(
    partnership: Partnership, oscar_client: Client
) -> None:
    assert (
        oscar_client.get(reverse("guidance:prefect_kit", args=[partnership.pk])).status_code == 404
    )
