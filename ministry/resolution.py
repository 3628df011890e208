"""Resolve partners of different municipalities into shared foreign entities.

Names are compared with screening's normalisation and matcher (`screening.names`,
`screening.matching`): legal forms, transliterations and spelling variants meet there, and
each match carries the features that explain it. Only partners of the same country that
share a blocking key (a distinctive name token, its phonetic code, or the web domain) are
compared — never all pairs. A liaison's decisions (`PairDecision`) are read first and never
undone: two partners kept apart never share an entity, two joined always do.

An entity exists only when partners of at least two municipalities resolve to it; a body
only one municipality deals with stays in that municipality's register.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q

from ministry.models import EntityLink, ForeignEntity, LinkHow, PairDecision, PartnerKey
from partners.models import Partner
from screening.matching import DEFAULT_THRESHOLD, Entry, Subject, score_entry
from screening.names import Kind, index_keys

logger = logging.getLogger(__name__)

THRESHOLD = DEFAULT_THRESHOLD  # the screening's, tuned on its evaluation set
PREFIX = 4
# A key more than this many partners of one country share says too little to compare on.
MAX_BLOCK = 200
FIELDS = ("pk", "municipality_id", "country_id", "kind", "name", "aliases", "website", "created_at")


@dataclass(frozen=True)
class Record:
    """What resolution reads of a partner."""

    pk: int
    municipality_id: int
    country: str
    kind: str
    names: tuple[str, ...]
    domain: str
    created_at: datetime


def domain_of(url: str) -> str:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")


def record(row: dict[str, Any]) -> Record:
    aliases = [a.strip() for a in (row["aliases"] or "").splitlines() if a.strip()]
    return Record(
        pk=row["pk"],
        municipality_id=row["municipality_id"],
        country=row["country_id"],
        kind=row["kind"],
        names=tuple(dict.fromkeys([row["name"], *aliases])),
        domain=domain_of(row["website"] or ""),
        created_at=row["created_at"],
    )


def keys_of(rec: Record) -> set[str]:
    """Screening's index keys, plus each token's first letters: transliteration systems
    disagree on endings and vowels (Sibirskaya / Sibirskaja) more than on beginnings."""
    keys = index_keys(rec.names, Kind.ORGANISATION)
    keys |= {"^" + k[:PREFIX] for k in keys if not k.startswith("~") and len(k) > PREFIX}
    if rec.domain:
        keys.add("@" + rec.domain[:63])
    return keys


def compare(a: Record, b: Record) -> tuple[float, dict[str, Any]]:
    """How likely two partners are one body, and the evidence (names matched, how)."""
    if a.country != b.country:
        return 0.0, {}
    if a.domain and a.domain == b.domain:
        return 1.0, {"with": b.pk, "how": "web domain", "domain": a.domain, "score": 1.0}
    hit = score_entry(
        Subject(names=a.names, kind=Kind.ORGANISATION, countries=frozenset({a.country})),
        Entry(key=b.pk, names=b.names, kind=Kind.ORGANISATION, countries=frozenset({b.country})),
    )
    evidence = {
        "with": b.pk,
        "how": "names",
        "score": round(hit.score, 3),
        "names": [hit.features.get("screened_name", ""), hit.features.get("matched_name", "")],
        "parts": hit.features.get("parts", []),
    }
    return hit.score, evidence


class Decisions:
    """The liaisons' decisions, as sets of pairs."""

    def __init__(self, partner_ids: Iterable[int] | None = None) -> None:
        qs = PairDecision.objects.all()
        if partner_ids is not None:
            ids = list(partner_ids)
            qs = qs.filter(Q(partner_low__in=ids) | Q(partner_high__in=ids))
        self.together: list[tuple[int, int]] = []
        self.apart: dict[int, set[int]] = defaultdict(set)
        for low, high, together in qs.values_list("partner_low", "partner_high", "together"):
            if together:
                self.together.append((low, high))
            else:
                self.apart[low].add(high)
                self.apart[high].add(low)

    def confirmed(self) -> set[int]:
        return {pk for pair in self.together for pk in pair}


@dataclass
class Components:
    """Union-find over partners that refuses any union a liaison's split forbids."""

    decisions: Decisions
    parent: dict[int, int] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)
    evidence: dict[int, dict[str, Any]] = field(default_factory=dict)

    def find(self, pk: int) -> int:
        self.parent.setdefault(pk, pk)
        self.members.setdefault(pk, [pk])
        root = pk
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[pk] != root:
            self.parent[pk], pk = root, self.parent[pk]
        return root

    def union(self, a: int, b: int, *, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = sorted((ra, rb), key=lambda r: len(self.members[r]))
        big_set = set(self.members[big])
        if not forced and any(self.decisions.apart[p] & big_set for p in self.members[small]):
            return False
        self.parent[small] = big
        self.members[big].extend(self.members.pop(small))
        return True

    def groups(self) -> list[list[int]]:
        return [m for r, m in self.members.items() if self.parent.get(r, r) == r]


def _rows(qs: Any) -> list[Record]:
    return [record(row) for row in qs.values(*FIELDS)]


def full_run() -> dict[str, float]:
    """Resolve every current partner again; returns counts and seconds for the log/bench."""
    started = time.monotonic()
    records = {r.pk: r for r in _rows(Partner.objects.current())}
    keys = {pk: keys_of(r) for pk, r in records.items()}
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, ks in keys.items():
        for key in ks:
            blocks[(records[pk].country, key)].append(pk)
    analysed = time.monotonic()
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for i, a in enumerate(members):
            ma = records[a].municipality_id
            for b in members[i + 1 :]:
                if records[b].municipality_id != ma:
                    pairs.add((a, b) if a < b else (b, a))
    decisions = Decisions()
    components = Components(decisions)
    for low, high in decisions.together:
        if low in records and high in records:
            components.union(low, high, forced=True)
    scored = []
    for a, b in pairs:
        if b in decisions.apart[a]:
            continue
        score, evidence = compare(records[a], records[b])
        if score >= THRESHOLD:
            scored.append((score, a, b, evidence))
    scored.sort(key=lambda s: -s[0])
    for _score, a, b, evidence in scored:
        if components.union(a, b):
            components.evidence.setdefault(a, evidence)
            components.evidence.setdefault(b, {**evidence, "with": a})
    compared = time.monotonic()
    groups = [g for g in components.groups() if len({records[p].municipality_id for p in g}) > 1]
    with transaction.atomic():
        PartnerKey.objects.all().delete()
        PartnerKey.objects.bulk_create(
            [
                PartnerKey(partner_id=pk, country_id=records[pk].country, key=key[:64])
                for pk, ks in keys.items()
                for key in ks
            ],
            batch_size=5000,
        )
        entities = _write_groups(groups, records, components.evidence, decisions.confirmed())
    return {
        "partners": len(records),
        "pairs_compared": len(pairs),
        "entities": entities,
        "seconds_analyse": round(analysed - started, 2),
        "seconds_compare": round(compared - analysed, 2),
        "seconds_total": round(time.monotonic() - started, 2),
    }


def _write_groups(
    groups: list[list[int]],
    records: dict[int, Record],
    evidence: dict[int, dict[str, Any]],
    confirmed: set[int],
) -> int:
    """Keep each group's entity (the one most of its partners had), make the missing ones."""
    current = dict(EntityLink.objects.values_list("partner_id", "entity_id"))
    taken: set[int] = set()
    links: list[EntityLink] = []
    for group in sorted(groups, key=len, reverse=True):
        votes = Counter(current[p] for p in group if p in current)
        entity_id = next((e for e, _n in votes.most_common() if e not in taken), None)
        entity = _refresh_entity(entity_id, [records[p] for p in group])
        taken.add(entity.pk)
        links.extend(
            EntityLink(
                entity=entity,
                partner_id=p,
                municipality_id=records[p].municipality_id,
                how=LinkHow.CONFIRMED if p in confirmed else LinkHow.AUTOMATIC,
                evidence=evidence.get(p, {}),
            )
            for p in group
        )
    EntityLink.objects.all().delete()
    EntityLink.objects.bulk_create(links, batch_size=5000)
    orphans = ForeignEntity.objects.exclude(pk__in=taken)
    orphans.filter(advisories__isnull=False).update(municipality_count=0)
    orphans.filter(advisories__isnull=True).delete()
    return len(taken)


def _refresh_entity(entity_id: int | None, members: list[Record]) -> ForeignEntity:
    """An entity's names, domains, country, kind and counts, from the partners linked to it."""
    names = Counter(n for r in members for n in r.names)
    primary = Counter(r.names[0] for r in members).most_common(1)[0][0]
    values = {
        "name": primary[:200],
        "country_id": Counter(r.country for r in members).most_common(1)[0][0],
        "kind": Counter(r.kind for r in members).most_common(1)[0][0],
        "names": [n for n, _c in names.most_common(20)],
        "domains": sorted({r.domain for r in members if r.domain}),
        "municipality_count": len({r.municipality_id for r in members}),
        "first_seen_at": min(r.created_at for r in members),
    }
    if entity_id is not None:
        ForeignEntity.objects.filter(pk=entity_id).update(**values)
        return ForeignEntity(pk=entity_id, **values)
    return ForeignEntity.objects.create(**values)


def refresh(entity_id: int) -> None:
    """Recount an entity from its links; one municipality left means no shared entity."""
    pks = list(EntityLink.objects.filter(entity_id=entity_id).values_list("partner_id", flat=True))
    members = _rows(Partner.objects.filter(pk__in=pks))
    if len({r.municipality_id for r in members}) < 2:
        EntityLink.objects.filter(entity_id=entity_id).delete()
        entity = ForeignEntity.objects.filter(pk=entity_id)
        if entity.filter(advisories__isnull=False).exists():
            entity.update(municipality_count=0)
        else:
            entity.delete()
        return
    _refresh_entity(entity_id, members)


def resolve_partner(partner_id: int) -> int | None:
    """Resolve one partner after a save (≤ 1 s): its keys, its candidates, its entity.

    A partner joins the entity of its best match (or makes one with it); the nightly full
    run also merges entities a new partner bridges.
    """
    partner_row = Partner.objects.filter(pk=partner_id).values(*FIELDS, "archived_at").first()
    old = EntityLink.objects.filter(partner_id=partner_id).values_list("entity_id", flat=True)
    old_entity = old.first()
    with transaction.atomic():
        PartnerKey.objects.filter(partner_id=partner_id).delete()
        EntityLink.objects.filter(partner_id=partner_id).delete()
        if old_entity is not None:
            refresh(old_entity)
        if partner_row is None or partner_row["archived_at"] is not None:
            return None
        rec = record(partner_row)
        keys = keys_of(rec)
        PartnerKey.objects.bulk_create(
            [PartnerKey(partner_id=rec.pk, country_id=rec.country, key=k[:64]) for k in keys]
        )
        return _attach(rec, keys)


def _attach(rec: Record, keys: set[str]) -> int | None:
    candidate_ids = set(
        PartnerKey.objects.filter(country_id=rec.country, key__in=keys)
        .exclude(partner__municipality_id=rec.municipality_id)
        .exclude(partner__archived_at__isnull=False)
        .values_list("partner_id", flat=True)[: MAX_BLOCK * 4]
    )
    decisions = Decisions([rec.pk])
    candidate_ids -= decisions.apart[rec.pk]
    together = {b if a == rec.pk else a for a, b in decisions.together}
    matches = []
    for other in _rows(Partner.objects.filter(pk__in=candidate_ids | together)):
        score, evidence = compare(rec, other)
        if other.pk in together:
            score = max(score, 1.0)
        if score >= THRESHOLD:
            matches.append((score, other, evidence))
    if not matches:
        return None
    matches.sort(key=lambda m: -m[0])
    links = dict(
        EntityLink.objects.filter(partner__in=[m[1].pk for m in matches]).values_list(
            "partner_id", "entity_id"
        )
    )
    for _score, other, evidence in matches:
        entity_id = links.get(other.pk)
        if entity_id is None:
            continue
        members = set(
            EntityLink.objects.filter(entity_id=entity_id).values_list("partner_id", flat=True)
        )
        if decisions.apart[rec.pk] & members:
            continue
        EntityLink.objects.create(
            entity_id=entity_id,
            partner_id=rec.pk,
            municipality_id=rec.municipality_id,
            evidence=evidence,
            how=LinkHow.CONFIRMED if other.pk in together else LinkHow.AUTOMATIC,
        )
        refresh(entity_id)
        return entity_id
    _score, other, evidence = matches[0]
    entity = _refresh_entity(None, [rec, other])
    EntityLink.objects.bulk_create(
        [
            EntityLink(
                entity=entity,
                partner_id=rec.pk,
                municipality_id=rec.municipality_id,
                evidence=evidence,
            ),
            EntityLink(
                entity=entity,
                partner_id=other.pk,
                municipality_id=other.municipality_id,
                evidence={**evidence, "with": rec.pk},
            ),
        ]
    )
    return entity.pk
