"""Deliver one outbox row: lock it, send the e-mail unless already sent, mark it sent.

Running twice sends one e-mail: the second run waits for the first one's lock, then sees
`sent_at`. An SMTP failure rolls the row back to unsent and is recorded for the retry.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reviews import texts
from reviews.models import Notification


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
    message = EmailMultiAlternatives(subject, text, None, [recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def deliver(notification_id: int) -> bool:
    """Deliver the row if it is still unsent; True when this call delivered it."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return False
        if notification.by_email and notification.recipient.is_active:
            # Sent under the row lock: a concurrent run waits here and then finds sent_at.
            render_email(notification).send()
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["sent_at", "attempts"])
    return True


def record_failure(notification_id: int, error: BaseException) -> None:
    Notification.objects.filter(pk=notification_id).update(
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        last_attempt_at=timezone.now(),
    )
