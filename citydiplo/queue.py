"""Handing tasks to Celery from a request without ever failing or stalling it.

A page that changed something has already committed its change (and, for notifications, the
outbox rows); the broker is only the fast path. With Redis down, `send_quietly` tries one
connection once, logs, and returns False: a periodic sweeper enqueues the work again later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

logger = logging.getLogger(__name__)


def send_quietly(task: Any, calls: Iterable[Sequence[Any]], **options: Any) -> bool:
    """Send `task` once per argument tuple over one broker connection; False if it failed.

    kombu's own reconnection would sleep between attempts (2 s by default) while the page
    waits, so the connection is tried once (`max_retries` 0, a short connect timeout from
    CELERY_BROKER_TRANSPORT_OPTIONS) and nothing is retried here.
    """
    calls = list(calls)
    if not calls:
        return True
    app = task.app
    transport = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
    try:
        with app.connection_for_write(transport_options=transport) as connection:
            for args in calls:
                task.apply_async(tuple(args), retry=False, connection=connection, **options)
    except Exception:  # a broker outage, or a failure of an eager run: the sweeper retries
        logger.warning("%s %s left for the sweeper", task.name, calls, exc_info=True)
        return False
    return True
