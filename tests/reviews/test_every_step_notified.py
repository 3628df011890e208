"""Every step of a diagnostic and of a referral notifies the people who act next, in the app
and by e-mail: the outbox row is written with the change, delivered after commit by the task
(in-process here) through Django's SMTP backend to a real SMTP server (aiosmtpd).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from reviews import actions, reminders
from reviews.models import EventKind, Notification, NotificationPreference, Referral
from risks import actions as risk_actions
from risks.models import Assessment
from tests.conftest import client_for
from tests.factories import make_partnership
from tests.reviews.conftest import answer_quickly
from tests.reviews.test_integration import Mailbox, smtp  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(smtp: Mailbox, settings: Any) -> Mailbox:  # noqa: F811
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 5},
        }
    }
    settings.SITE_URL = "https://citydiplo.example"
    return smtp


@pytest.fixture
def committing(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run the callbacks the action registers for after its commit (the outbox's delivery)."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


def assert_notified(mailbox: Mailbox, user: User, kind: str, title: str, path: str) -> None:
    """One row for `user`, delivered: an e-mail with the link, and the line in the app."""
    row = Notification.objects.get(recipient=user, kind=kind)
    assert row.sent_at is not None and row.read_at is None
    (message,) = mailbox.to(user.email)
    assert title in str(message["Subject"]) or title in message.as_string()
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = text.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert f"https://citydiplo.example{path}" in payload.decode()
    page = client_for(user).get(reverse("reviews:notifications")).content.decode()
    assert reverse("reviews:notification", args=[row.pk]) in page
    assert html.escape(title) in page
    opened = client_for(user).get(reverse("reviews:notification", args=[row.pk]))
    assert opened.status_code == 302 and opened["Location"] == path


def assert_not_notified(mailbox: Mailbox, user: User, kind: str) -> None:
    assert not Notification.objects.filter(recipient=user, kind=kind).exists()
    assert mailbox.to(user.email) == []


def draft(town: Municipality, officer: User) -> Assessment:
    assessment = risk_actions.start_assessment(make_partnership(town, title="Jumelage"), officer)
    answer_quickly(assessment, officer, 1)
    return assessment


def test_a_submitted_diagnostic_reaches_the_managers(
    mailbox: Mailbox, committing: Any, town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = draft(town_a, alice)
    with committing():
        risk_actions.submit_assessment(assessment.pk, alice)
    assert_notified(
        mailbox, martha, EventKind.DIAGNOSTIC_SUBMITTED, "Jumelage", assessment.get_absolute_url()
    )
    assert_not_notified(mailbox, alice, EventKind.DIAGNOSTIC_SUBMITTED)  # who acted


def test_a_manager_who_wants_no_email_still_sees_it_in_the_app(
    mailbox: Mailbox, committing: Any, town_a: Municipality, alice: User, martha: User
) -> None:
    NotificationPreference.objects.create(
        user=martha, kind=EventKind.DIAGNOSTIC_SUBMITTED, by_email=False
    )
    assessment = draft(town_a, alice)
    with committing():
        risk_actions.submit_assessment(assessment.pk, alice)
    row = Notification.objects.get(recipient=martha, kind=EventKind.DIAGNOSTIC_SUBMITTED)
    assert row.sent_at is not None and not row.by_email
    assert mailbox.to(martha.email) == []
    page = client_for(martha).get(reverse("reviews:notifications")).content.decode()
    assert reverse("reviews:notification", args=[row.pk]) in page


def test_an_approval_reaches_the_officer(
    mailbox: Mailbox, committing: Any, town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = draft(town_a, alice)
    risk_actions.submit_assessment(assessment.pk, alice)
    Notification.objects.all().delete()
    with committing():
        risk_actions.approve_assessment(assessment.pk, martha)
    assert_notified(
        mailbox, alice, EventKind.DIAGNOSTIC_APPROVED, "Jumelage", assessment.get_absolute_url()
    )
    (message,) = mailbox.to(alice.email)
    assert "faible" in str(message["Subject"]).lower() or "low" in str(message["Subject"]).lower()
    assert_not_notified(mailbox, martha, EventKind.DIAGNOSTIC_APPROVED)


def test_a_return_to_draft_reaches_the_officer(
    mailbox: Mailbox, committing: Any, town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = draft(town_a, alice)
    risk_actions.submit_assessment(assessment.pk, alice)
    Notification.objects.all().delete()
    with committing():
        risk_actions.return_to_draft(assessment.pk, martha)
    assert_notified(
        mailbox, alice, EventKind.DIAGNOSTIC_RETURNED, "Jumelage", assessment.get_absolute_url()
    )


def test_an_officer_who_left_is_not_told(
    mailbox: Mailbox, committing: Any, town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = draft(town_a, alice)
    risk_actions.submit_assessment(assessment.pk, alice)
    alice.memberships.all().delete()
    with committing():
        risk_actions.approve_assessment(assessment.pk, martha)
    assert not Notification.objects.filter(kind=EventKind.DIAGNOSTIC_APPROVED).exists()


def test_a_referral_opened_reaches_the_liaison(
    mailbox: Mailbox,
    committing: Any,
    town_a: Municipality,
    alice: User,
    martha: User,
    liaison: User,
) -> None:
    from tests.reviews.conftest import approved_assessment

    with committing():
        assessment = approved_assessment(alice, martha, town=town_a)
    referral = Referral.objects.get(assessment=assessment)
    assert_notified(
        mailbox,
        liaison,
        EventKind.REFERRAL_OPENED,
        referral.title,
        referral.get_absolute_url(),
    )


def test_a_question_reaches_the_officers_and_the_answer_the_liaison(
    mailbox: Mailbox, committing: Any, referral: Referral, alice: User, martha: User, liaison: User
) -> None:
    Notification.objects.all().delete()
    mailbox.messages.clear()
    with committing():
        actions.request_information(referral.pk, liaison, "Quel est le budget ?")
    for user in (alice, martha):
        assert_notified(
            mailbox, user, EventKind.INFO_REQUESTED, referral.title, referral.get_absolute_url()
        )
    with committing():
        actions.answer(referral.pk, alice, "12 000 euros.")
    assert_notified(
        mailbox, liaison, EventKind.ANSWER_GIVEN, referral.title, referral.get_absolute_url()
    )


def test_an_opinion_reaches_the_officers_and_closing_the_liaison(
    mailbox: Mailbox, committing: Any, referral: Referral, alice: User, martha: User, liaison: User
) -> None:
    Notification.objects.all().delete()
    mailbox.messages.clear()
    with committing():
        actions.give_opinion(referral.pk, liaison, "vigilance", "Clauses de confidentialité.")
    assert_notified(
        mailbox, alice, EventKind.OPINION_GIVEN, referral.title, referral.get_absolute_url()
    )
    with committing():
        actions.close_referral(referral.pk, alice)
    assert_notified(
        mailbox, liaison, EventKind.REFERRAL_CLOSED, referral.title, referral.get_absolute_url()
    )


def test_a_review_due_reaches_the_officers(
    mailbox: Mailbox, committing: Any, flagged: Assessment, alice: User, martha: User
) -> None:
    Notification.objects.all().delete()
    mailbox.messages.clear()
    partnership = flagged.partnership
    later = timezone.now() + relativedelta(months=13)
    with committing():
        assert reminders.remind_reviews_due(now=later) == 2
    for user in (alice, martha):
        assert_notified(
            mailbox,
            user,
            EventKind.REVIEW_DUE,
            partnership.title,
            partnership.get_absolute_url(),
        )


def test_an_overdue_referral_reaches_the_liaison(
    mailbox: Mailbox, committing: Any, referral: Referral, liaison: User
) -> None:
    Notification.objects.all().delete()
    mailbox.messages.clear()
    with committing():
        sent = reminders.remind_overdue_referrals(today=referral.deadline + timedelta(days=1))
    assert sent == 1
    assert_notified(
        mailbox, liaison, EventKind.REFERRAL_OVERDUE, referral.title, referral.get_absolute_url()
    )
