"""An advisory reaches exactly the municipalities dealing with its entity, and the ministry
never learns which."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from ministry import actions, resolution
from ministry.models import Advisory, ForeignEntity
from municipalities.models import Region, Role
from reviews.models import Notification
from tests.conftest import client_for, make_member, make_municipality
from tests.factories import make_partner
from tests.ministry.conftest import national_liaison


@pytest.fixture
def setting(db: None) -> dict:
    dealing = [
        make_municipality("Nord-A", region=Region.HAUTS_DE_FRANCE),
        make_municipality("Sud-B", region=Region.OCCITANIE),
        make_municipality("Ouest-C", region=Region.BRETAGNE),
    ]
    elsewhere = make_municipality("Autre-D", region=Region.BRETAGNE)  # another body, same country
    officers = {t.pk: make_member(t, Role.OFFICER) for t in [*dealing, elsewhere]}
    for town, name in zip(
        dealing,
        ["Kazan Twinning Agency", "Kazan Twinning Agency LLC", "OOO Kazan Twinning Agency"],
        strict=True,
    ):
        make_partner(town, country="RU", name=name)
    make_partner(elsewhere, country="RU", name="Volga Shipping Company")
    resolution.full_run()
    return {
        "dealing": dealing,
        "elsewhere": elsewhere,
        "officers": officers,
        "entity": ForeignEntity.objects.get(),
        "liaison": national_liaison(),
    }


def _notified(kind: str) -> set[int]:
    return set(
        Notification.objects.filter(kind=kind).values_list(
            "recipient__memberships__municipality", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
def test_an_advisory_on_an_entity_notifies_exactly_the_towns_dealing_with_it(setting: dict) -> None:
    client = client_for(setting["liaison"])
    response = client.post(
        reverse("ministry:advisory_new"),
        {
            "level": "alert",
            "title": "Agence de jumelage de Kazan",
            "text": "Liens établis.",
            "sources": "https://example.org/rapport",
            "entity": setting["entity"].pk,
        },
    )
    assert response.status_code == 302
    advisory = Advisory.objects.get()
    assert _notified("advisory_published") == {t.pk for t in setting["dealing"]}
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {
        setting["officers"][t.pk].email for t in setting["dealing"]
    }
    # The liaison's page: the count, suppressed like any count; never the towns.
    body = client.get(reverse("ministry:advisory", args=[advisory.pk])).content.decode()
    assert re.search(r"(Municipalities reached|Communes atteintes)\s?:\s3\b", body)
    for town in [*setting["dealing"], setting["elsewhere"]]:
        assert town.name not in body
    # A town it reached reads it with its partner; the town it did not reach gets 404.
    reached = client_for(setting["officers"][setting["dealing"][0].pk])
    page = reached.get(reverse("ministry:advisory", args=[advisory.pk]))
    assert page.status_code == 200 and "Kazan Twinning Agency" in page.content.decode()
    other = client_for(setting["officers"][setting["elsewhere"].pk])
    assert other.get(reverse("ministry:advisory", args=[advisory.pk])).status_code == 404

    # Editing and withdrawing reach the same towns, even if partners changed meanwhile.
    make_partner(setting["elsewhere"], country="RU", name="Kazan Twinning Agency")
    actions.update_advisory(advisory, setting["liaison"], title="Agence de Kazan (mise à jour)")
    assert _notified("advisory_updated") == {t.pk for t in setting["dealing"]}
    actions.withdraw_advisory(advisory, setting["liaison"])
    assert _notified("advisory_withdrawn") == {t.pk for t in setting["dealing"]}


@pytest.mark.django_db
def test_an_advisory_on_a_country_reaches_every_town_with_a_partner_there(setting: dict) -> None:
    advisory = actions.publish_advisory(
        setting["liaison"], level="information", title="Russie", text="…", country_id="RU"
    )
    assert set(advisory.reach.values_list("municipality", flat=True)) == {
        t.pk for t in [*setting["dealing"], setting["elsewhere"]]
    }


@pytest.mark.django_db
def test_the_advisory_form_refuses_both_or_neither_target(setting: dict) -> None:
    client = client_for(setting["liaison"])
    data = {"level": "alert", "title": "T", "text": "x"}
    assert client.post(reverse("ministry:advisory_new"), data).status_code == 422
    both = {**data, "entity": setting["entity"].pk, "country": "RU"}
    assert client.post(reverse("ministry:advisory_new"), both).status_code == 422
    assert not Advisory.objects.exists()


@pytest.mark.django_db
def test_the_advisory_shows_on_the_partner_partnership_and_diagnostic_pages(setting: dict) -> None:
    from partners.models import Partner
    from risks.models import Assessment, Questionnaire
    from tests.factories import make_partnership

    town = setting["dealing"][1]
    officer = setting["officers"][town.pk]
    partner = Partner.objects.get(municipality=town)
    partnership = make_partnership(partner)
    assessment = Assessment.objects.create(
        municipality=town,
        partnership=partnership,
        questionnaire=Questionnaire.objects.published().latest("version"),
        created_by=officer,
    )
    actions.publish_advisory(
        setting["liaison"],
        level="vigilance",
        title="Prudence Kazan",
        text="…",
        entity=setting["entity"],
    )
    client = client_for(officer)
    for url in (
        partner.get_absolute_url(),
        partnership.get_absolute_url(),
        assessment.get_absolute_url(),
    ):
        assert "Prudence Kazan" in client.get(url).content.decode(), url
    diagnostic = client.get(assessment.get_absolute_url()).content.decode()
    assert reverse("reviews:request_opinion", args=[assessment.pk]) in diagnostic
    # The town that deals with another Russian body sees nothing of it.
    elsewhere = Partner.objects.get(municipality=setting["elsewhere"])
    other = client_for(setting["officers"][setting["elsewhere"].pk])
    assert "Prudence Kazan" not in other.get(elsewhere.get_absolute_url()).content.decode()
