"""Celery tasks of the referrals: thin wrappers that take ids and call reviews' modules."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from reviews import delivery, reminders
from reviews.models import Notification
from reviews.outbox import enqueue

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = delivery.MAX_ATTEMPTS
SWEEP_AFTER = timedelta(minutes=3)  # rows older than this and still unsent are re-sent
RETRY_PAUSE = timedelta(minutes=10)  # the sweeper leaves recently failed rows to their retries
SWEEP_BATCH = 500


def backoff(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 10 s, 20 s, 40 s… at most 10 minutes."""
    return int(min(600, 10 * 2**retries))


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_notification(self, notification_id: int) -> bool:
    """Deliver one outbox row (claimed first, so never twice at once); retry with backoff when
    the SMTP server fails, up to MAX_ATTEMPTS (then the row waits for staff in the admin)."""
    try:
        return delivery.deliver(notification_id)
    except (smtplib.SMTPException, OSError) as error:
        # the failure is recorded on the row; if the broker is down too, the sweeper retries
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error


def sweep(older_than: timedelta = SWEEP_AFTER) -> int:
    """Enqueue again the rows still unsent after `older_than` (broker was down, worker lost…)."""
    now = timezone.now()
    ids = list(
        Notification.objects.unsent()
        .filter(created_at__lte=now - older_than, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - RETRY_PAUSE))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueue(ids)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    return sweep()


@shared_task(acks_late=True, ignore_result=True)
def send_reminders() -> dict[str, int]:
    counts = {
        "review_due": reminders.remind_reviews_due(),
        "referral_overdue": reminders.remind_overdue_referrals(),
    }
    logger.info("reminders sent: %s", counts)
    return counts
