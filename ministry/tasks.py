"""Celery tasks of the ministry's picture: thin, they take ids and call the resolution."""

from __future__ import annotations

import logging

from celery import shared_task

from ministry import resolution

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def resolve_partner_task(partner_id: int) -> int | None:
    """Resolve one partner after it is saved; returns its entity's id, if it has one."""
    return resolution.resolve_partner(partner_id)


@shared_task(acks_late=True, soft_time_limit=1200, time_limit=1300)
def resolve_all_task() -> dict[str, float]:
    """Resolve every partner again (nightly): merges what single saves could not."""
    return resolution.full_run()


def enqueue_resolve_partner(partner_id: int) -> None:
    """Hand the resolution to a worker; with the broker down, the nightly run catches up."""
    try:
        resolve_partner_task.delay(partner_id)
    except Exception:  # never fail the page that saved the partner
        logger.warning("queue unavailable: partner %s resolved tonight", partner_id)
