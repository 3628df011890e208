"""The candidate index in the database: which entries share rare name keys with a subject.

Screening never scores every entry: the subject's keys (screening.names.index_keys) are
looked up in `NameKey`, each weighted by its rarity, and only the best-covered entries are
scored. Keys shared by a large share of the entries (a common given name's phonetic code)
weigh almost nothing, so they cannot crowd out the rare ones.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, FloatField, Sum, Value, When

from screening.models import ListEntry, NameKey
from screening.names import Kind, index_keys

CANDIDATES = 40  # entries scored per subject
MAX_KEYS = 40


def keys_for_entry(entry: ListEntry) -> set[str]:
    return index_keys(entry.all_names, entry.kind)


def write_keys(entries: Iterable[ListEntry]) -> None:
    rows = [NameKey(entry=e, key=k) for e in entries for k in sorted(keys_for_entry(e))]
    NameKey.objects.bulk_create(rows, batch_size=5000)


def subject_keys(names: Iterable[str], kind: str) -> set[str]:
    """A subject of unknown kind is looked up as a person and as an organisation."""
    names = list(names)
    if kind == Kind.UNKNOWN:
        return index_keys(names, Kind.PERSON) | index_keys(names, Kind.ORGANISATION)
    return index_keys(names, kind)


def _weight(frequency: int) -> float:
    return 1.0 / (1.0 + math.log(frequency))


def _query_keys(names: Iterable[str], kind: str) -> list[str]:
    return sorted(subject_keys(names, kind), key=len, reverse=True)[:MAX_KEYS]


class MemoryIndex:
    """The same index read once into memory, for re-screening every partner in one go.

    Ranks candidates exactly as `candidate_ids` does, without two queries per subject.
    """

    def __init__(self) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for key, entry_id in NameKey.objects.values_list("key", "entry_id").iterator(
            chunk_size=20_000
        ):
            postings[key].append(entry_id)
        self.postings = dict(postings)

    def candidate_ids(self, names: Iterable[str], kind: str, limit: int = CANDIDATES) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for key in _query_keys(names, kind):
            ids = self.postings.get(key)
            if ids:
                weight = _weight(len(ids))
                for entry_id in ids:
                    scores[entry_id] += weight
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [entry_id for entry_id, _ in ranked[:limit]]


def candidate_ids(names: Iterable[str], kind: str, limit: int = CANDIDATES) -> list[int]:
    """Ids of the entries most likely to match, rarest shared keys first (two queries)."""
    keys = _query_keys(names, kind)
    if not keys:
        return []
    frequency = dict(
        NameKey.objects.filter(key__in=keys)
        .values_list("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    if not frequency:
        return []
    weights = {k: _weight(n) for k, n in frequency.items()}
    score = Sum(
        Case(
            *(When(key=k, then=Value(w)) for k, w in weights.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    rows = (
        NameKey.objects.filter(key__in=list(weights))
        .values("entry_id")
        .annotate(weight=score)
        .order_by("-weight", "entry_id")[:limit]
    )
    return [row["entry_id"] for row in rows]
