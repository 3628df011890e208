"""Celery tasks of screening: thin, they take ids and call screening.actions."""

from __future__ import annotations

from celery import shared_task

from partners.models import Partner
from screening import actions


@shared_task(acks_late=True)
def screen_partner_task(partner_id: int) -> int:
    """Screen one partner (after it is saved); returns its number of hits."""
    partner = Partner.objects.filter(pk=partner_id).select_related("country").first()
    return len(actions.screen_partner(partner)) if partner else 0


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def rescreen_all_task() -> int:
    """Re-screen every partner: after a list load and nightly (Celery beat)."""
    return actions.rescreen_all()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def load_uploaded_list(load_id: int) -> str:
    """Load a list uploaded by staff in the admin, reporting progress on the upload row."""
    return actions.load_upload(load_id)
