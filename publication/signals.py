"""Edits made in the register move the date of the public pages that show them.

The partners app knows nothing of publication: these receivers listen to its saves and
deletions and, once the transaction has committed, date the change on the publications
concerned (an update of a few rows, nothing when none is published).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from partners.models import Document, Partner, Partnership
from publication.models import Publication


def _touch(**filters: Any) -> None:
    def run() -> None:
        Publication.objects.filter(is_published=True, **filters).update(changed_at=timezone.now())

    transaction.on_commit(run)


def _partnership_changed(sender: Any, instance: Partnership, **kwargs: Any) -> None:
    _touch(partnership_id=instance.pk)


def _partner_changed(sender: Any, instance: Partner, **kwargs: Any) -> None:
    _touch(partnership__partner_id=instance.pk)


def _document_changed(sender: Any, instance: Document, **kwargs: Any) -> None:
    _touch(partnership_id=instance.partnership_id)


def connect() -> None:
    post_save.connect(_partnership_changed, sender=Partnership, dispatch_uid="pub-partnership")
    post_save.connect(_partner_changed, sender=Partner, dispatch_uid="pub-partner")
    post_delete.connect(_document_changed, sender=Document, dispatch_uid="pub-document-del")
    post_save.connect(_document_changed, sender=Document, dispatch_uid="pub-document")
