"""Fixtures of the guidance tests: uploads in a temporary folder, a liaison of town_a's region."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from municipalities.models import Municipality, Region
from partners.models import Partnership
from tests.conftest import client_for
from tests.factories import make_partner, make_partnership
from tests.reviews.conftest import make_liaison


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def liaison(town_a: Municipality) -> User:
    return make_liaison("liaison@meae.test", region=Region.CENTRE_VAL_DE_LOIRE)


@pytest.fixture
def liaison_client(liaison: User) -> Client:
    return client_for(liaison)


@pytest.fixture
def partnership(town_a: Municipality) -> Partnership:
    partner = make_partner(town_a, country="JP", name="Ville de Kanazawa")
    return make_partnership(
        partner,
        title="Jumelage Kanazawa",
        form="convention",
        status="proposed",
        deliberation_ref="DEL-2026-042",
        budget="12000.00",
    )
