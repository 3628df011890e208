"""Differencing between filters: a liaison who subtracts a filtered picture from the unfiltered
one (or adds up the filtered ones) never isolates a count of 1 or 2; and the CSV says what the
page says."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from municipalities.models import Region
from partners.models import PartnerKind, PartnershipForm
from tests.conftest import client_for, make_municipality
from tests.factories import make_partner
from tests.ministry.conftest import national_liaison, rated
from tests.ministry.test_suppression import values_left

BANDS = ["low", "moderate", "high", "critical", "unrated"]
KIND = str(PartnerKind.UNIVERSITY.label)
FORM = str(PartnershipForm.MOU.label)


@pytest.fixture
def four_universities(db: None) -> Client:
    """Four memoranda with foreign universities: one rated low, three moderate; and a bulk of
    other partnerships around them, so that nothing else in the tables is small."""
    towns = [make_municipality(f"Ville {n}", region=Region.BRETAGNE) for n in range(2)]
    for n, band in enumerate(["low", "moderate", "moderate", "moderate"]):
        town = towns[n % 2]
        partner = make_partner(town, kind="university", country="JP")
        rated(town, partner=partner, band=band, form="mou")
    for n in range(12):
        town = towns[n % 2]
        rated(town, partner=make_partner(town, country="DE"), band=BANDS[n % 4])
    return client_for(national_liaison())


def _csv(client: Client, table: str, **filters: str) -> dict[tuple[str, str], str]:
    response = client.get(reverse("ministry:picture_csv"), {"table": table, **filters})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    return {
        (row[0], column): value
        for row in rows[1:]
        for column, value in zip(header[1:], row[1:], strict=True)
    }


def _cell(table: dict[tuple[str, str], str], row: str, column: str) -> str:
    return table.get((row, column), "0")


@pytest.mark.django_db
def test_unfiltered_minus_one_band_does_not_give_the_other_band(four_universities: Client) -> None:
    client = four_universities
    everything = _cell(_csv(client, "kind-form"), KIND, FORM)
    moderate = _cell(_csv(client, "kind-form", band="moderate"), KIND, FORM)
    low = _cell(_csv(client, "kind-form", band="low"), KIND, FORM)
    assert low == "< 3"
    # 4 - 3 would be the 1 partnership rated low: both figures are intervals instead.
    assert {1, 2} <= values_left([low, moderate], everything, 0), (everything, moderate)


@pytest.mark.django_db
def test_the_bands_added_up_against_the_whole_do_not_give_a_small_one(
    four_universities: Client,
) -> None:
    client = four_universities
    everything = _cell(_csv(client, "kind-form"), KIND, FORM)
    by_band = [_cell(_csv(client, "kind-form", band=band), KIND, FORM) for band in BANDS]
    assert by_band[0] == "< 3"
    assert {1, 2} <= values_left(by_band, everything, 0), (by_band, everything)


@pytest.mark.django_db
def test_a_country_filter_against_the_whole_does_not_give_a_small_one(
    four_universities: Client,
) -> None:
    client = four_universities
    # The quarter table by band, for every country and for Japan alone: the rest is Germany.
    whole = _csv(client, "quarter")
    japan = _csv(client, "quarter", country="JP")
    germany = _csv(client, "quarter", country="DE")
    for (quarter, band), value in whole.items():
        if quarter == "total" or band == "total":
            continue
        parts = [_cell(japan, quarter, band), _cell(germany, quarter, band)]
        for i, part in enumerate(parts):
            if part == "< 3":
                assert {1, 2} <= values_left(parts, value, i), (quarter, band, parts, value)


@pytest.mark.django_db
def test_the_export_shows_exactly_the_page(four_universities: Client) -> None:
    client = four_universities
    for filters in ({}, {"band": "moderate"}, {"country": "JP"}):
        page = client.get(reverse("ministry:picture"), filters).content.decode()
        table = page.split('id="kind-form"', 1)[1].split("</table>", 1)[0]
        section = table.split("<tbody", 1)[1]  # the figures, not the header row
        shown = [unescape(c) for c in re.findall(r"<td>([^<]*)</td>", section)]
        exported = list(csv.reader(io.StringIO(_csv_text(client, "kind-form", **filters))))
        assert shown == [value for row in exported[1:] for value in row[1:]], filters


def _csv_text(client: Client, table: str, **filters: str) -> str:
    response = client.get(reverse("ministry:picture_csv"), {"table": table, **filters})
    return response.content.decode()
