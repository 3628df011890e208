"""The partnership page shows its rating, matrix, flag reasons and the diagnostics' trend."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from municipalities.models import Municipality
from risks import actions
from tests.factories import answer_all, make_partnership, set_regime

pytestmark = pytest.mark.django_db


def approve(partnership: Any, officer: User, manager: User, points: int) -> None:
    assessment = actions.start_assessment(partnership, officer)
    answer_all(assessment, officer, points=points)
    actions.submit_assessment(assessment.pk, officer)
    actions.approve_assessment(assessment.pk, manager)


def test_rating_matrix_flags_and_trend_within_the_query_budget(
    town_a: Municipality,
    alice: User,
    martha: User,
    victor_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    set_regime("DE", 0)
    partnership = make_partnership(town_a, sectors=["quantum"])
    approve(partnership, alice, martha, points=1)
    approve(partnership, alice, martha, points=4)
    actions.start_assessment(partnership, alice)  # a reassessment in progress
    victor_client.get("/")
    with django_assert_max_num_queries(8):
        response = victor_client.get(partnership.get_absolute_url())
    body = response.content.decode()
    assert "Signalé au ministère" in body
    assert "un score résiduel atteint le seuil de tolérance de la commune" in body
    assert '<table class="heatmap">' in body
    assert body.count("↑") >= 1  # the residual scores rose from the first to the second
    assert "Poursuivre le diagnostic en cours" in body


def test_officer_starts_a_diagnostic_from_the_partnership_page(
    town_a: Municipality, alice_client: Client
) -> None:
    partnership = make_partnership(town_a)
    body = alice_client.get(partnership.get_absolute_url()).content.decode()
    assert f"/partnerships/{partnership.pk}/diagnostic/start/" in body
    response = alice_client.post(f"/partnerships/{partnership.pk}/diagnostic/start/")
    assert response.status_code == 302
    assert response["Location"].startswith("/diagnostics/")
    again = alice_client.post(f"/partnerships/{partnership.pk}/diagnostic/start/", follow=True)
    assert "déjà en cours" in again.content.decode()


def test_partnership_list_filters_and_sorts_on_rating_and_flag(
    town_a: Municipality,
    alice: User,
    martha: User,
    victor_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    set_regime("DE", 0)
    risky = make_partnership(town_a, title="Risqué", sectors=["ai"])
    calm = make_partnership(town_a, title="Calme")
    make_partnership(town_a, title="Pas encore coté")
    approve(risky, alice, martha, points=4)
    approve(calm, alice, martha, points=0)
    url = "/register/partnerships/"
    victor_client.get(url)
    with django_assert_max_num_queries(8):
        flagged = victor_client.get(url, {"flagged": "yes"}).content.decode()
    assert "Risqué" in flagged and "Calme" not in flagged
    not_flagged = victor_client.get(url, {"flagged": "no"}).content.decode()
    assert "Calme" in not_flagged and "Risqué" not in not_flagged
    by_flag = victor_client.get(url, {"sort": "flag"}).content.decode()
    assert by_flag.index("Risqué") < by_flag.index("Calme")
    critical = victor_client.get(url, {"rating": "critical"}).content.decode()
    assert "Risqué" in critical and "Calme" not in critical
    unrated = victor_client.get(url, {"rating": "none"}).content.decode()
    assert "Pas encore coté" in unrated and "Risqué" not in unrated
