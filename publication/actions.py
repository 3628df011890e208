"""Recording outcomes and publishing partnerships. Views, commands and the demo call these.

Each runs in one transaction; the audit history is written by django-simple-history with the
acting user and, for publishing and withdrawing, the reason, so the partnership's page can say
who made it public and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.models import Document, Partnership
from publication.models import Outcome, Publication

if TYPE_CHECKING:
    from accounts.models import User

PUBLISHED = "published"
WITHDRAWN = "withdrawn"
UPDATED = "public page changed"


def _save(obj: Outcome | Publication, by: User | None, reason: str = "") -> None:
    obj._history_user = by  # type: ignore[union-attr]
    if reason:
        obj._change_reason = reason  # type: ignore[union-attr]
    obj.save()


def touch(partnership_id: int) -> None:
    """Date a change the public can see (the open data's date and the cache key follow)."""
    Publication.objects.filter(partnership_id=partnership_id).update(changed_at=timezone.now())


def save_outcome(outcome: Outcome, by: User | None) -> Outcome:
    """Create or update one year's outcomes of a partnership."""
    with transaction.atomic():
        _save(outcome, by)
        touch(outcome.partnership_id)
    return outcome


def delete_outcome(outcome: Outcome, by: User | None) -> None:
    with transaction.atomic():
        outcome._history_user = by  # type: ignore[attr-defined]
        partnership_id = outcome.partnership_id
        outcome.delete()
        touch(partnership_id)


def unique_slug(partnership: Partnership) -> str:
    """A readable address, unique in the municipality, kept for good once given."""
    base = slugify(partnership.title)[:60].strip("-") or "partenariat"
    taken = set(
        Publication.objects.filter(
            municipality_id=partnership.municipality_id, slug__startswith=base
        ).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def draft_for(partnership: Partnership) -> Publication:
    """The partnership's publication row, or a new unsaved one (nothing is published)."""
    try:
        return partnership.publication
    except Publication.DoesNotExist:
        return Publication(partnership=partnership, municipality_id=partnership.municipality_id)


def publish(
    publication: Publication, documents: Iterable[Document], by: User | None
) -> Publication:
    """Publish the partnership with these public texts and documents (or update them).

    Only documents of the partnership itself can be made public.
    """
    partnership = publication.partnership
    if partnership.is_archived:
        raise ValueError("An archived partnership cannot be published.")
    chosen = [d for d in documents if d.partnership_id == partnership.pk]
    now = timezone.now()
    with transaction.atomic():
        if not publication.slug:
            publication.slug = unique_slug(partnership)
        reason = UPDATED if publication.is_published else PUBLISHED
        publication.municipality_id = partnership.municipality_id
        publication.is_published = True
        publication.published_at = publication.published_at or now
        publication.published_by = by
        publication.changed_at = now
        _save(publication, by, reason)
        publication.documents.set(chosen)
    return publication


def withdraw(publication: Publication, by: User | None) -> None:
    """Take the partnership off the public register; its address is kept for a re-publication."""
    if not publication.is_published:
        return
    with transaction.atomic():
        publication.is_published = False
        publication.changed_at = timezone.now()
        _save(publication, by, WITHDRAWN)
