"""The partnership's page shows its referral and the ministry's opinion, linked both ways."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from citydiplo.french import typography
from partners.models import Partnership
from reviews import actions
from reviews.models import Referral
from risks import actions as risk_actions
from risks.models import Assessment
from tests.conftest import client_for
from tests.factories import set_regime
from tests.reviews.conftest import answer_quickly, approved_assessment

pytestmark = pytest.mark.django_db


def ministry(client: Client, assessment: Assessment) -> str:
    response = client.get(assessment.partnership.get_absolute_url())
    assert response.status_code == 200
    match = re.search(r'<section[^>]*id="ministry".*?</section>', response.content.decode(), re.S)
    assert match
    return html.unescape(match.group(0))


def test_the_referral_in_progress_shows_its_state_deadline_and_last_message(
    flagged: Assessment, referral: Referral, liaison: User, alice_client: Client
) -> None:
    actions.request_information(referral.pk, liaison, "Quels échanges de données ?")
    panel = ministry(alice_client, flagged)
    assert "informations demandées" in panel
    assert referral.deadline.strftime("%Y") in panel
    assert typography("Quels échanges de données ?") in panel  # as a French page prints it
    assert f'href="{referral.get_absolute_url()}"' in panel
    assert "Répondre à la question du ministère" in panel


def test_the_referral_links_back_to_the_partnership_for_members_only(
    referral: Referral, alice_client: Client, liaison_client: Client
) -> None:
    link = f'href="{referral.partnership.get_absolute_url()}#ministry"'
    assert link in alice_client.get(referral.get_absolute_url()).content.decode()
    assert link not in liaison_client.get(referral.get_absolute_url()).content.decode()


def test_the_opinion_shows_until_the_next_diagnostic(
    flagged: Assessment,
    referral: Referral,
    liaison: User,
    alice: User,
    martha: User,
    victor_client: Client,
) -> None:
    actions.give_opinion(referral.pk, liaison, "advise_against", "Transfert de technologies.")
    panel = ministry(victor_client, flagged)
    assert "Avis du ministère" in panel and "avis défavorable" in panel
    assert "Transfert de technologies." in panel

    # The country is now a democracy and the partnership left its strategic sector: the next
    # diagnostic is not flagged, so no new referral replaces this one.
    set_regime("DE", 3)
    Partnership.objects.filter(pk=flagged.partnership_id).update(sectors=[])
    reassessment = risk_actions.start_assessment(flagged.partnership, alice)
    answer_quickly(reassessment, alice, 0)
    risk_actions.submit_assessment(reassessment.pk, alice)
    panel = ministry(victor_client, flagged)
    assert "Transfert de technologies." in panel  # still the current rating's opinion
    assert not risk_actions.approve_assessment(reassessment.pk, martha).flagged
    panel = ministry(victor_client, flagged)
    assert "Transfert de technologies." not in panel
    assert "diagnostic précédent" in panel
    assert f'href="{referral.get_absolute_url()}"' in panel


def test_an_approved_diagnostic_offers_to_ask_for_the_opinion(
    alice: User, martha: User, town_a: Any, alice_client: Client, victor_client: Client
) -> None:
    approved = approved_assessment(alice, martha, town=town_a, points=0)
    assert not approved.flagged
    ask = f'href="{reverse("reviews:request_opinion", args=[approved.pk])}"'
    assert ask in alice_client.get(approved.get_absolute_url()).content.decode()
    assert ask in ministry(alice_client, approved)
    assert ask not in victor_client.get(approved.get_absolute_url()).content.decode()
    assert ask not in ministry(victor_client, approved)
    response = alice_client.post(
        reverse("reviews:request_opinion", args=[approved.pk]), {"body": "Pour avis."}
    )
    assert response.status_code == 302
    panel = ministry(alice_client, approved)
    assert ask not in panel  # one referral in progress at a time
    assert "en attente du ministère" in panel


def test_the_page_stays_within_its_query_budget_with_a_referral(
    referral: Referral, liaison: User, alice: User, django_assert_max_num_queries: Any
) -> None:
    actions.request_information(referral.pk, liaison, "Question.")
    client = client_for(alice)
    client.get("/")
    # 8, and one for the ministry's advisories on the partner
    with django_assert_max_num_queries(9):
        response = client.get(referral.partnership.get_absolute_url())
    assert response.status_code == 200
