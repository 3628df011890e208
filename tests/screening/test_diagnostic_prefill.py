"""The diagnostic's sanctions question is answered from the partner's screening, origin shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partner
from risks import actions as risks_actions
from risks.models import Answer, AnswerOrigin, Assessment
from screening import actions
from screening.models import Decision, Hit
from tests.factories import make_partner, make_partnership
from tests.screening.test_partners import load

pytestmark = pytest.mark.django_db


def sanctions_answer(assessment: Assessment) -> Answer | None:
    return Answer.objects.filter(assessment=assessment, question__key="ip6").first()


@pytest.fixture
def screened(town_a: Municipality, django_capture_on_commit_callbacks: Any) -> Partner:
    load()
    with django_capture_on_commit_callbacks(execute=True):
        partner = make_partner(town_a, "Zvezda Trading LLC", kind="company", country_id="RU")
    partner.refresh_from_db()
    return partner


def test_a_hit_to_review_answers_a_match_being_checked(screened: Partner, alice: User) -> None:
    assessment = risks_actions.start_assessment(make_partnership(screened), alice)
    answer = sanctions_answer(assessment)
    assert answer is not None
    assert (answer.points, answer.origin) == (2, AnswerOrigin.REGISTER)


def test_a_confirmed_hit_answers_listed_and_fires_the_red_line(
    screened: Partner, alice: User, alice_client: Client
) -> None:
    hit = Hit.objects.get(partner=screened)
    actions.decide(hit, alice, Decision.CONFIRMED, "Same registration number.")
    assessment = risks_actions.start_assessment(make_partnership(screened), alice)
    answer = sanctions_answer(assessment)
    assert answer is not None and answer.points == 4
    assessment.refresh_from_db()
    assert "sanctions_confirmed" in assessment.result["flag_reasons"]
    assert "ip6" in assessment.result["red_lines"]
    assert alice_client.get(assessment.get_absolute_url()).status_code == 200


def test_a_clear_screening_answers_checked_and_an_unscreened_partner_is_left_to_the_officer(
    town_a: Municipality, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    load()
    with django_capture_on_commit_callbacks(execute=True):
        clear = make_partner(town_a, "Stadtwerke Brunnfeld GmbH", country_id="DE")
    clear.refresh_from_db()
    assert clear.screened_at is not None
    answer = sanctions_answer(risks_actions.start_assessment(make_partnership(clear), alice))
    assert answer is not None and answer.points == 0
    unscreened = make_partner(town_a, "Ville de Brunnfeld", country_id="DE")
    Partner.objects.filter(pk=unscreened.pk).update(screened_at=None)
    assessment = risks_actions.start_assessment(make_partnership(unscreened), alice)
    assert sanctions_answer(assessment) is None
