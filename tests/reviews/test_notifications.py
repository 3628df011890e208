"""The outbox: delivery (e-mail in the recipient's language, idempotent, retried), the sweeper
and the reminders. Celery runs eagerly here; tests/reviews/test_integration.py uses a real one.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partnership
from reviews import actions, delivery, reminders, tasks, texts
from reviews.models import EventKind, Notification, Referral
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_mail(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = "https://citydiplo.example"
    mail.outbox = []


def opinion_row(referral: Referral, liaison: User, email: str = "alice@a.test") -> Notification:
    actions.give_opinion(referral.pk, liaison, "advise_against", "Trop risqué.")
    return Notification.objects.get(kind=EventKind.OPINION_GIVEN, recipient__email=email)


def test_delivery_sends_html_and_text_with_a_link(referral: Referral, liaison: User) -> None:
    row = opinion_row(referral, liaison)
    assert delivery.deliver(row.pk)
    (message,) = mail.outbox
    assert message.to == ["alice@a.test"]
    assert referral.title in message.subject
    link = f"https://citydiplo.example{referral.get_absolute_url()}"
    assert link in message.body
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html" and link in str(html)
    row.refresh_from_db()
    assert row.sent_at is not None and row.read_at is None  # still unread in the app


def test_the_email_speaks_the_recipients_language(
    referral: Referral, liaison: User, alice: User
) -> None:
    alice.language = "en"
    alice.save(update_fields=["language"])
    opinion_row(referral, liaison)
    for row in Notification.objects.filter(kind=EventKind.OPINION_GIVEN):
        delivery.deliver(row.pk)
    english, french = sorted(mail.outbox, key=lambda m: m.to[0])  # alice@, martha@
    assert english.subject.startswith("Ministry opinion on")
    assert "advise against" in english.subject and "Hello" in english.body
    assert 'lang="en"' in str(english.alternatives[0][0])  # type: ignore[attr-defined]
    assert 'lang="fr"' in str(french.alternatives[0][0])  # type: ignore[attr-defined]


def test_delivering_twice_sends_one_email(referral: Referral, liaison: User) -> None:
    row = opinion_row(referral, liaison)
    assert tasks.deliver_notification.apply((row.pk,)).get() is True
    assert tasks.deliver_notification.apply((row.pk,)).get() is False
    assert len(mail.outbox) == 1


def test_every_copy_of_a_notification_carries_the_same_message_id(
    referral: Referral, liaison: User
) -> None:
    row = opinion_row(referral, liaison)
    assert delivery.deliver(row.pk)
    Notification.objects.filter(pk=row.pk).update(sent_at=None)  # as if sent again
    assert delivery.deliver(row.pk)
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == delivery.message_id(row)
    other = Notification.objects.get(kind=EventKind.OPINION_GIVEN, recipient__email="martha@a.test")
    assert delivery.message_id(other) != first


def test_a_row_claimed_by_another_worker_is_not_sent_until_its_claim_expires(
    referral: Referral, liaison: User
) -> None:
    row = opinion_row(referral, liaison)
    Notification.objects.exclude(pk=row.pk).update(sent_at=timezone.now())
    assert delivery.claim(row.pk) is not None  # another worker is sending it
    assert delivery.deliver(row.pk) is False
    assert tasks.sweep(older_than=timedelta(0)) == 0
    assert mail.outbox == []
    # that worker died: once its claim expires the row is sent
    Notification.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert delivery.deliver(row.pk) is True
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.claimed_until is None and row.attempts == 2


def test_the_claim_outlasts_a_whole_smtp_exchange(settings: Any) -> None:
    from django.conf import settings as live

    assert live.NOTIFICATION_CLAIM_SECONDS > live.SMTP_DATA_TIMEOUT + 2 * live.SMTP_TIMEOUT


def test_rows_that_keep_failing_are_shown_to_staff(
    referral: Referral, liaison: User, monkeypatch: pytest.MonkeyPatch, admin_client: Any
) -> None:
    from django.urls import reverse

    row = opinion_row(referral, liaison)

    def down(self: Any, *args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    for _ in range(tasks.MAX_ATTEMPTS):
        with pytest.raises(ConnectionRefusedError):
            delivery.deliver(row.pk)
    assert delivery.deliver(row.pk) is False  # given up: no more attempts
    row.refresh_from_db()
    assert row.attempts == tasks.MAX_ATTEMPTS and row.sent_at is None
    url = reverse("admin:reviews_notification_changelist")
    page = admin_client.get(url, {"delivery": "given_up"}).content.decode()
    assert "ConnectionRefusedError" in page and "martha@a.test" not in page
    # staff send it again once the server is back
    monkeypatch.undo()
    monkeypatch.setattr(tasks.deliver_notification, "apply_async", lambda *a, **k: None)
    admin_client.post(url, {"action": "send_again", "_selected_action": [row.pk]})
    assert delivery.deliver(row.pk) is True
    assert len(mail.outbox) == 1


def test_in_app_only_sends_no_email_but_marks_the_row(referral: Referral, liaison: User) -> None:
    row = opinion_row(referral, liaison)
    Notification.objects.filter(pk=row.pk).update(by_email=False)
    assert delivery.deliver(row.pk)
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.sent_at is not None


def test_an_smtp_failure_is_retried_with_backoff_and_recorded(
    referral: Referral, liaison: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = opinion_row(referral, liaison)
    calls: list[int] = []

    def flaky_send(self: Any, fail_silently: bool = False, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("the server went away")
        mail.outbox.append(self)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky_send)
    for retries, countdown in ((0, 10), (1, 20)):
        with pytest.raises(Retry) as retry:
            tasks.deliver_notification.apply((row.pk,), retries=retries, throw=True)
        assert retry.value.when == countdown  # backoff
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 2
    assert "SMTPServerDisconnected" in row.last_error
    assert tasks.deliver_notification.apply((row.pk,), retries=2).get() is True
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 3


def test_the_task_gives_up_after_its_retries(
    referral: Referral, liaison: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = opinion_row(referral, liaison)

    def down(self: Any, *args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    with pytest.raises(ConnectionRefusedError):
        tasks.deliver_notification.apply((row.pk,), retries=tasks.MAX_ATTEMPTS - 1, throw=True)
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1
    # the sweeper leaves it to the retries for a while, then tries again
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert tasks.sweep() == 0
    Notification.objects.filter(pk=row.pk).update(
        last_attempt_at=timezone.now() - tasks.RETRY_PAUSE - timedelta(seconds=1)
    )
    monkeypatch.setattr(tasks.deliver_notification, "apply_async", lambda *a, **k: None)
    assert tasks.sweep() == 1


def test_backoff_grows_and_is_capped() -> None:
    assert [tasks.backoff(n) for n in range(8)] == [10, 20, 40, 80, 160, 320, 600, 600]


def test_task_options() -> None:
    assert tasks.deliver_notification.acks_late
    assert tasks.deliver_notification.max_retries == tasks.MAX_ATTEMPTS - 1


def test_after_commit_the_row_is_delivered(
    referral: Referral, liaison: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@a.test", "martha@a.test"]
    assert not Notification.objects.filter(kind=EventKind.OPINION_GIVEN, sent_at=None).exists()


def test_a_broker_failure_leaves_the_row_for_the_sweeper(
    referral: Referral,
    liaison: User,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.deliver_notification, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")  # does not raise
    assert Notification.objects.filter(kind=EventKind.OPINION_GIVEN, sent_at=None).count() == 2


def test_the_sweeper_resends_old_unsent_rows_only(referral: Referral, liaison: User) -> None:
    actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")  # on_commit never runs
    rows = Notification.objects.filter(kind=EventKind.OPINION_GIVEN)
    assert rows.count() == 2 and not rows.exclude(sent_at=None).exists()
    assert tasks.sweep() == 0  # too recent: their own task may still be on its way
    old = timezone.now() - tasks.SWEEP_AFTER - timedelta(seconds=1)
    Notification.objects.update(created_at=old)
    given_up = rows.first()
    assert given_up is not None
    Notification.objects.filter(pk=given_up.pk).update(attempts=tasks.MAX_ATTEMPTS)
    # the referral_opened row of the liaison, one opinion row, and the diagnostic's
    # submission (to the manager) and approval (to the officer)
    assert tasks.sweep() == 4
    assert len(mail.outbox) == 4
    assert tasks.sweep() == 0  # delivered rows are not sent again
    assert tasks.sweep_outbox.apply().get() == 0


# --- texts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", EventKind.values)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_kind_has_its_texts(kind: str, language: str, alice: User) -> None:
    from django.utils import translation

    row = Notification(recipient=alice, kind=kind, params={"title": "T", "opinion": "vigilance"})
    with translation.override(language):
        assert "T" in texts.subject(row)
        assert texts.sentence(row)


# --- reminders -------------------------------------------------------------------------------


def rated(town: Municipality, rating: str, months_ago: int, days: int = 0) -> Partnership:
    partnership = make_partnership(town)
    rated_at = timezone.now() - timedelta(days=months_ago * 31 + days)
    Partnership.objects.filter(pk=partnership.pk).update(rating=rating, rated_at=rated_at)
    return partnership


def test_diagnostics_due_for_review_by_band_interval(
    town_a: Municipality, alice: User, martha: User, victor: User
) -> None:
    town_a.review_months_high = 12
    town_a.review_months_low = 36
    town_a.save()
    due = rated(town_a, "high", 13)
    rated(town_a, "high", 11)  # not yet
    rated(town_a, "low", 13)  # low: every 36 months
    assert reminders.remind_reviews_due() == 2  # alice and martha, not the viewer
    rows = Notification.objects.filter(kind=EventKind.REVIEW_DUE)
    assert {r.recipient_id for r in rows} == {alice.pk, martha.pk}
    assert rows[0].path == due.get_absolute_url()
    assert reminders.remind_reviews_due() == 0  # once per due diagnostic
    town_a.review_months_low = 12
    town_a.save()
    assert reminders.remind_reviews_due() == 2  # the manager shortened the interval


def test_a_reassessment_in_progress_silences_the_reminder(
    town_a: Municipality, alice: User, martha: User
) -> None:
    from risks import actions as risk_actions

    partnership = rated(town_a, "critical", 7)
    risk_actions.start_assessment(partnership, alice)
    assert reminders.remind_reviews_due() == 0


def test_referrals_past_their_deadline_remind_whoever_must_act(
    referral: Referral, liaison: User, alice: User, martha: User
) -> None:
    Referral.objects.filter(pk=referral.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    assert reminders.remind_overdue_referrals() == 1  # waiting on the ministry: the liaison
    assert Notification.objects.get(kind=EventKind.REFERRAL_OVERDUE).recipient == liaison
    assert reminders.remind_overdue_referrals() == 0  # once a week
    actions.request_information(referral.pk, liaison, "?")
    assert reminders.remind_overdue_referrals() == 2  # now waiting on the municipality
    next_week = timezone.localdate() + timedelta(days=7)
    assert reminders.remind_overdue_referrals(next_week) == 2


def test_the_reminder_task_runs_both(referral: Referral) -> None:
    assert tasks.send_reminders.apply().get() == {"review_due": 0, "referral_overdue": 0}
