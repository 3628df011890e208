"""Keep draft diagnostics in step with the context they are scored against.

The country context (regime, attributed information manipulation, conflict), the territories
France does not recognise, the partner (kind, territory), the partnership (form, sectors, what
flows) and the municipality (tolerance) all enter the score. When staff or an officer change
one of them, every draft it affects is recomputed once the change commits; submitted and
approved diagnostics keep the result they were decided on.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save

from municipalities.models import Municipality
from partners.models import Country, Partner, Partnership, Territory
from risks.models import Assessment, AssessmentStatus


def recompute_drafts(condition: Q) -> int:
    """Recompute the drafts matching `condition`; returns how many."""
    from risks import actions

    ids = list(
        Assessment.objects.filter(condition, status=AssessmentStatus.DRAFT).values_list(
            "pk", flat=True
        )
    )
    for assessment_id in ids:
        with transaction.atomic():
            actions.recompute(actions.lock(assessment_id))
    return len(ids)


def _after_commit(condition: Q) -> None:
    transaction.on_commit(lambda: recompute_drafts(condition))


def _country_changed(sender: Any, instance: Country, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _after_commit(Q(partnership__partner__country=instance))


def _territory_changed(sender: Any, instance: Territory, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _after_commit(Q(partnership__partner__territory=instance))


def _partner_changed(sender: Any, instance: Partner, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not kwargs.get("created"):
        _after_commit(Q(partnership__partner=instance))


def _partnership_changed(
    sender: Any, instance: Partnership, raw: bool = False, **kwargs: Any
) -> None:
    fields = kwargs.get("update_fields")
    # Copying an approved rating onto the partnership changes nothing a draft is scored on.
    if raw or kwargs.get("created") or (fields and set(fields) <= RATING_FIELDS):
        return
    _after_commit(Q(partnership=instance))


def _municipality_changed(
    sender: Any, instance: Municipality, raw: bool = False, **kwargs: Any
) -> None:
    if not raw and not kwargs.get("created"):
        _after_commit(Q(municipality=instance))


RATING_FIELDS = {"rating", "risk_score", "flagged", "rated_at", "search_text"}


def connect() -> None:
    post_save.connect(_country_changed, sender=Country, dispatch_uid="risks.country")
    post_save.connect(_territory_changed, sender=Territory, dispatch_uid="risks.territory")
    post_save.connect(_partner_changed, sender=Partner, dispatch_uid="risks.partner")
    post_save.connect(_partnership_changed, sender=Partnership, dispatch_uid="risks.partnership")
    post_save.connect(_municipality_changed, sender=Municipality, dispatch_uid="risks.municipality")
