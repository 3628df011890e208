"""The portfolio figures of a municipality, kept in the cache until its register changes.

Every member of a municipality sees the same figures (counts by status and rating, the matrix,
the trend), so they are computed once per change rather than on each page. A municipality's
entries are reached through a token: any save or deletion of one of its partnerships,
diagnostics or referrals, and any import of partnerships, drops the token once the transaction
has committed, and the next page computes afresh under a new one. Dropping only after commit
keeps a page read meanwhile from caching the figures from before the change under the new
token; an entry computed before the change can only be stored under the old token, which no
page reads any more. The day is part of the key: the trend's quarters move with the calendar.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dashboard import figures, trend
from municipalities.models import Municipality
from partners.models import Partnership
from partners.signals import partnerships_imported
from reviews.models import Referral
from risks.models import Assessment

CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PortfolioFigures:
    summary: figures.Portfolio
    matrix: dict[tuple[int, int], int]
    quarters: list[trend.Quarter]


def _token_key(municipality_id: int) -> str:
    return f"dashboard:token:{municipality_id}"


def _token(municipality_id: int) -> str:
    key = _token_key(municipality_id)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):  # another page set it first: use theirs
            token = cache.get(key) or token
    return str(token)


def figures_key(municipality: Municipality) -> str:
    """The key of the municipality's figures as they stand (also that of the portfolio section
    rendered from them, with the reader's language)."""
    return (
        f"dashboard:portfolio:{municipality.pk}:{_token(municipality.pk)}:"
        f"{timezone.localdate().isoformat()}"
    )


def portfolio_figures(municipality: Municipality, key: str) -> PortfolioFigures:
    """The figures kept under `key`, or computed (three queries) and kept."""
    found = cache.get(key)
    if isinstance(found, PortfolioFigures):
        return found
    computed = PortfolioFigures(
        figures.portfolio(municipality), figures.matrix(municipality), trend.trend(municipality)
    )
    cache.set(key, computed, CACHE_SECONDS)
    return computed


def forget(municipality_ids: set[int]) -> None:
    """Drop these municipalities' figures once the transaction commits (at once outside one)."""
    keys = [_token_key(pk) for pk in municipality_ids if pk is not None]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def _changed(sender: Any, instance: Partnership | Assessment | Referral, **kwargs: Any) -> None:
    forget({instance.municipality_id})


def _imported(sender: Any, municipality_ids: set[int], **kwargs: Any) -> None:
    forget(municipality_ids)


def connect() -> None:
    for model in (Partnership, Assessment, Referral):
        name = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboard-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboard-delete-{name}")
    partnerships_imported.connect(_imported, dispatch_uid="dashboard-imported")
