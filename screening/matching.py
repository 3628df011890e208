"""Compare a screened subject with list entries: pure functions, no database.

The name comparison follows the method of the sanctions field's open-source matcher
(nomenklatura's logic-v2, built on rigour): rigour tags each name's parts with symbols (known
given names across scripts, legal forms, org words such as "international"), pairs the
symbols two names share, and scores the rest with its typo- and transliteration-aware edit
cost (`compare_parts`); parts left over on either side weigh against the match. Word order
does not matter (person names are re-aligned, other names sorted). Countries and
identifiers then qualify the name score: a shared identifier confirms, disjoint countries
(when both sides give some) lower it. Every hit carries the features that explain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rigour.names import (
    Name,
    NamePart,
    NamePartTag,
    NameTypeTag,
    Symbol,
    align_person_name_order,
    compare_parts,
    pair_symbols,
)

from screening.names import Kind, analyse, is_country_word

__all__ = ["DEFAULT_THRESHOLD", "Entry", "Hit", "Subject", "compare_names", "score_entry"]

# Tuned on tests/screening/test_evaluation.py (docs/screening.md explains the trade-off).
DEFAULT_THRESHOLD = 0.8

# How much a symbol pairing counts (score) and weighs (weight) in a name's average: a shared
# legal form or a generic word ("international", "agency") says little about who is meant.
SYMBOL_SCORES = {
    Symbol.Category.ORG_CLASS: 0.8,
    Symbol.Category.INITIAL: 0.9,
    Symbol.Category.NAME: 0.9,
    Symbol.Category.NICK: 0.6,
    Symbol.Category.SYMBOL: 0.9,
    Symbol.Category.DOMAIN: 0.9,
    Symbol.Category.NUMERIC: 0.9,
    Symbol.Category.LOCATION: 0.9,
    Symbol.Category.PHONETIC: 0.85,
}
SYMBOL_WEIGHTS = {
    Symbol.Category.ORG_CLASS: 0.5,
    Symbol.Category.INITIAL: 0.5,
    Symbol.Category.NICK: 0.8,
    Symbol.Category.SYMBOL: 0.3,
    Symbol.Category.DOMAIN: 0.6,
    Symbol.Category.NUMERIC: 1.3,
    Symbol.Category.LOCATION: 0.8,
}
# A word of the screened name missing from the entry counts more against the match than a
# word of the entry missing from the screened name (lists add patronymics and middle names).
EXTRA_SUBJECT_WEIGHT = 0.7
EXTRA_ENTRY_WEIGHT = 0.3
# Legal forms and stop words left over weigh little: "OOO Romashka" is "Romashka"; generic
# organisation words ("company", "group") and country names ("Korea …") little more.
WEAK_EXTRA_FACTOR = 0.2
GENERIC_EXTRA_FACTOR = 0.5
GENERIC_CATEGORIES = (Symbol.Category.ORG_CLASS, Symbol.Category.SYMBOL)
COUNTRY_MISMATCH_FACTOR = 0.7
IDENTIFIER_SCORE = 0.97
KIND_MISMATCH_FACTOR = 0.6


@dataclass(frozen=True)
class Subject:
    """What is screened: a partner, its parent organisation, a leader, or a name typed."""

    names: tuple[str, ...]
    kind: str = Kind.UNKNOWN
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()
    role: str = "name"  # which of the partner's subjects it is (name, parent, leader)


@dataclass(frozen=True)
class Entry:
    """A list entry as the matcher sees it."""

    key: int  # the database id (or any key the caller uses)
    names: tuple[str, ...]
    kind: str = Kind.UNKNOWN
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()


@dataclass
class NameScore:
    score: float
    subject_name: str = ""
    entry_name: str = ""
    how: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Hit:
    entry: Entry
    score: float
    features: dict[str, Any]


def _clean_id(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).upper()


def _is_weak(parts: Sequence[NamePart]) -> bool:
    return all(p.tag in (NamePartTag.LEGAL, NamePartTag.STOP) for p in parts)


def _explain(qps: Sequence[NamePart], rps: Sequence[NamePart], how: str, score: float) -> dict:
    return {
        "subject": " ".join(p.form for p in qps),
        "entry": " ".join(p.form for p in rps),
        "how": how,
        "score": round(score, 2),
    }


def _generic_parts(name: Name) -> set[NamePart]:
    return {p for s in name.spans if s.symbol.category in GENERIC_CATEGORIES for p in s.parts}


def _extra_factor(parts: Sequence[NamePart], generic: set[NamePart]) -> float:
    """How much a part left without counterpart weighs, by what kind of word it is."""
    if _is_weak(parts):
        return WEAK_EXTRA_FACTOR
    if all(p in generic or is_country_word(p.comparable) for p in parts):
        return GENERIC_EXTRA_FACTOR
    return 1.0


def _pair_score(query: Name, result: Name) -> NameScore:
    """Best score over the symbol pairings of two names, with its explanation."""
    if query.comparable == result.comparable:
        return NameScore(
            1.0,
            query.original,
            result.original,
            [_explain(query.parts, result.parts, "identical", 1.0)],
        )
    best = NameScore(0.0, query.original, result.original)
    generic = _generic_parts(query) | _generic_parts(result)
    for edges in pair_symbols(query, result):
        scored: list[tuple[float, float, dict]] = []
        for edge in edges:
            assert edge.symbol is not None
            literal = edge.qstr == edge.rstr
            score = 1.0 if literal else SYMBOL_SCORES.get(edge.symbol.category, 1.0)
            weight = SYMBOL_WEIGHTS.get(edge.symbol.category, 1.0)
            how = "same word" if literal else f"same {edge.symbol.category.value.lower()}"
            scored.append((score, weight, _explain(edge.qps, edge.rps, how, score)))
        used_q = {p for e in edges for p in e.qps}
        used_r = {p for e in edges for p in e.rps}
        rest_q = [p for p in query.parts if p not in used_q]
        rest_r = [p for p in result.parts if p not in used_r]
        if rest_q or rest_r:
            if query.tag == NameTypeTag.PER:
                rest_q, rest_r = align_person_name_order(rest_q, rest_r)
            else:
                rest_q, rest_r = NamePart.tag_sort(rest_q), NamePart.tag_sort(rest_r)
            for align in compare_parts(rest_q, rest_r):
                weight = 1.0
                if not align.rps:
                    weight = EXTRA_SUBJECT_WEIGHT
                    how = "only in the screened name"
                elif not align.qps:
                    weight = EXTRA_ENTRY_WEIGHT
                    how = "only in the list entry"
                else:
                    how = "same spelling" if align.qstr == align.rstr else "similar spelling"
                if not align.qps or not align.rps:
                    weight *= _extra_factor(align.qps or align.rps, generic)
                scored.append(
                    (align.score, weight, _explain(align.qps, align.rps, how, align.score))
                )
        total = sum(w for _, w, _ in scored)
        score = sum(s * w for s, w, _ in scored) / total if total else 0.0
        if score > best.score:
            best = NameScore(score, query.original, result.original, [e for _, _, e in scored])
            if score >= 1.0:
                break
    return best


def compare_names(subject_names: Iterable[Name], entry_names: Iterable[Name]) -> NameScore:
    """The best-matching pair of names of two subjects, scored 0 to 1 and explained."""
    entries = list(entry_names)
    best = NameScore(0.0)
    for query in subject_names:
        for result in entries:
            pair = _pair_score(query, result)
            if pair.score > best.score:
                best = pair
                if best.score >= 1.0:
                    return best
    return best


def _comparable_kind(subject: Subject, entry: Entry) -> str:
    if entry.kind != Kind.UNKNOWN:
        return entry.kind
    return subject.kind


def score_entry(subject: Subject, entry: Entry) -> Hit:
    """Score one entry for one subject; the features say which names matched and what qualified."""
    kind = _comparable_kind(subject, entry)
    names = compare_names(analyse(subject.names, kind), analyse(entry.names, kind))
    score = names.score
    features: dict[str, Any] = {
        "subject": subject.role,
        "name_score": round(names.score, 3),
        "matched_name": names.entry_name,
        "screened_name": names.subject_name,
        "parts": names.how,
    }
    kinds = {subject.kind, entry.kind}
    if Kind.UNKNOWN not in kinds and len(kinds) == 2:
        score *= KIND_MISMATCH_FACTOR
        features["kind_mismatch"] = [subject.kind, entry.kind]
    if subject.countries and entry.countries:
        shared = sorted(subject.countries & entry.countries)
        if shared:
            features["countries_matched"] = shared
        else:
            score *= COUNTRY_MISMATCH_FACTOR
            features["countries_differ"] = {
                "screened": sorted(subject.countries),
                "entry": sorted(entry.countries),
            }
    shared_ids = {_clean_id(i) for i in subject.identifiers} & {
        _clean_id(i) for i in entry.identifiers
    }
    shared_ids.discard("")
    if shared_ids:
        score = max(score, IDENTIFIER_SCORE)
        features["identifiers_matched"] = sorted(shared_ids)
    return Hit(entry, round(min(score, 1.0), 3), features)
