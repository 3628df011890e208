"""Walk every URL pattern and prove the tenancy and role rules on each one.

- anonymous visitors are sent to sign-in everywhere but the public pages;
- a member of another municipality gets 404 on every URL that takes an object id;
- a viewer gets 403 on every write, an officer 403 on every manager-only action;
- the member who may act is neither refused nor told the object does not exist.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citydiplo.access import Access
from municipalities.models import Municipality
from tests.conftest import client_for, make_member
from tests.sweep import (
    NON_OBJECT_KWARGS,
    OBJECT_FACTORIES,
    PUBLIC_FACTORIES,
    SHARED_CONTENT_KWARGS,
)

SKIPPED_NAMESPACES = {"admin"}  # Django's admin: staff only, guarded by Django itself


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]
    access: Access | None


def _walk(
    patterns: list[Any], namespace: str = "", kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    for entry in patterns:
        names = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix, kwargs + names)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                if "static" in str(entry.pattern) or "media" in str(entry.pattern):
                    continue
                raise AssertionError(f"URL pattern {entry.pattern} has no name")
            yield Route(
                namespace + entry.name, kwargs + names, getattr(entry.callback, "access", None)
            )


ROUTES = sorted(_walk(get_resolver().url_patterns), key=lambda r: r.name)


def test_the_sweep_sees_the_project_urls() -> None:
    names = {route.name for route in ROUTES}
    assert {"home", "accounts:login", "municipalities:member_role"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_url_declares_what_it_does(route: Route) -> None:
    assert isinstance(route.access, Access), (
        f"{route.name}: mark its view with @access(Access.…) so the sweep can check it"
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_url_kwarg_can_be_placed(route: Route) -> None:
    for kwarg in route.kwargs:
        if route.access == Access.PUBLIC and kwarg in PUBLIC_FACTORIES:
            continue  # a published object ("slug" also names a guide page, on account pages)
        if kwarg in NON_OBJECT_KWARGS or (
            kwarg in PUBLIC_FACTORIES and kwarg not in SHARED_CONTENT_KWARGS
        ):
            assert route.access == Access.PUBLIC, (
                f"{route.name}: {kwarg} is only allowed on public pages"
            )
        elif kwarg in SHARED_CONTENT_KWARGS:
            assert route.access == Access.ACCOUNT, (
                f"{route.name}: {kwarg} names shared content, only on account pages"
            )
        else:
            assert kwarg in OBJECT_FACTORIES, (
                f"{route.name}: add a factory for '{kwarg}' in tests/sweep.py"
            )


def _url(route: Route, town: Municipality) -> str:
    kwargs: dict[str, Any] = {}
    for kwarg in route.kwargs:
        if kwarg in NON_OBJECT_KWARGS:
            kwargs[kwarg] = NON_OBJECT_KWARGS[kwarg]
        elif route.access == Access.PUBLIC and kwarg in PUBLIC_FACTORIES:
            kwargs[kwarg] = PUBLIC_FACTORIES[kwarg](town)
        elif kwarg in SHARED_CONTENT_KWARGS:
            kwargs[kwarg] = SHARED_CONTENT_KWARGS[kwarg]
        elif kwarg in PUBLIC_FACTORIES:
            kwargs[kwarg] = PUBLIC_FACTORIES[kwarg](town)
        else:
            kwargs[kwarg] = OBJECT_FACTORIES[kwarg](town)
    return reverse(route.name, kwargs=kwargs)


def _is_write(route: Route) -> bool:
    return route.access in (Access.WRITE, Access.MANAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_sign_in(route: Route, town_a: Municipality) -> None:
    url = _url(route, town_a)
    response = Client().get(url)
    if route.access == Access.PUBLIC:
        assert response.status_code < 400, f"{route.name} must be reachable signed out"
    else:
        assert response.status_code == 302, route.name
        assert response["Location"].startswith(reverse("accounts:login")), route.name
        response = Client().post(url)
        assert response.status_code in (302, 405), route.name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), route.name


OBJECT_ROUTES = [r for r in ROUTES if any(k in OBJECT_FACTORIES for k in r.kwargs)]
MEMBER_ROUTES = [r for r in ROUTES if r.access in (Access.READ, Access.WRITE, Access.MANAGE)]


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_outsiders_get_404_on_every_object_url(
    route: Route, town_a: Municipality, oscar_client: Client
) -> None:
    url = _url(route, town_a)
    for method in ("get", "post"):
        response = getattr(oscar_client, method)(url)
        # 405 says nothing of the object: the method is refused before any lookup.
        assert response.status_code in (404, 405), f"{method.upper()} {route.name}"
    assert 404 in (oscar_client.get(url).status_code, oscar_client.post(url).status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in MEMBER_ROUTES if _is_write(r)], ids=lambda r: r.name)
def test_viewers_get_403_on_every_write(
    route: Route, town_a: Municipality, victor_client: Client
) -> None:
    response = victor_client.post(_url(route, town_a))
    assert response.status_code == 403, route.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [r for r in MEMBER_ROUTES if r.access == Access.MANAGE], ids=lambda r: r.name
)
def test_officers_get_403_on_manager_actions(
    route: Route, town_a: Municipality, alice_client: Client
) -> None:
    assert alice_client.post(_url(route, town_a)).status_code == 403, route.name


@pytest.mark.django_db
@pytest.mark.parametrize("route", MEMBER_ROUTES, ids=lambda r: r.name)
def test_the_member_who_may_act_is_let_through(route: Route, town_a: Municipality) -> None:
    role = {Access.READ: "viewer", Access.WRITE: "officer", Access.MANAGE: "manager"}
    assert route.access is not None
    client = client_for(make_member(town_a, role[route.access]))
    url = _url(route, town_a)
    method = "post" if _is_write(route) else "get"
    response = getattr(client, method)(url)
    assert response.status_code not in (403, 404), f"{method.upper()} {route.name}"
    if route.access == Access.READ:
        assert response.status_code == 200, route.name


# --- ministry liaisons (DESIGN §1) --------------------------------------------------------------
# A liaison sees the referrals of the municipalities they follow, and nothing else of them: no
# register, no diagnostic, no member list. A liaison of another region sees nothing at all.

REFERRAL_ROUTES = [r for r in ROUTES if "referral_id" in r.kwargs]
# The ministry's own pages (picture, entities, advisories, shared registers) are swept for
# every role in tests/ministry/test_ministry_access.py.
MINISTRY_ROUTES = [r for r in ROUTES if r.name.startswith("ministry:")]
MUNICIPAL_ROUTES = sorted(
    {r for r in OBJECT_ROUTES + MEMBER_ROUTES if r not in REFERRAL_ROUTES + MINISTRY_ROUTES},
    key=lambda r: r.name,
)


def _liaison_client(town: Municipality, *, same_region: bool) -> Client:
    from municipalities.models import LiaisonAssignment, Region
    from tests.conftest import make_user

    other = Region.BRETAGNE if town.region != Region.BRETAGNE else Region.NORMANDIE
    user = make_user(f"liaison-{'in' if same_region else 'out'}-{town.pk}@meae.test")
    LiaisonAssignment.objects.create(liaison=user, region=town.region if same_region else other)
    return client_for(user)


def _referred(town: Municipality) -> None:
    """A referral of `town` (its own partner: the route's factories create theirs)."""
    from django.utils import timezone

    from partners.models import Partner, Partnership
    from reviews.models import Referral
    from risks.models import Assessment, Questionnaire

    partner = Partner.objects.create(
        municipality=town, name="Liaison sweep", kind="other", country_id="CN"
    )
    partnership = Partnership.objects.create(
        municipality=town, partner=partner, title="Referred", form="project"
    )
    assessment = Assessment.objects.create(
        municipality=town,
        partnership=partnership,
        questionnaire=Questionnaire.objects.published().latest("version"),
        created_by=make_member(town, "officer"),
    )
    Referral.objects.create(
        municipality=town,
        partnership=partnership,
        assessment=assessment,
        origin="flagged",
        snapshot={},
        partnership_title="Referred",
        partner_name="Liaison sweep",
        snapshot_at=timezone.now(),
        deadline=timezone.localdate(),
    )


def test_the_liaison_sweep_sees_the_referral_urls() -> None:
    assert {"reviews:referral", "reviews:opinion"} <= {r.name for r in REFERRAL_ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize("route", REFERRAL_ROUTES + MUNICIPAL_ROUTES, ids=lambda r: r.name)
def test_a_liaison_of_another_region_gets_404_everywhere(
    route: Route, town_a: Municipality
) -> None:
    client = _liaison_client(town_a, same_region=False)
    url = _url(route, town_a)
    codes = (client.get(url).status_code, client.post(url).status_code)
    assert set(codes) <= {404, 405}, f"{route.name}: {codes}"
    assert 404 in codes, route.name


@pytest.mark.django_db
@pytest.mark.parametrize("route", REFERRAL_ROUTES, ids=lambda r: r.name)
def test_a_liaison_of_the_region_reaches_the_referral_urls(
    route: Route, town_a: Municipality
) -> None:
    client = _liaison_client(town_a, same_region=True)
    url = _url(route, town_a)
    if route.access == Access.READ:  # pages and files: read
        assert client.get(url).status_code == 200, route.name
    else:  # actions: the referral is visible, whatever the action answers
        assert client.post(url).status_code not in (404, 405), route.name


@pytest.mark.django_db
@pytest.mark.parametrize("route", MUNICIPAL_ROUTES, ids=lambda r: r.name)
def test_a_liaison_of_the_region_gets_404_on_the_register_and_diagnostics(
    route: Route, town_a: Municipality
) -> None:
    _referred(town_a)  # the town did refer something to this liaison
    client = _liaison_client(town_a, same_region=True)
    url = _url(route, town_a)
    codes = (client.get(url).status_code, client.post(url).status_code)
    assert set(codes) <= {404, 405}, f"{route.name}: {codes}"
    assert 404 in codes, route.name


# --- the public register: the only pages besides sign-in that answer signed out -----------------

PUBLIC_REGISTER = [r for r in ROUTES if r.name.startswith("public:")]
SIGNED_OUT_PAGES = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
    "set_language",
}


def test_only_sign_in_health_language_and_the_public_register_skip_sign_in() -> None:
    public = {r.name for r in ROUTES if r.access == Access.PUBLIC}
    assert public - SIGNED_OUT_PAGES == {r.name for r in PUBLIC_REGISTER}
    assert all(r.access == Access.PUBLIC for r in PUBLIC_REGISTER)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PUBLIC_REGISTER, ids=lambda r: r.name)
def test_the_public_register_answers_anonymous_visitors(route: Route, town_a: Municipality) -> None:
    response = Client().get(_url(route, town_a))
    assert response.status_code == 200, route.name
    assert "sessionid" not in response.cookies, route.name  # nothing to sign, nothing stored
