"""The notifications outbox: rows written in the acting transaction, handed to Celery after it
commits. A broker outage never fails the change: the sweeper (`reviews.tasks.sweep`) re-sends
what is still unsent.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction

from accounts.models import User
from citydiplo.queue import send_quietly
from reviews.header import forget_header_status
from reviews.models import Notification, Referral, email_wanted

# Looked up by name so that this module does not import the tasks module (which imports the
# sweeper and the reminders, both built on this one).
DELIVER_TASK = "reviews.tasks.deliver_notification"


def delivery_queue() -> str:
    return str(current_app.conf.task_default_queue)


def enqueue(notification_ids: list[int]) -> None:
    """Hand rows to Celery; if the broker is down, leave them for the sweeper (never raise)."""
    deliver = current_app.tasks[DELIVER_TASK]
    send_quietly(deliver, ([pk] for pk in notification_ids), queue=delivery_queue())


def notify(
    users: list[User],
    kind: str,
    *,
    referral: Referral | None = None,
    params: dict[str, Any] | None = None,
    path: str = "",
) -> list[Notification]:
    """Write one outbox row per recipient, to be delivered after the transaction commits."""
    if not users:
        return []
    wanted = email_wanted(users, kind)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                referral=referral,
                params=params or {},
                path=path,
                by_email=wanted[user.pk] and bool(user.email),
            )
            for user in users
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: enqueue(ids))
    forget_header_status([user.pk for user in users])
    return rows


def notify_once(user: User, kind: str, dedupe_key: str, **fields: Any) -> Notification | None:
    """A reminder row unless this recipient already had one with `dedupe_key`."""
    if Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
        return None
    row = Notification.objects.create(
        recipient=user,
        kind=kind,
        dedupe_key=dedupe_key,
        by_email=email_wanted([user], kind)[user.pk] and bool(user.email),
        **fields,
    )
    transaction.on_commit(lambda: enqueue([row.pk]))
    forget_header_status([user.pk])
    return row
