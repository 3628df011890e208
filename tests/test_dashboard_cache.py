"""The portfolio figures come from the cache, and follow every change of the register."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from municipalities.models import Municipality
from partners import actions as partners_actions
from partners.models import Partnership
from reviews import actions as review_actions
from reviews.models import Opinion, Referral
from tests.conftest import client_for
from tests.factories import make_partner, make_partnership
from tests.reviews.conftest import approved_assessment, make_liaison
from tests.test_dashboard import band_count, figure, page

pytestmark = pytest.mark.django_db


def queries_of_page(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        body = page(client)
    return body, len(captured.captured_queries)


def test_the_figures_are_kept_until_the_register_changes(
    town_a: Municipality,
    town_b: Municipality,
    alice: User,
    martha: User,
    victor: User,
    oscar: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_partnership(town_a, title="Premier")
    client = client_for(victor)
    assert figure(page(client), "total") == 1  # the header's badge is cached from now on
    with django_capture_on_commit_callbacks(execute=True):
        make_partnership(town_a, title="Deuxième")
    body, computed = queries_of_page(client)
    assert figure(body, "total") == 2
    body, kept = queries_of_page(client)
    assert figure(body, "total") == 2
    assert kept == computed - 3  # by status and rating, the matrix, the trend

    # A diagnostic approved (and the referral it opens) shows at once.
    liaison = make_liaison("liaison@meae.test", region=town_a.region)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = approved_assessment(alice, martha, town=town_a)
    body = page(client)
    assert figure(body, "total") == 3
    assert band_count(body, assessment.rating) == 1
    assert figure(body, "referred") == 1
    # So does a referral closed, a partnership archived, partnerships imported.
    with django_capture_on_commit_callbacks(execute=True):
        referral = Referral.objects.get(assessment=assessment)
        review_actions.give_opinion(referral.pk, liaison, Opinion.values[0], "Rien à signaler.")
        review_actions.close_referral(referral.pk, alice)
    assert figure(page(client), "referred") == 0
    with django_capture_on_commit_callbacks(execute=True):
        partners_actions.archive(Partnership.objects.get(title="Premier"), by=alice)
    assert figure(page(client), "total") == 2
    partner = make_partner(town_a)
    with django_capture_on_commit_callbacks(execute=True):
        partners_actions.import_partnerships(
            [
                Partnership(partner=partner, title=f"Importé {n}", form="twinning", status="active")
                for n in range(3)
            ],
            by=alice,
        )
    assert figure(page(client), "total") == 5
    # Another town's change leaves these figures in the cache; its own are its own.
    with django_capture_on_commit_callbacks(execute=True):
        make_partnership(town_b)
    assert queries_of_page(client)[1] == kept
    assert figure(page(client_for(oscar)), "total") == 1
