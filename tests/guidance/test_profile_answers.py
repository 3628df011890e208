"""The municipality profile's training and past-incident answers follow the records: a quiz
passed, a session recorded or an incident logged re-answers the question, dated, says why, and
the drafts follow; while the records are silent the manager's answer stands."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from guidance import actions, profile_answers, training
from guidance.models import Incident, TrainingModule
from municipalities.models import Municipality
from risks import actions as risk_actions
from risks.models import Answer, AnswerOrigin, ProfileAnswer
from tests.factories import make_partnership
from tests.guidance.test_training import answers, url
from tests.risks.test_profile import FULL_PROFILE, profile_post

pytestmark = pytest.mark.django_db


def stored(town: Municipality, key: str) -> ProfileAnswer:
    return ProfileAnswer.objects.get(municipality=town, question_key=key)


def test_quiz_passes_answer_the_training_question_and_drafts_follow(
    town_a: Municipality,
    alice: User,
    victor: User,
    martha: User,
    victor_client: Client,
    martha_client: Client,
) -> None:
    # The manager said "no training" (4 points) before anyone used the training pages.
    martha_client.post(
        reverse("risks:profile_save"), profile_post({**FULL_PROFILE, "prof_training": "4"})
    )
    draft = risk_actions.start_assessment(make_partnership(town_a), alice)
    assert stored(town_a, "prof_training").points == 4

    victor_client.post(url("elected"), answers("elected", training.PASS_MARK))
    kept = stored(town_a, "prof_training")
    # One member of three trained within the year: "partly".
    assert kept.points == 2 and kept.answered_by == victor
    assert timezone.localdate(kept.answered_at) == timezone.localdate()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert kept.justification.startswith("D'après le registre des formations")
    assert today in kept.justification and "1 sur 3 membres" in kept.justification
    carried = Answer.objects.get(assessment=draft, question__key="prof_training")
    assert (carried.points, carried.origin) == (2, AnswerOrigin.PROFILE)

    # A session with two more members: most of the municipality is trained, recently.
    module = TrainingModule.objects.get(slug="officers")
    actions.record_session(
        town_a, module, timezone.localdate(), martha, attendees=[], members=[alice, martha]
    )
    assert stored(town_a, "prof_training").points == 0
    carried.refresh_from_db()
    assert carried.points == 0
    # The profile page shows the records' reason beside the answer.
    body = martha_client.get(reverse("risks:profile")).content.decode()
    assert "3 sur 3 membres" in body


def test_an_old_session_only_counts_as_partly(town_a: Municipality, martha: User) -> None:
    module = TrainingModule.objects.get(slug="staff")
    long_ago = timezone.localdate() - datetime.timedelta(days=profile_answers.RECENT_TRAINING_DAYS)
    members = [m.user for m in town_a.memberships.select_related("user")]
    actions.record_session(town_a, module, long_ago, martha, attendees=[], members=members)
    assert stored(town_a, "prof_training").points == 2


def test_logged_incidents_answer_the_incident_question(
    town_a: Municipality, alice: User, alice_client: Client, martha_client: Client
) -> None:
    martha_client.post(reverse("risks:profile_save"), profile_post(FULL_PROFILE))
    assert stored(town_a, "prof_incidents").points == 0  # the manager said "no"
    draft = risk_actions.start_assessment(make_partnership(town_a), alice)

    def record(day: datetime.date, title: str) -> None:
        response = alice_client.post(
            reverse("guidance:incident_new"),
            {"kind": "impersonation", "occurred_on": day.isoformat(), "title": title,
             "description": "Un faux compte reprend le logo de la ville."},
        )  # fmt: skip
        assert response.status_code == 302

    record(timezone.localdate() - datetime.timedelta(days=30), "Faux compte")
    kept = stored(town_a, "prof_incidents")
    assert kept.points == 2 and kept.answered_by == alice  # one isolated incident
    assert "1 incident depuis le" in kept.justification
    record(timezone.localdate() - datetime.timedelta(days=3), "Faux site")
    assert stored(town_a, "prof_incidents").points == 4  # several
    carried = Answer.objects.get(assessment=draft, question__key="prof_incidents")
    assert (carried.points, carried.origin) == (4, AnswerOrigin.PROFILE)


def test_silent_records_leave_the_managers_answer(
    town_a: Municipality, alice: User, martha_client: Client
) -> None:
    martha_client.post(reverse("risks:profile_save"), profile_post(FULL_PROFILE))
    # An incident older than the look-back period says nothing about the last years.
    incident = Incident(
        municipality=town_a,
        kind="approach",
        occurred_on=timezone.localdate() - datetime.timedelta(days=365 * 5),
        title="Ancienne approche",
        description="…",
    )
    actions.save_incident(incident, alice)
    assert profile_answers.sync_profile(town_a, alice) == []
    assert stored(town_a, "prof_incidents").points == 0
    assert stored(town_a, "prof_training").special == "unknown"
