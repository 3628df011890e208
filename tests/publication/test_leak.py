"""Nothing private reaches a signed-out visitor: every public page, fragment, export and feed is
fetched and searched for each private value of a municipality that has plenty of them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from partners import actions as register
from partners.models import Document, Partnership
from publication import actions
from publication.models import Outcome, Publication
from reviews.models import Message, Referral
from tests.factories import make_partner, make_partnership
from tests.reports.conftest import diagnosed_partnership

PUBLIC_TEXTS = {
    "title": "Coopération universitaire en robotique",
    "objectives": "OBJECTIFS-PUBLICS former des étudiants",
    "activities": "ACTIVITES-PUBLIQUES ateliers communs",
    "document": "Convention signée publique",
}
PRIVATE = {
    "partner note": "NOTE-PARTENAIRE-SECRETE",
    "partnership description": "DESCRIPTION-INTERNE-SECRETE",
    "partnership budget": "987654",
    "outcome internal note": "NOTE-RESULTAT-SECRETE",
    "diagnostic justification": "JUSTIFICATION-SECRETE",
    "referral reasons": "AVIS-MINISTERE-SECRET",
    "referral message": "MESSAGE-MINISTERE-SECRET",
    "private document": "DOCUMENT-PRIVE-SECRET",
    "unpublished partnership": "PARTENARIAT-NON-PUBLIE",
    "unpublished partner": "PARTENAIRE-CACHE",
    "unpublished outcome": "ACTIVITE-CACHEE",
    "withdrawn partnership": "PARTENARIAT-RETIRE",
    "archived partnership": "PARTENARIAT-ARCHIVE",
    "member e-mail": "alice@a.test",
    "manager e-mail": "martha@a.test",
    "member name": "Alice",
}
# Words of a rating, a score or a referral, in both languages: none belongs on a public page.
RISK_WORDS = [
    "/25",
    "critique",
    "critical",
    "élevé",
    "modéré",
    "moderate",
    "risque",
    "risk",
    "score",
    "ministère",
    "ministry",
    "signalé",
    "flagged",
    "criblage",
    "screening",
    "diagnostic",
]


@dataclass
class World:
    town: Municipality
    published: Publication
    public_document: Document
    private_document: Document
    hidden_slugs: list[str]


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _document(partnership: Partnership, title: str) -> Document:
    document = Document(partnership=partnership, title=title)
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 " + title.encode()), save=True)
    return document


def _publish(partnership: Partnership, by: User, documents: list[Document] = []) -> Publication:  # noqa: B006
    draft = actions.draft_for(partnership)
    draft.objectives = f"Objectifs de {partnership.title}"
    draft.contact_email = "international@ville-a.test"
    return actions.publish(draft, documents, by=by)


@pytest.fixture
def world(town_a: Municipality, alice: User, martha: User) -> World:
    """Published, unpublished, withdrawn and archived partnerships; a scored, referred one."""
    from tests.factories import set_regime

    set_regime("CN", 0)
    scored, assessment = diagnosed_partnership(
        town_a,
        alice,
        martha,
        points=4,
        title=PUBLIC_TEXTS["title"],
        justification=PRIVATE["diagnostic justification"],
    )
    scored.refresh_from_db()
    assert scored.risk_score and scored.rating and scored.flagged, "scored and flagged"
    scored.description = PRIVATE["partnership description"]
    scored.budget = Decimal(PRIVATE["partnership budget"])
    scored.owner = alice
    register.save_partnership(scored, by=alice)
    partner = scored.partner
    partner.notes = PRIVATE["partner note"]
    register.save_partner(partner, by=alice)
    referral = Referral.objects.filter(partnership=scored).first() or Referral.objects.create(
        municipality=town_a,
        partnership=scored,
        assessment=assessment,
        origin="flagged",
        snapshot={"partnership": {"title": scored.title}},
        snapshot_at=timezone.now(),
        deadline=timezone.localdate(),
    )
    Referral.objects.filter(pk=referral.pk).update(
        state="opinion_given",
        opinion="vigilance",
        opinion_reasons=PRIVATE["referral reasons"],
        opinion_at=timezone.now(),
    )
    Message.objects.create(referral=referral, kind="question", body=PRIVATE["referral message"])
    actions.save_outcome(
        Outcome(
            partnership=scored,
            year=2024,
            activities=PUBLIC_TEXTS["activities"],
            people_involved=40,
            municipal_budget=Decimal("1500"),
            co_financing=Decimal("700"),
            internal_note=PRIVATE["outcome internal note"],
        ),
        by=alice,
    )
    public_document = _document(scored, PUBLIC_TEXTS["document"])
    private_document = _document(scored, PRIVATE["private document"])
    published = _publish(scored, martha, [public_document])
    published.objectives = PUBLIC_TEXTS["objectives"]
    actions.publish(published, [public_document], by=martha)

    hidden_partner = make_partner(town_a, country="RU", name=PRIVATE["unpublished partner"])
    hidden = make_partnership(hidden_partner, title=PRIVATE["unpublished partnership"])
    actions.save_outcome(
        Outcome(partnership=hidden, year=2024, activities=PRIVATE["unpublished outcome"]), by=alice
    )
    _document(hidden, "Annexe")
    withdrawn = make_partnership(town_a, title=PRIVATE["withdrawn partnership"])
    withdrawn_pub = _publish(withdrawn, martha)
    actions.withdraw(withdrawn_pub, by=martha)
    archived = make_partnership(town_a, title=PRIVATE["archived partnership"])
    archived_pub = _publish(archived, martha)
    register.archive(archived, by=alice)
    return World(
        town=town_a,
        published=published,
        public_document=public_document,
        private_document=private_document,
        hidden_slugs=[withdrawn_pub.slug, archived_pub.slug, "partenariat-non-publie"],
    )


def _public_urls(world: World) -> list[tuple[str, dict[str, str]]]:
    insee = world.town.insee_code
    page = reverse("public:partnership", kwargs={"insee": insee, "slug": world.published.slug})
    register_url = reverse("public:register", kwargs={"insee": insee})
    fragment = {"HTTP_HX_REQUEST": "true"}
    urls: list[tuple[str, dict[str, str]]] = [
        (reverse("public:index"), {}),
        (reverse("public:index") + "?lang=en", {}),
        (register_url, {}),
        (register_url + "?lang=en", {}),
        (register_url + "?q=robot", fragment),
        (register_url + "?country=CN&year=2024", fragment),
        (register_url + "?status=active&form=project&page=2", {}),
        (page, {}),
        (page + "?lang=en", {}),
        (reverse("public:register_csv", kwargs={"insee": insee}), {}),
        (reverse("public:register_json", kwargs={"insee": insee}), {}),
        (reverse("public:register_feed", kwargs={"insee": insee}), {}),
        (reverse("public:national_csv"), {}),
        (reverse("public:national_json"), {}),
        (reverse("public:national_feed"), {}),
        (reverse("public:schema"), {}),
        (reverse("public:robots"), {}),
    ]
    return urls


@pytest.mark.django_db
def test_no_public_output_contains_a_private_value(world: World) -> None:
    client = Client()
    seen_public = set()
    for url, headers in _public_urls(world):
        response = client.get(url, **headers)  # type: ignore[arg-type]
        assert response.status_code == 200, url
        body = response.content.decode()
        for what, value in PRIVATE.items():
            assert value not in body, f"{url} shows the {what}"
        lowered = body.lower()
        for word in RISK_WORDS:
            assert word not in lowered, f"{url} says {word!r}"
        seen_public |= {name for name, text in PUBLIC_TEXTS.items() if text in body}
    # The searches above can fail: the public values do reach the public.
    assert seen_public == set(PUBLIC_TEXTS)


@pytest.mark.django_db
def test_unpublished_withdrawn_and_archived_partnerships_and_private_documents_answer_404(
    world: World,
) -> None:
    client = Client()
    insee = world.town.insee_code
    for slug in world.hidden_slugs:
        url = reverse("public:partnership", kwargs={"insee": insee, "slug": slug})
        assert client.get(url).status_code == 404, slug
    slug = world.published.slug
    for document in (world.private_document, world.public_document):
        url = reverse(
            "public:document",
            kwargs={"insee": insee, "slug": slug, "public_document_id": document.pk},
        )
        expected = 200 if document == world.public_document else 404
        assert client.get(url).status_code == expected, document.title
    # The signed-in download of the private document still sends a visitor to sign in.
    private = reverse("partners:document_download", args=[world.private_document.pk])
    assert client.get(private)["Location"].startswith(reverse("accounts:login"))
    # The public document under another published slug is not found either.
    other = make_partnership(world.town, title="Autre partenariat publié")
    other_pub = _publish(other, User.objects.get(email="martha@a.test"))
    url = reverse(
        "public:document",
        kwargs={
            "insee": insee,
            "slug": other_pub.slug,
            "public_document_id": world.public_document.pk,
        },
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_municipality_that_publishes_nothing_has_no_public_register(
    world: World, town_b: Municipality
) -> None:
    make_partnership(town_b, title="Rien de public")
    client = Client()
    assert (
        client.get(reverse("public:register", kwargs={"insee": town_b.insee_code})).status_code
        == 404
    )
    assert town_b.name not in client.get(reverse("public:index")).content.decode()
