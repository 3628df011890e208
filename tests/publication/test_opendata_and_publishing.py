"""Open data validates against its Table Schema, the feeds parse, and publishing is previewed,
audited and reversible; outcomes refuse bad input with French messages."""

from __future__ import annotations

import json
from decimal import Decimal

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from frictionless import Resource, Schema, validate

from accounts.models import User
from municipalities.models import Municipality
from publication import actions
from publication.models import Outcome, Publication
from tests.factories import make_partner, make_partnership


def _published(town: Municipality, by: User, title: str, country: str = "DE") -> Publication:
    partnership = make_partnership(
        make_partner(town, country=country), title=title, status="active"
    )
    actions.save_outcome(
        Outcome(
            partnership=partnership,
            year=2024,
            activities="Échange de jeunes",
            people_involved=12,
            municipal_budget=Decimal("1200.50"),
            co_financing=Decimal("300"),
        ),
        by=by,
    )
    draft = actions.draft_for(partnership)
    draft.objectives, draft.contact_email = (
        "Des échanges, « enfin » ; virgules, guillemets",
        "c@a.test",
    )
    return actions.publish(draft, [], by=by)


@pytest.mark.django_db
def test_the_csv_exports_validate_against_the_published_table_schema(
    town_a: Municipality, martha: User, tmp_path: object
) -> None:
    _published(town_a, martha, "Jumelage, « Brunnfeld »", "DE")
    _published(town_a, martha, "Coopération eau", "SN")
    client = Client()
    descriptor = client.get(reverse("public:schema")).json()
    report = Schema.validate_descriptor(descriptor)
    assert report.valid, [e.message for e in report.errors]
    schema = Schema.from_descriptor(descriptor)
    for url in (
        reverse("public:register_csv", kwargs={"insee": town_a.insee_code}),
        reverse("public:national_csv"),
    ):
        text = client.get(url).content.decode()
        assert text.count("\n") == 3, "a header and two rows"
        resource = Resource(text.encode(), format="csv", schema=schema)
        report = validate(resource)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        rows = resource.read_rows()  # type: ignore[attr-defined]
        assert {r["pays_code"] for r in rows} == {"DE", "SN"}
        assert {r["pays_nom"] for r in rows} == {"Allemagne", "Sénégal"}
        assert all(r["budget_municipal_euros"] == Decimal("1200.50") for r in rows)
    assert descriptor["licenses"][0]["title"] == "Licence Ouverte 2.0 (Etalab)"


@pytest.mark.django_db
def test_the_json_export_states_licence_date_and_outcomes(
    town_a: Municipality, martha: User
) -> None:
    publication = _published(town_a, martha, "Jumelage")
    data = json.loads(
        Client().get(reverse("public:register_json", kwargs={"insee": town_a.insee_code})).content
    )
    assert data["licence"] == "Licence Ouverte 2.0 (Etalab)"
    assert data["date_modification"].startswith(str(publication.changed_at.date()))
    [item] = data["partenariats"]
    assert item["resultats"] == [
        {
            "annee": 2024,
            "activites": "Échange de jeunes",
            "personnes_impliquees": 12,
            "budget_municipal_euros": "1200.50",
            "cofinancements_euros": "300.00",
            "recit": "",
        }
    ]


@pytest.mark.django_db
def test_the_atom_feeds_parse_and_list_the_publications(town_a: Municipality, martha: User) -> None:
    _published(town_a, martha, "Jumelage Brunnfeld")
    for url in (
        reverse("public:national_feed"),
        reverse("public:register_feed", kwargs={"insee": town_a.insee_code}),
    ):
        feed = feedparser.parse(Client().get(url).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert [e.title for e in feed.entries] == ["Jumelage Brunnfeld — Ville A"]
        assert feed.entries[0].link.endswith(f"/registre/{town_a.insee_code}/jumelage-brunnfeld/")


@pytest.mark.django_db
def test_publishing_needs_the_preview_and_is_audited(
    town_a: Municipality, martha_client: Client, martha: User
) -> None:
    partnership = make_partnership(town_a, title="Jumelage Brunnfeld", description="Interne")
    url = reverse("publication:publish", args=[partnership.pk])
    data = {"objectives": "Rapprocher les habitants", "contact_email": "ri@a.test"}
    preview = martha_client.post(url, data)
    assert preview.status_code == 200
    assert "Rapprocher les habitants" in preview.content.decode()
    assert not Publication.objects.filter(is_published=True).exists(), "a preview publishes nothing"
    # Changing a text after the preview asks for a new preview.
    previewed = preview.context["previewed"]
    martha_client.post(url, {**data, "objectives": "Autre", "previewed": previewed, "confirm": "1"})
    assert not Publication.objects.filter(is_published=True).exists()
    martha_client.post(url, {**data, "previewed": previewed, "confirm": "1"})
    publication = Publication.objects.get(partnership=partnership)
    assert publication.is_published and publication.slug == "jumelage-brunnfeld"
    public = reverse(
        "public:partnership", kwargs={"insee": town_a.insee_code, "slug": "jumelage-brunnfeld"}
    )
    assert Client().get(public).status_code == 200
    martha_client.post(reverse("publication:withdraw", args=[partnership.pk]))
    assert Client().get(public).status_code == 404, "withdrawn at once: the cache key moved"
    reasons = list(
        publication.history.order_by("history_date").values_list(
            "history_change_reason", "history_user"
        )
    )
    assert reasons == [("published", martha.pk), ("withdrawn", martha.pk)]


@pytest.mark.django_db
def test_officers_and_viewers_cannot_publish(
    town_a: Municipality, alice_client: Client, victor_client: Client
) -> None:
    partnership = make_partnership(town_a)
    url = reverse("publication:publish", args=[partnership.pk])
    assert (
        alice_client.post(url, {"objectives": "x", "contact_email": "a@a.test"}).status_code == 403
    )
    assert victor_client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "1800", "Saisissez une année entre 1950 et"),
        ("year", "2999", "Saisissez une année entre 1950 et"),
        ("municipal_budget", "-5", "Un montant ne peut pas être négatif."),
        ("co_financing", "-0.01", "Un montant ne peut pas être négatif."),
        ("people_involved", "-1", "supérieure ou égale à 0"),
        ("activities", "x" * 2001, "au plus 2000 caractères"),
        ("activities", "", "Ce champ est obligatoire."),
    ],
)
@pytest.mark.django_db
def test_bad_outcomes_are_refused_with_a_french_message_and_nothing_is_saved(
    town_a: Municipality, alice_client: Client, field: str, value: str, message: str
) -> None:
    partnership = make_partnership(town_a)
    good = {
        "year": "2024",
        "activities": "Visite",
        "people_involved": "3",
        "municipal_budget": "100",
        "co_financing": "0",
    }
    response = alice_client.post(
        reverse("publication:outcome_create", args=[partnership.pk]), {**good, field: value}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_an_officer_records_outcomes_shown_on_the_partnership_page(
    town_a: Municipality, alice_client: Client, alice: User
) -> None:
    partnership = make_partnership(town_a)
    data = {
        "year": "2024",
        "activities": "Tournoi de football",
        "people_involved": "80",
        "municipal_budget": "2500",
        "co_financing": "1000",
    }
    url = reverse("publication:outcome_create", args=[partnership.pk])
    assert alice_client.post(url, data).status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.history.get().history_user == alice
    page = alice_client.get(partnership.get_absolute_url()).content.decode()
    section = reverse("publication:outcomes", args=[partnership.pk])
    assert f'hx-get="{section}"' in page
    fragment = alice_client.get(section, HTTP_HX_REQUEST="true").content.decode()
    assert "Tournoi de football" in fragment and "<html" not in fragment
    assert alice_client.post(url, data).status_code == 422, "one row per year"
