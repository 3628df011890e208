"""Every ministry URL for every role: members, outsiders, liaisons of the region or not."""

from __future__ import annotations

import pytest
from django.test import Client

from citydiplo.access import Access
from municipalities.models import Municipality
from tests.conftest import client_for, make_member
from tests.ministry.conftest import national_liaison, regional_liaison
from tests.test_access_sweep import MINISTRY_ROUTES, Route, _url

LIAISON_ROUTES = [r for r in MINISTRY_ROUTES if r.access == Access.LIAISON]


def test_the_ministry_sweep_sees_every_ministry_url() -> None:
    names = {r.name for r in MINISTRY_ROUTES}
    assert {
        "ministry:picture",
        "ministry:entity",
        "ministry:advisory",
        "ministry:shared_register",
    } <= names
    assert all(r.access is not None for r in MINISTRY_ROUTES)


def _codes(client: Client, url: str) -> tuple[int, int]:
    return client.get(url).status_code, client.post(url).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIAISON_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ["viewer", "officer", "manager"])
def test_members_get_404_on_every_liaison_page(
    route: Route, role: str, town_a: Municipality
) -> None:
    client = client_for(make_member(town_a, role))
    codes = _codes(client, _url(route, town_a))
    assert set(codes) <= {404, 405} and 404 in codes, f"{route.name}: {codes}"


# Advisories are the ministry's own, not a town's: any liaison may read them.
TOWN_OBJECT_ROUTES = [
    r for r in LIAISON_ROUTES if r.kwargs and not r.name.startswith("ministry:advisory")
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", TOWN_OBJECT_ROUTES, ids=lambda r: r.name)
def test_a_liaison_of_another_region_gets_404_on_the_towns_objects(
    route: Route, town_a: Municipality
) -> None:
    from municipalities.models import Region

    other = Region.CORSE if town_a.region != Region.CORSE else Region.BRETAGNE
    client = client_for(regional_liaison(other))
    url = _url(route, town_a)
    codes = _codes(client, url)
    assert set(codes) <= {404, 405} and 404 in codes, f"{route.name}: {codes}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIAISON_ROUTES, ids=lambda r: r.name)
def test_a_national_liaison_reaches_every_liaison_page(route: Route, town_a: Municipality) -> None:
    from ministry.actions import set_sharing

    set_sharing(town_a, "register", make_member(town_a, "manager"))
    client = client_for(national_liaison())
    url = _url(route, town_a)
    method = "get" if route.name.split(":")[1] in GET_PAGES else "post"
    assert getattr(client, method)(url).status_code in (200, 302, 422), route.name


GET_PAGES = {
    "picture",
    "picture_csv",
    "entities",
    "entity",
    "advisories",
    "advisory_new",
    "advisory_edit",
    "shared_registers",
    "shared_register",
}
