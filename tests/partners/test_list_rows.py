"""What each row of the two register lists shows, cell by cell, in French and in English."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partnership
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db


class _Rows(HTMLParser):
    """The text of each cell of the body rows of the page's table, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell = []
        elif self._in_body and tag == "a":
            self.links.append(dict(attrs)["href"] or "")
        elif self._cell is not None and tag == "br":
            self._cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(client: Client, url: str, language: str = "fr", **params: str) -> _Rows:
    response = client.get(url, params, headers={"accept-language": language})
    assert response.status_code == 200
    parser = _Rows()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def register(town_a: Municipality, alice: User) -> dict[str, Partnership]:
    kyiv = make_partner(town_a, "Ville de Kyïv", country="UA", aliases="Kyiv\nKiev", city="Kyïv")
    lab = make_partner(town_a, "Institut Hartmann", country="DE", kind="university")
    rated = make_partnership(
        kyiv,
        "Jumelage Kyïv",
        sectors=["ai"],
        start_date=date(2025, 3, 1),
        end_date=date(2027, 2, 28),
        owner=alice,
    )
    Partnership.objects.filter(pk=rated.pk).update(rating="high", risk_score=16, flagged=True)
    plain = make_partnership(lab, "Échanges d'étudiants", form="mou", status="proposed")
    old = make_partnership(kyiv, "Ancien projet", archived_at=timezone.now())
    return {"rated": rated, "plain": plain, "old": old}


def test_partnership_rows_in_french(alice_client: Client, register: dict[str, Partnership]) -> None:
    page = table_rows(alice_client, reverse("partners:partnership_list"))
    by_title = {row[0]: row for row in page.rows}
    assert by_title["Jumelage Kyïv secteur stratégique"] == [
        "Jumelage Kyïv secteur stratégique",
        "Ville de Kyïv | Ukraine",
        "jumelage",
        "actif",
        "01/03/2025",
        "28/02/2027",
        "élevé (16)",
        "signalé",
        "Alice",
    ]
    plain = by_title["Échanges d'étudiants"]
    assert plain[1] == "Institut Hartmann | Allemagne"
    assert plain[4:] == ["—", "—", "non coté", "—", "—"]
    assert "Ancien projet archivé" not in by_title  # archived: shown on request only
    assert reverse("partners:partnership_detail", args=[register["rated"].pk]) in page.links


def test_partnership_rows_in_english_and_archived_on_request(
    alice_client: Client, register: dict[str, Partnership]
) -> None:
    page = table_rows(alice_client, reverse("partners:partnership_list"), "en", state="all")
    by_title = {row[0]: row for row in page.rows}
    assert by_title["Jumelage Kyïv strategic sector"][1:4] == [
        "Ville de Kyïv | Ukraine",
        "twinning",
        "active",
    ]
    assert by_title["Jumelage Kyïv strategic sector"][6:8] == ["high (16)", "flagged"]
    assert by_title["Échanges d'étudiants"][2:4] == ["memorandum of understanding", "proposed"]
    assert "Ancien projet archived" in by_title


def test_partner_rows(alice_client: Client, register: dict[str, Partnership]) -> None:
    Partnership.objects.filter(pk=register["rated"].pk).update(flagged=False)
    page = table_rows(alice_client, reverse("partners:partner_list"))
    assert page.rows == [
        # Name (with other names), kind, country, city, partnerships not archived.
        ["Institut Hartmann", "université ou organisme de recherche", "Allemagne", "—", "1"],
        ["Ville de Kyïv | Kyiv, Kiev", "collectivité locale étrangère", "Ukraine", "Kyïv", "1"],
    ]
    english = table_rows(alice_client, reverse("partners:partner_list"), "en")
    assert english.rows[0][1:3] == ["university or research body", "Germany"]


def test_partner_badges(alice_client: Client, town_a: Municipality) -> None:
    make_partner(town_a, "Alpha", sanctions_confirmed=True)
    make_partner(town_a, "Bravo", screening_to_review=True)
    make_partner(town_a, "Charlie", archived_at=timezone.now())
    page = table_rows(alice_client, reverse("partners:partner_list"), "en", state="all")
    assert [row[0] for row in page.rows] == [
        "Alpha sanctions match",
        "Bravo hits to review",
        "Charlie archived",
    ]
