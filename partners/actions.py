"""Changes to the register. Views, imports and commands call these; each runs in one transaction.

The audit history is written by django-simple-history on every save; the acting user is given
explicitly so that imports and commands are attributed as well as web requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, Value
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partners.models import Document, Partner, Partnership
from partners.text import normalise, similarity

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Municipality

SIMILARITY_THRESHOLD = 0.8
SIMILARITY_SCAN_LIMIT = 5000  # partners compared at most, whatever the register's size
SIMILARITY_NEAREST = 200  # on PostgreSQL, the nearest names the trigram index gives are compared
TRIGRAM_PREFILTER = 0.3  # word similarity a name must reach to be compared at all
NAME_MAX_LENGTH = Partner._meta.get_field("name").max_length or 200


def _save(obj: Partner | Partnership, by: User | None, reason: str = "") -> None:
    obj._history_user = by  # type: ignore[union-attr]
    if reason:
        obj._change_reason = reason  # type: ignore[union-attr]
    obj.save()


def save_partner(partner: Partner, by: User | None) -> Partner:
    """Create or update a partner of its municipality's register."""
    with transaction.atomic():
        _save(partner, by)
    return partner


def save_partnership(partnership: Partnership, by: User | None) -> Partnership:
    """Create or update a partnership; it always belongs to its partner's municipality."""
    partnership.municipality_id = partnership.partner.municipality_id
    with transaction.atomic():
        _save(partnership, by)
    return partnership


def flag_for_ministry(partnership_id: int, by: User | None) -> Partnership:
    """Flag a partnership for the ministry (its officer asked for an opinion); the partnership's
    history records who did it."""
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
        if not partnership.flagged:
            partnership.flagged = True
            partnership._history_user = by  # type: ignore[attr-defined]
            partnership.save(update_fields=["flagged", "updated_at"])
    return partnership


def add_document(partnership: Partnership, title: str, upload: File[Any], by: User) -> Document:
    """Keep a file with a partnership. If the row cannot be written, the file is removed."""
    document = Document(partnership=partnership, title=title, uploaded_by=by)
    document.file.save(upload.name or "document", upload, save=False)
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.file.storage.delete(document.file.name or "")
        raise
    return document


def delete_document(document: Document) -> None:
    """Delete a document; its file goes once the deletion is committed (a rolled-back deletion
    keeps a row whose file is still there)."""
    storage, name = document.file.storage, document.file.name or ""
    with transaction.atomic():
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def archive(obj: Partner | Partnership, by: User | None) -> None:
    """Hide an item from the register without losing it (restorable)."""
    if obj.archived_at is None:
        obj.archived_at = timezone.now()
        with transaction.atomic():
            _save(obj, by, "archived")


def restore(obj: Partner | Partnership, by: User | None) -> None:
    if obj.archived_at is not None:
        obj.archived_at = None
        with transaction.atomic():
            _save(obj, by, "restored")


def similar_partners(
    municipality: Municipality, name: str, *, exclude_pk: int | None = None, limit: int = 5
) -> list[Partner]:
    """Partners of the same register whose name or an alias resembles `name` (fuzzy).

    The work is bounded whatever the input and the register's size: a name longer than the
    field allows is not compared; on PostgreSQL the trigram index of migration 0010 gives the
    SIMILARITY_NEAREST names nearest to it (word distance over the normalised names and
    aliases), elsewhere the SIMILARITY_SCAN_LIMIT most recent partners are read; those few are
    then scored in Python with the register's own measure.
    """
    if not name.strip() or len(name) > NAME_MAX_LENGTH:
        return []
    candidates = Partner.objects.filter(municipality=municipality).only(
        "pk", "name", "aliases", "archived_at", "country_id"
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        return _best(name, _nearest_names(candidates, normalise(name)), limit)
    return _best(name, candidates.order_by("-pk")[:SIMILARITY_SCAN_LIMIT], limit)


def _nearest_names(candidates: QuerySet[Partner], needle: str) -> list[Partner]:
    """The partners whose names share trigrams with `needle` (`search_text %> needle`, which
    the GIN index of migration 0010 answers), nearest first, SIMILARITY_NEAREST at most. The
    operator's threshold is lowered for this query only, so that it keeps every name the
    register's own measure could call similar."""
    shares = Func(
        F("search_text"),
        Value(needle),
        function="",
        arg_joiner=" %%> ",
        output_field=BooleanField(),
    )
    distance = Func(
        F("search_text"), Value(needle), function="", arg_joiner=" <->> ", output_field=FloatField()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(  # SET takes no parameter: set_config(…, is_local) is its equivalent
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(TRIGRAM_PREFILTER)],
        )
        return list(candidates.filter(shares).order_by(distance)[:SIMILARITY_NEAREST])


def _best(name: str, candidates: Iterable[Partner], limit: int) -> list[Partner]:
    scored = []
    for partner in candidates:
        best = max(similarity(name, other) for other in [partner.name, *partner.alias_list])
        if best >= SIMILARITY_THRESHOLD:
            scored.append((best, partner))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [partner for _, partner in scored[:limit]]


def import_partners(partners: Iterable[Partner], by: User) -> int:
    """Create every partner or none (the caller validated them all beforehand)."""
    objs = list(partners)
    for partner in objs:
        partner.refresh_normalised()
    with transaction.atomic():
        bulk_create_with_history(objs, Partner, default_user=by, default_change_reason="import")
    return len(objs)


def import_partnerships(partnerships: Iterable[Partnership], by: User) -> int:
    """Create every partnership or none (the caller validated them all beforehand)."""
    objs = list(partnerships)
    for partnership in objs:
        partnership.municipality_id = partnership.partner.municipality_id
        partnership.refresh_normalised()
    with transaction.atomic():
        bulk_create_with_history(objs, Partnership, default_user=by, default_change_reason="import")
    return len(objs)
