"""Deliver one outbox row: claim it, send the e-mail, mark it sent.

The guarantee is *at least once*. A row is claimed (`claimed_until`) by one worker before
anything is sent, for longer than a delivery can last (settings.NOTIFICATION_CLAIM_SECONDS),
so a second task, a retry or the sweeper finds it claimed or sent and sends nothing. Every
copy of one notification carries the same `Message-ID`, so mail clients can fold a duplicate.
A duplicate happens only when a worker dies after the SMTP server accepted the message and
before the row was marked sent: its claim expires and the sweeper sends it again.

A failed attempt releases the claim and is recorded on the row (`attempts`, `last_error`);
after MAX_ATTEMPTS the row is left to staff, who see it in the admin.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reviews import texts
from reviews.models import Notification

MAX_ATTEMPTS = 8  # after that a row waits for a human (admin) instead of the sweeper


def message_id(notification: Notification) -> str:
    """The same Message-ID for every copy of one notification."""
    domain = urlsplit(settings.SITE_URL).hostname or "citydiplo.localhost"
    stamp = int(notification.created_at.timestamp())
    return f"<notification-{notification.pk}-{stamp}@{domain}>"


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail (text and HTML) in the recipient's language, with a link to the page."""
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "language": language,
            "recipient": recipient,
            "subject": texts.subject(notification),
            "sentence": texts.sentence(notification),
            "url": notification.url,
            "preferences_url": f"{settings.SITE_URL}{reverse('reviews:preferences')}",
        }
        text = render_to_string("reviews/email/notification.txt", context)
        html = render_to_string("reviews/email/notification.html", context)
    subject = " ".join(str(context["subject"]).split())
    message = EmailMultiAlternatives(
        subject, text, None, [recipient.email], headers={"Message-ID": message_id(notification)}
    )
    message.attach_alternative(html, "text/html")
    return message


def claim(notification_id: int) -> Notification | None:
    """Take the row for one delivery attempt, or None if it is sent, claimed or given up."""
    now = timezone.now()
    taken = (
        Notification.objects.filter(
            pk=notification_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            claimed_until=now + timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    if not taken:
        return None
    return Notification.objects.select_related("recipient").get(pk=notification_id)


def deliver(notification_id: int) -> bool:
    """Deliver the row if it is still to be sent; True when this call delivered it.

    Raises what the SMTP server raised, after recording it on the row and releasing it.
    """
    notification = claim(notification_id)
    if notification is None:
        return False
    recipient = notification.recipient
    if notification.by_email and recipient.is_active and recipient.email:
        try:
            render_email(notification).send()
        except Exception as error:
            record_failure(notification_id, error)
            raise
    Notification.objects.filter(pk=notification_id).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return True


def record_failure(notification_id: int, error: BaseException) -> None:
    """Say why the attempt failed and release the row for the next one."""
    Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
        claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:1000]
    )
