"""The liaison's queue and the municipality's list: scope, filters, sorting, query budgets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality, Region
from partners.models import Partner, Partnership
from reviews.models import Referral
from risks.models import Assessment
from tests.conftest import client_for, make_municipality
from tests.reviews.conftest import make_liaison

pytestmark = pytest.mark.django_db

BUDGET = 8  # DESIGN §8: a list page stays within 8 queries whatever the size


def bulk_referrals(
    referral: Referral, town: Municipality, count: int, *, state: str = "open", **extra: Any
) -> list[Referral]:
    """`count` more referrals like `referral` (same snapshot), for new partnerships of `town`."""
    partner = Partner.objects.create(
        municipality=town, name=f"Bulk {town.pk} {state}", kind="other", country_id="CN"
    )
    partnerships = [
        Partnership(
            municipality=town, partner=partner, title=f"Bulk {state} {i:04d}", form="project"
        )
        for i in range(count)
    ]
    for partnership in partnerships:  # what save() does, which bulk_create skips
        partnership.refresh_normalised()
    Partnership.objects.bulk_create(partnerships)
    today = timezone.localdate()
    bands = ["low", "moderate", "high", "critical"]
    rows = [
        Referral(
            municipality=town,
            partnership=p,
            assessment=referral.assessment,
            origin="flagged",
            state=state,
            opinion="vigilance" if state in ("opinion_given", "closed") else "",
            opinion_at=timezone.now() if state in ("opinion_given", "closed") else None,
            snapshot=referral.snapshot,
            snapshot_at=referral.snapshot_at,
            rating=bands[i % 4],
            band_rank=i % 4 + 1,
            score=(i % 4 + 1) * 5,
            categories=["ip_capture"] if i % 2 else ["disinformation"],
            deadline=today + timedelta(days=i % 60 - 10),
            **extra,
        )
        for i, p in enumerate(partnerships)
    ]
    return Referral.objects.bulk_create(rows)


@pytest.fixture
def town_c(db: None) -> Municipality:
    return make_municipality("Ville C", region=Region.NORMANDIE)


def test_the_queue_shows_the_referrals_of_the_followed_municipalities_only(
    referral: Referral, liaison: User, town_b: Municipality, town_c: Municipality
) -> None:
    bulk_referrals(referral, town_b, 3)
    bulk_referrals(referral, town_c, 2)
    make_liaison_c = make_liaison("c-only@meae.test", municipality=town_c)
    page = client_for(liaison).get(reverse("reviews:queue"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["page"]] == [referral.pk]
    page = client_for(make_liaison_c).get(reverse("reviews:queue"))
    assert {r.municipality_id for r in page.context["page"]} == {town_c.pk}


def test_a_liaison_by_region_and_by_municipality_filters_by_region(
    referral: Referral, liaison: User, town_c: Municipality
) -> None:
    from municipalities.models import LiaisonAssignment

    LiaisonAssignment.objects.create(liaison=liaison, municipality=town_c)
    bulk_referrals(referral, town_c, 2)
    client = client_for(liaison)
    assert client.get(reverse("reviews:queue")).context["page"].paginator.count == 3
    only_c = client.get(reverse("reviews:queue"), {"region": Region.NORMANDIE})
    assert {r.municipality_id for r in only_c.context["page"]} == {town_c.pk}


def test_filters_by_category_and_state(
    referral: Referral, liaison_client: Client, town_a: Any
) -> None:
    bulk_referrals(referral, town_a, 10)
    bulk_referrals(referral, town_a, 4, state="closed")
    url = reverse("reviews:queue")
    assert liaison_client.get(url).context["page"].paginator.count == 11  # waiting by default
    assert liaison_client.get(url, {"state": ""}).context["page"].paginator.count == 15
    assert liaison_client.get(url, {"state": "closed"}).context["page"].paginator.count == 4
    ip = liaison_client.get(url, {"category": "ip_capture", "state": ""}).context["page"]
    assert all("ip_capture" in r.categories for r in ip)
    bad = liaison_client.get(url, {"state": "nonsense", "sort": "nonsense", "category": "x"})
    assert bad.status_code == 200


@pytest.mark.parametrize(
    ("sort", "key", "reverse_"),
    [
        ("deadline", lambda r: r.deadline, False),
        ("-deadline", lambda r: r.deadline, True),
        ("band", lambda r: r.band_rank, True),
        ("-band", lambda r: r.band_rank, False),
        ("age", lambda r: r.created_at, False),
        ("-age", lambda r: r.created_at, True),
    ],
)
def test_sorts(
    sort: str, key: Any, reverse_: bool, referral: Referral, liaison_client: Client, town_a: Any
) -> None:
    bulk_referrals(referral, town_a, 30)
    rows = list(liaison_client.get(reverse("reviews:queue"), {"sort": sort}).context["page"])
    assert len(rows) == 25  # paginated
    assert [key(r) for r in rows] == sorted((key(r) for r in rows), reverse=reverse_)


def test_htmx_gets_the_results_fragment(referral: Referral, liaison_client: Client) -> None:
    response = liaison_client.get(reverse("reviews:queue"), headers={"HX-Request": "true"})
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body


def test_outdated_referrals_are_marked_in_the_queue(
    referral: Referral, liaison_client: Client
) -> None:
    Partnership.objects.filter(pk=referral.partnership_id).update(
        rated_at=referral.snapshot_at + timedelta(days=1)
    )
    rows = list(liaison_client.get(reverse("reviews:queue")).context["page"])
    assert rows[0].outdated
    assert "badge warning" in liaison_client.get(reverse("reviews:queue")).content.decode()


def test_members_and_strangers_have_no_queue(alice_client: Client, referral: Referral) -> None:
    assert alice_client.get(reverse("reviews:queue")).status_code == 404


def test_the_municipal_list(
    referral: Referral,
    alice_client: Client,
    victor_client: Client,
    oscar_client: Client,
    town_b: Municipality,
) -> None:
    bulk_referrals(referral, town_b, 2)
    for client in (alice_client, victor_client):
        page = client.get(reverse("reviews:referral_list")).context["page"]
        assert [r.pk for r in page] == [referral.pk]
    assert oscar_client.get(reverse("reviews:referral_list")).context["page"].paginator.count == 2


# --- query budgets ---------------------------------------------------------------------------


@pytest.fixture
def five_hundred(referral: Referral, town_a: Municipality, town_b: Municipality) -> None:
    bulk_referrals(referral, town_a, 400)
    bulk_referrals(referral, town_a, 60, state="opinion_given")
    bulk_referrals(referral, town_a, 40, state="closed")
    bulk_referrals(referral, town_b, 100)  # another region: not in the queue
    assert Referral.objects.filter(municipality=town_a).count() == 501


QUEUE_QUERIES = 7  # pinned: session user, memberships, header badge, assignments, count, page
# (+ the session itself when the cache misses)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "band", "page": 3},
        {"state": "", "category": "ip_capture", "sort": "-age"},
        {"region": Region.CENTRE_VAL_DE_LOIRE, "page": 16},
    ],
)
def test_queue_query_count_is_flat(
    five_hundred: None,
    liaison_client: Client,
    django_assert_max_num_queries: Any,
    params: dict[str, Any],
) -> None:
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = liaison_client.get(reverse("reviews:queue"), params)
    assert response.status_code == 200
    assert len(response.context["page"]) == 25


def test_municipal_list_query_count(
    five_hundred: None, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(BUDGET):
        response = alice_client.get(reverse("reviews:referral_list"), {"state": ""})
    assert response.status_code == 200


def test_referral_page_query_count(
    referral: Referral,
    liaison: User,
    alice: User,
    liaison_client: Client,
    alice_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    from reviews import actions

    for i in range(10):
        actions.request_information(referral.pk, liaison, f"Q{i}")
        actions.answer(referral.pk, alice, f"R{i}")
    for client in (liaison_client, alice_client):
        with django_assert_max_num_queries(BUDGET):
            assert client.get(referral.get_absolute_url()).status_code == 200


def test_notifications_page_query_count(
    five_hundred: None, liaison: User, liaison_client: Client, django_assert_max_num_queries: Any
) -> None:
    from reviews.models import Notification

    Notification.objects.bulk_create(
        Notification(recipient=liaison, kind="referral_overdue", params={"title": f"T{i}"})
        for i in range(200)
    )
    with django_assert_max_num_queries(BUDGET):
        assert liaison_client.get(reverse("reviews:notifications")).status_code == 200


def test_assessment_is_kept(referral: Referral) -> None:
    assert Assessment.objects.filter(pk=referral.assessment_id).exists()
