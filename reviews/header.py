"""The header's notification badge and liaison link, kept in the cache.

Every signed-in page shows them, so they are read from the cache (Redis in production) rather
than paid for with a query on each page; `forget_header_status` drops a user's entry whenever a
notification of theirs is written or read, or a liaison assignment of theirs changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import User
from municipalities.models import LiaisonAssignment

CACHE_SECONDS = 300


@dataclass(frozen=True)
class HeaderStatus:
    unread: int = 0
    liaison: bool = False


def _key(user_id: int) -> str:
    return f"reviews:header:{user_id}"


def forget_header_status(user_ids: list[int]) -> None:
    """Drop the cached badges of these users once the transaction commits.

    Only after commit: a page read before then would cache the count from before the change
    again, and the cache (Redis) has no part in the change itself, so an outage cannot roll it
    back. Outside a transaction the entries go at once.
    """
    keys = [_key(pk) for pk in user_ids]
    transaction.on_commit(lambda: cache.delete_many(keys))


def header_status_for(user: User) -> HeaderStatus:
    stored = cache.get(_key(user.pk))
    if stored is not None:
        return HeaderStatus(*stored)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
            liaison=Exists(LiaisonAssignment.objects.filter(liaison=OuterRef("pk"))),
        )
        .values("unread", "liaison")
        .first()
    )
    status = HeaderStatus(int(row["unread"]), bool(row["liaison"])) if row else HeaderStatus()
    cache.set(_key(user.pk), (status.unread, status.liaison), CACHE_SECONDS)
    return status
