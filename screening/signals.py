"""Screen a partner after each save that may change what is screened."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import Partner

# Saves that touch only these fields change nothing that is screened.
_UNSCREENED = {"archived_at", "updated_at", "notes", "name_key", "search_text"}


@receiver(post_save, sender=Partner, dispatch_uid="screening_on_partner_save")
def screen_saved_partner(sender: type[Partner], instance: Partner, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= _UNSCREENED:
        return
    from screening.actions import enqueue_screen_partner

    partner_id = instance.pk
    transaction.on_commit(lambda: enqueue_screen_partner(partner_id))
