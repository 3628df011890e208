"""The dashboard announces partners with sanctions hits to review and a profile that is due."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partner
from risks import elections
from risks.models import ProfileAnswer, Question, Questionnaire
from tests.factories import make_partner
from tests.test_dashboard import page, section

pytestmark = pytest.mark.django_db


def answer_profile(town: Municipality, by: User, when: datetime) -> None:
    current = Questionnaire.objects.current()
    for key in Question.objects.filter(questionnaire=current, profile=True).values_list(
        "key", flat=True
    ):
        ProfileAnswer.objects.create(
            municipality=town, question_key=key, points=0, answered_by=by, answered_at=when
        )


def test_partners_with_hits_to_review_are_listed_for_officers(
    town_a: Municipality, town_b: Municipality, alice_client: Client, victor_client: Client
) -> None:
    flagged = make_partner(town_a, "Zvezda Trading LLC", country_id="RU")
    make_partner(town_a, "Stadtwerke Brunnfeld", country_id="DE")
    elsewhere = make_partner(town_b, "Autre Zvezda", country_id="RU")
    Partner.objects.filter(pk__in=[flagged.pk, elsewhere.pk]).update(screening_to_review=True)
    awaiting = section(page(alice_client), "awaiting")
    assert "Zvezda Trading LLC" in awaiting
    assert "Autre Zvezda" not in awaiting
    assert "Stadtwerke Brunnfeld" not in awaiting
    assert f"/register/partners/{flagged.pk}/" in awaiting
    assert "Zvezda Trading LLC" not in page(victor_client)  # a viewer has nothing to do


def test_the_profile_is_announced_to_managers_until_answered_then_when_due(
    town_a: Municipality, martha: User, martha_client: Client, alice_client: Client
) -> None:
    def announced(client: Client) -> bool:
        return 'href="/profile/"' in section(page(client), "awaiting")

    assert announced(martha_client)
    assert not announced(alice_client)  # the manager answers it
    answer_profile(town_a, martha, timezone.now())
    assert not announced(martha_client)
    ProfileAnswer.objects.filter(municipality=town_a).delete()
    long_ago = timezone.now() - timedelta(days=800)
    assert elections.profile_due_on(timezone.localdate(long_ago)) <= timezone.localdate()
    answer_profile(town_a, martha, long_ago)
    assert announced(martha_client)
