"""The national picture's query count does not grow with the data (bench/run.py uses it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from municipalities.models import Region
from tests.conftest import client_for, make_municipality
from tests.factories import make_partner
from tests.ministry.conftest import national_liaison, rated

PICTURE_QUERIES = 18  # bench/run.py's budget for the ministry's national picture


@pytest.mark.django_db
@pytest.mark.parametrize("towns", [2, 8])
def test_the_picture_needs_the_same_queries_whatever_the_size(
    towns: int, django_assert_max_num_queries: Any
) -> None:
    for n in range(towns):
        town = make_municipality(f"Ville {n}", region=[Region.BRETAGNE, Region.CORSE][n % 2])
        for country in ("CN", "RU", "DE"):
            rated(town, partner=make_partner(town, country=country), band="high")
    client = client_for(national_liaison())
    url = reverse("ministry:picture")
    client.get(url)  # the session and the header badge settle
    for query in ("", "?region=53", "?country=CN&band=high&category=ip_capture"):
        with django_assert_max_num_queries(PICTURE_QUERIES):
            assert client.get(url + query).status_code == 200
