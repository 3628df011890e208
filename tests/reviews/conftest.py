"""Personas of the referral tests: the town's members (tests/conftest.py), two liaisons and an
outsider; and builders of approved diagnostics and referrals.

liaison — follows the region of town_a (Centre-Val de Loire); liaison_b — follows Bretagne
(town_b's region), so is a liaison of another region for town_a's referrals.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from municipalities.models import LiaisonAssignment, Municipality, Region
from partners.models import Partnership
from reviews.models import Referral
from risks import actions as risk_actions
from risks.models import Answer, Assessment, Question
from tests.conftest import client_for, make_user
from tests.factories import make_partner, make_partnership, set_regime


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def make_liaison(email: str, *, region: str = "", municipality: Municipality | None = None) -> User:
    user = make_user(email, full_name=email.split("@")[0].title())
    LiaisonAssignment.objects.create(liaison=user, region=region, municipality=municipality)
    return user


@pytest.fixture
def liaison(town_a: Municipality) -> User:
    return make_liaison("liaison@meae.test", region=Region.CENTRE_VAL_DE_LOIRE)


@pytest.fixture
def liaison_b(town_b: Municipality) -> User:
    return make_liaison("liaison-b@meae.test", region=Region.BRETAGNE)


@pytest.fixture
def liaison_client(liaison: User) -> Client:
    return client_for(liaison)


@pytest.fixture
def liaison_b_client(liaison_b: User) -> Client:
    return client_for(liaison_b)


def answer_quickly(assessment: Assessment, user: User, points: int) -> None:
    """Like tests.factories.answer_all, in one insert and one scoring (the tests need many).
    Every question is answered, dependents included: a submitted diagnostic is complete."""
    questions = Question.objects.filter(questionnaire=assessment.questionnaire).prefetch_related(
        "choices"
    )
    answers = []
    for question in questions:
        available = sorted(c.points for c in question.choices.all())
        value = min(available, key=lambda p: abs(p - points))
        answers.append(
            Answer(assessment=assessment, question=question, points=value, updated_by=user)
        )
    Answer.objects.filter(assessment=assessment).delete()  # a reassessment starts seeded
    Answer.objects.bulk_create(answers)
    with transaction.atomic():
        risk_actions.recompute(risk_actions.lock(assessment.pk))


def approved_assessment(
    officer: User,
    manager: User,
    partnership: Partnership | None = None,
    *,
    points: int = 4,
    town: Municipality | None = None,
) -> Assessment:
    """An approved diagnostic; with points=4 in a closed autocracy it is flagged."""
    if partnership is None:
        assert town is not None
        if points >= 3:  # a strategic sector with a closed autocracy: flagged
            set_regime("DE", 0)
            partnership = make_partnership(town, sectors=["ai"])
        else:  # a liberal democracy, no strategic sector: under the tolerance
            set_regime("IT", 3, active_conflict=False)
            partnership = make_partnership(make_partner(town, country="IT"))
    assessment = risk_actions.start_assessment(partnership, officer)
    answer_quickly(assessment, officer, points)
    risk_actions.submit_assessment(assessment.pk, officer)
    return risk_actions.approve_assessment(assessment.pk, manager)


@pytest.fixture
def flagged(town_a: Municipality, alice: User, martha: User, liaison: User) -> Assessment:
    """A flagged, approved diagnostic of town_a (its approval opened a referral)."""
    assessment = approved_assessment(alice, martha, town=town_a)
    assert assessment.flagged
    return assessment


@pytest.fixture
def referral(flagged: Assessment) -> Referral:
    return Referral.objects.get(assessment=flagged)


@pytest.fixture
def people(
    alice: User, martha: User, victor: User, oscar: User, liaison: User, liaison_b: User
) -> dict[str, Any]:
    return {
        "officer": alice,
        "manager": martha,
        "viewer": victor,
        "outsider": oscar,
        "liaison": liaison,
        "other_liaison": liaison_b,
    }
