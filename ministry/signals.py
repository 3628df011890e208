"""Resolve a partner again after each save that may change which foreign body it is."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from partners.models import Partner

# Saves that touch only these fields change nothing resolution reads.
_IGNORED = {
    "archived_at",
    "updated_at",
    "notes",
    "name_key",
    "search_text",
    "sanctions_confirmed",
    "screening_to_review",
    "screened_at",
}


def resolve_saved_partner(sender: type[Partner], instance: Partner, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= _IGNORED:
        return
    from ministry.tasks import enqueue_resolve_partner

    partner_id = instance.pk
    transaction.on_commit(lambda: enqueue_resolve_partner(partner_id))


def connect() -> None:
    post_save.connect(resolve_saved_partner, sender=Partner, dispatch_uid="ministry_resolve")
