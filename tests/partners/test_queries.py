"""Query budgets (DESIGN §8): list and detail pages stay within 8 queries with 200+ rows."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality
from partners.models import Partner, Partnership
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db

BUDGET = 8


@pytest.fixture
def big_register(town_a: Municipality, alice: Any) -> Partner:
    countries = ["DE", "IT", "UA", "CN", "BR", "SN"]
    partners = [
        Partner(
            municipality=town_a,
            name=f"Partenaire {i:03d}",
            kind="company",
            country_id=countries[i % len(countries)],
            aliases=f"P{i}\nAlias {i}",
        )
        for i in range(220)
    ]
    for partner in partners:
        partner.refresh_normalised()
    Partner.objects.bulk_create(partners)
    hub = make_partner(town_a, "Ville pivot", country_id="UA")
    partnerships = [
        Partnership(
            municipality=town_a,
            partner=partners[i % 220] if i % 2 else hub,
            title=f"Partenariat {i:03d}",
            form="project",
            status="active",
            sectors=["ai"] if i % 3 else [],
            owner=alice,
        )
        for i in range(240)
    ]
    for partnership in partnerships:
        partnership.refresh_normalised()
    Partnership.objects.bulk_create(partnerships)
    # A history with changes of every kind of field, foreign keys included.
    partnership = make_partnership(hub, "Suivi", owner=alice)
    for status, country in (("suspended", "DE"), ("ended", "IT")):
        partnership.status = status
        partnership.owner = None if partnership.owner else alice
        partnership.save()
        hub.country_id = country
        hub.save()
    return hub


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "partenaire 1", "sort": "-country"},
        {"kind": "company", "country": "UA", "page": 3},
        {"screening": "to_review"},
    ],
)
def test_partner_list_budget(
    big_register: Partner,
    alice_client: Client,
    django_assert_max_num_queries: Any,
    params: dict[str, Any],
) -> None:
    with django_assert_max_num_queries(BUDGET):
        response = alice_client.get(reverse("partners:partner_list"), params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "pivot", "sector": "ai", "sort": "-partner"}, {"status": "active", "page": 4}],
)
def test_partnership_list_budget(
    big_register: Partner,
    alice_client: Client,
    django_assert_max_num_queries: Any,
    params: dict[str, Any],
) -> None:
    with django_assert_max_num_queries(BUDGET):
        response = alice_client.get(reverse("partners:partnership_list"), params)
    assert response.status_code == 200


def test_partner_detail_budget(
    big_register: Partner, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    assert big_register.partnerships.count() > 100
    with django_assert_max_num_queries(BUDGET):
        response = alice_client.get(big_register.get_absolute_url())
    assert response.status_code == 200
    assert "Partenariat 238" in response.content.decode()


def test_partnership_detail_budget(
    big_register: Partner, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    partnership = Partnership.objects.get(title="Suivi")
    # One more than a list: the ministry's advisories bearing on the partner.
    with django_assert_max_num_queries(BUDGET + 1):
        response = alice_client.get(partnership.get_absolute_url())
    assert response.status_code == 200
