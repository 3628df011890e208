"""Lists sorted by the database read in French alphabetical order: titles whatever their case
and accents, countries with ICU's French collation on PostgreSQL."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality
from tests.conftest import in_ci
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db


def order_in(body: str, names: list[str]) -> list[str]:
    return sorted(names, key=body.index)


def test_partnership_titles_ignore_case_and_accents(
    town_a: Municipality, alice_client: Client
) -> None:
    for title in ("Zoo de Pékin", "école de musique", "Échanges scolaires", "Danube"):
        make_partnership(town_a, title)
    url = reverse("partners:partnership_list")
    expected = ["Danube", "Échanges scolaires", "école de musique", "Zoo de Pékin"]
    body = alice_client.get(url).content.decode()
    assert order_in(body, expected) == expected
    body = alice_client.get(url, {"sort": "-title"}).content.decode()
    assert order_in(body, expected) == expected[::-1]


def test_countries_in_french_alphabetical_order(town_a: Municipality, alice_client: Client) -> None:
    if connection.vendor != "postgresql":  # SQLite, the demo database, has no ICU
        if in_ci():
            pytest.fail("CI: the French collation needs PostgreSQL")
        pytest.skip("the French collation needs PostgreSQL")
    for name, country in (("Partenaire Z", "ZW"), ("Partenaire E", "EG"), ("Partenaire D", "DE")):
        make_partner(town_a, name, country=country)
    body = alice_client.get(reverse("partners:partner_list"), {"sort": "country"}).content
    # Allemagne, Égypte, Zimbabwe: "É" among the E, not after Z.
    names = ["Partenaire D", "Partenaire E", "Partenaire Z"]
    assert order_in(body.decode(), names) == names
