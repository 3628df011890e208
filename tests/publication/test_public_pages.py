"""The public register's pages: filters, pages, query budget, cache (and Redis down), and the
benefits section of the portfolio report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from partners import actions as register
from publication import actions
from publication.benefits import portfolio_section
from publication.models import Outcome, Publication
from tests.factories import make_partner, make_partnership


def _publish(town: Municipality, by: User, title: str, **extra: Any) -> Publication:
    country = extra.pop("country", "DE")
    partnership = make_partnership(make_partner(town, country=country), title=title, **extra)
    draft = actions.draft_for(partnership)
    draft.objectives, draft.contact_email = f"Objectifs {title}", "ri@a.test"
    return actions.publish(draft, [], by=by)


def _titles(response: Any) -> list[str]:
    return [item.title for item in response.context["items"]]


@pytest.mark.django_db
def test_search_and_filters_narrow_the_register(town_a: Municipality, martha: User) -> None:
    import datetime

    _publish(town_a, martha, "Jumelage Brunnfeld", form="twinning", status="active")
    _publish(
        town_a,
        martha,
        "Coopération eau Ndiarène",
        country="SN",
        form="convention",
        status="ended",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    url = reverse("public:register", kwargs={"insee": town_a.insee_code})
    client = Client()
    assert _titles(client.get(url)) == ["Coopération eau Ndiarène", "Jumelage Brunnfeld"]
    assert _titles(client.get(url, {"q": "ndiarene"})) == ["Coopération eau Ndiarène"]
    assert _titles(client.get(url, {"country": "DE"})) == ["Jumelage Brunnfeld"]
    assert _titles(client.get(url, {"form": "convention"})) == ["Coopération eau Ndiarène"]
    assert _titles(client.get(url, {"status": "active"})) == ["Jumelage Brunnfeld"]
    assert _titles(client.get(url, {"year": "2017"})) == ["Coopération eau Ndiarène"]
    brunnfeld = Publication.objects.get(partnership__title="Jumelage Brunnfeld")
    Outcome.objects.create(partnership=brunnfeld.partnership, year=2023, activities="Visite")
    actions.touch(brunnfeld.partnership_id)
    assert _titles(client.get(url, {"year": "2023"})) == ["Jumelage Brunnfeld"]
    # A bad value is ignored, never an error page.
    assert client.get(url, {"country": "ZZ", "year": "abc", "page": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_register_pages_by_25_within_a_fixed_query_budget(
    town_a: Municipality, martha: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        _publish(town_a, martha, f"Partenariat {n:02d}")
    url = reverse("public:register", kwargs={"insee": town_a.insee_code})
    with django_assert_max_num_queries(8):
        first = Client().get(url)
    assert len(first.context["items"]) == 25 and first["X-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        again = Client().get(url)
    assert again["X-Cache"] == "hit" and again.content == first.content
    with django_assert_max_num_queries(4):  # the filter choices of this version are cached
        second = Client().get(url, {"page": "2"})
    assert _titles(second) == [f"Partenariat {n:02d}" for n in range(25, 30)]


@pytest.mark.django_db
def test_an_edit_in_the_register_shows_once_committed(
    town_a: Municipality, martha: User, django_capture_on_commit_callbacks: Any
) -> None:
    publication = _publish(town_a, martha, "Jumelage Brunnfeld")
    url = reverse(
        "public:partnership", kwargs={"insee": town_a.insee_code, "slug": publication.slug}
    )
    client = Client()
    assert "Jumelage Brunnfeld" in client.get(url).content.decode()
    partnership = publication.partnership
    partnership.title = "Jumelage Brunnfeld-Oberland"
    with django_capture_on_commit_callbacks(execute=True):
        register.save_partnership(partnership, by=martha)
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Jumelage Brunnfeld-Oberland" in response.content.decode()


@pytest.mark.django_db
def test_pages_are_served_when_redis_is_down(
    town_a: Municipality, martha: User, settings: Any
) -> None:
    publication = _publish(town_a, martha, "Jumelage Brunnfeld")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
        }
    }
    client = Client()
    for url in (
        reverse("public:register", kwargs={"insee": town_a.insee_code}),
        reverse(
            "public:partnership", kwargs={"insee": town_a.insee_code, "slug": publication.slug}
        ),
        reverse("public:national_csv"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss"


@pytest.mark.django_db
def test_open_graph_and_robots(town_a: Municipality, martha: User) -> None:
    publication = _publish(town_a, martha, "Jumelage Brunnfeld")
    url = reverse(
        "public:partnership", kwargs={"insee": town_a.insee_code, "slug": publication.slug}
    )
    body = Client().get(url).content.decode()
    assert '<meta property="og:title" content="Jumelage Brunnfeld — Ville A">' in body
    assert '<meta property="og:type" content="article">' in body
    from django.conf import settings

    assert f'<meta property="og:url" content="{settings.SITE_URL}{url}">' in body
    robots = Client().get("/robots.txt").content.decode().splitlines()
    assert robots == [
        "User-agent: *",
        "Allow: /registre/",
        "Allow: /accessibilite/",
        "Disallow: /",
    ]


@pytest.mark.django_db
def test_the_portfolio_report_shows_the_benefits_beside_the_risks(
    town_a: Municipality, alice: User
) -> None:
    active = make_partnership(town_a, title="Jumelage Brunnfeld", status="active")
    for year, people in ((2024, 100), (2025, 150)):
        actions.save_outcome(
            Outcome(
                partnership=active,
                year=year,
                activities=f"Tournoi {year}",
                people_involved=people,
                municipal_budget=Decimal("1000"),
                co_financing=Decimal("250"),
            ),
            by=alice,
        )
    from reports.portfolio import render_html

    html, _count = render_html(town_a, "fr", alice)
    assert "Ce que les partenariats ont apporté" in html
    assert "Tournoi 2025" in html and "Tournoi 2024" not in html, "the latest year per line"
    section = portfolio_section(town_a, [active.pk])
    assert '<td class="num">150</td>' in section and '<td class="num">100</td>' in section


@pytest.mark.django_db
def test_the_national_index_lists_publishing_towns_in_two_queries(
    town_a: Municipality, town_b: Municipality, martha: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        _publish(town_a, martha, f"Partenariat {n}")
    make_partnership(town_b, title="Rien de public")
    with django_assert_max_num_queries(2):
        response = Client().get(reverse("public:index"))
    assert [(t.name, t.live_count) for t in response.context["towns"]] == [("Ville A", 3)]
