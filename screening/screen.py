"""Screen subjects against every loaded list: what `manage.py screen` and the app both call."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from screening import matching
from screening.index import MemoryIndex, candidate_ids
from screening.loaders import country_code
from screening.models import ListEntry
from screening.names import Kind


class EntryCache:
    """List entries fetched once and kept, for screening many subjects in a row."""

    def __init__(self) -> None:
        self.entries: dict[int, ListEntry] = {}

    def get(self, ids: list[int]) -> list[ListEntry]:
        missing = [i for i in ids if i not in self.entries]
        if missing:
            for entry in ListEntry.objects.filter(pk__in=missing).select_related("sanctions_list"):
                self.entries[entry.pk] = entry
        return [self.entries[i] for i in ids if i in self.entries]


@dataclass
class Found:
    """A hit at or above the threshold, with the entry it found."""

    entry: ListEntry
    score: float
    features: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "list": self.entry.sanctions_list.name,
            "entry_id": self.entry.entry_id,
            "name": self.entry.name,
            "score": self.score,
            "features": self.features,
        }


def threshold() -> float:
    return float(getattr(settings, "SCREENING_THRESHOLD", matching.DEFAULT_THRESHOLD))


def as_entry(entry: ListEntry) -> matching.Entry:
    return matching.Entry(
        key=entry.pk,
        names=tuple(entry.all_names),
        kind=entry.kind,
        countries=frozenset(entry.countries),
        identifiers=frozenset(entry.identifiers),
    )


def _country(value: str) -> str:
    value = value.strip()
    return value.upper() if len(value) == 2 else country_code(value)


def subject(
    name: str,
    aliases: Sequence[str] = (),
    *,
    kind: str = Kind.UNKNOWN,
    countries: Iterable[str] = (),
    identifiers: Iterable[str] = (),
    role: str = "name",
) -> matching.Subject:
    return matching.Subject(
        names=tuple(dict.fromkeys(n.strip() for n in [name, *aliases] if n and n.strip())),
        kind=kind,
        countries=frozenset(_country(c) for c in countries if c and _country(c)),
        identifiers=frozenset(identifiers),
        role=role,
    )


def screen(
    subjects: Iterable[matching.Subject],
    min_score: float | None = None,
    *,
    index: MemoryIndex | None = None,
    cache: EntryCache | None = None,
) -> list[Found]:
    """Hits of the subjects on every loaded list, best first, one per entry (its best).

    `index` and `cache` (for re-screening many partners) only change where candidates come
    from, never which: the result is the same as with the database index.
    """
    bar = threshold() if min_score is None else min_score
    best: dict[int, Found] = {}
    for one in subjects:
        if not one.names:
            continue
        if index is not None:
            ids = index.candidate_ids(one.names, one.kind)
        else:
            ids = candidate_ids(one.names, one.kind)
        if cache is not None:
            entries = cache.get(ids)
        else:
            entries = list(ListEntry.objects.filter(pk__in=ids).select_related("sanctions_list"))
        for entry in entries:
            hit = matching.score_entry(one, as_entry(entry))
            if hit.score >= bar and (entry.pk not in best or hit.score > best[entry.pk].score):
                best[entry.pk] = Found(entry, hit.score, hit.features)
    return sorted(
        best.values(), key=lambda f: (-f.score, f.entry.sanctions_list.name, f.entry.entry_id)
    )
