"""Small counts: how every count the ministry sees is shown (pure, no database).

The rule, for every count of the picture — cells and totals alike — and its CSV exports:

1. **0** is shown as 0 (nobody is singled out by an absence);
2. **1 and 2** are shown as "< 3";
3. **any other count is rounded to a multiple of 5**: 3 and 4 up to 5; from 5 on, down or up
   to the multiple on either side, up with a chance that grows with the remainder (7 is 5 three
   times in five, 10 twice), so the rounding is unbiased. The draw is not fresh at each request:
   it is fixed by *which* units are counted (the sum of a secret per-unit key, `unit_key` in
   the aggregating SQL), so the same partnerships always show the same figure, whatever the
   page, filter or table they are counted in, and reloading teaches nothing;
4. **a total is left out** ("…") when its line — its cells' intervals and its own — would
   still pin a count of 1 or 2 to one value (the only case: a line of two "< 3" whose total
   is "< 3" is a line of two 1s).

Why rounding and not only hiding the 1s and 2s: the liaison filters the picture (by region,
country, category, band) and can subtract a filtered figure from the unfiltered one (10
partnerships of a kind and form, 9 of them at a high band: the tenth stands alone), or a row's
cells from its total. With every figure an interval of several values, a difference of two
figures is an interval too, which holds 1 and 2 (and 0) together: it names nobody. What
remains (docs/ministry.md): a reader who adds up many figures whose rounding all fell at the
edge of their intervals can narrow a count; the random, unit-keyed rounding makes that rare and
invisible to the reader (they cannot tell which figures fell at an edge).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

THRESHOLD = 3
BASE = 5
SMALL = "< 3"
WITHHELD = "…"
UNBOUNDED = 10**9


def primary(count: int) -> bool:
    """A count that would single out one or two municipalities' partnerships."""
    return 0 < count < THRESHOLD


def rounded(count: int, key: int) -> int:
    """A count of 3 or more on the base: 3 and 4 up; beyond, up when the key's draw falls
    under the remainder (a chance of remainder / BASE), down otherwise."""
    if count < BASE:
        return BASE
    remainder = count % BASE
    down = count - remainder
    return down + BASE if key % BASE < remainder else down


def shown(count: int, key: int = 0) -> str:
    """One count as the ministry sees it (rules 1-3); `key` is the sum of the counted units'
    keys (0 where the units carry none: the rounding is then the same for a given count)."""
    if count == 0:
        return "0"
    if primary(count):
        return SMALL
    return str(rounded(count, key))


def small_hidden(count: int) -> str:
    """Rules 1 and 2 alone, for a count that no filter splits and no total sums (an entity's
    municipalities, an advisory's reach): 1 and 2 become "< 3", the rest is exact."""
    return SMALL if primary(count) else str(count)


def interval(text: str) -> tuple[int, int]:
    """What a reader knows of a count from what is shown (the published rule, read back)."""
    if text == SMALL:
        return 1, THRESHOLD - 1
    if text == WITHHELD:
        return 0, UNBOUNDED
    value = int(text)
    if value == 0:
        return 0, 0
    if value == BASE:
        return THRESHOLD, 2 * BASE - 1
    return value - BASE + 1, value + BASE - 1


def pins_a_small_count(parts: Sequence[str], total: str) -> bool:
    """Whether a line's shown parts and its shown total leave one value to a "< 3" part:
    its range is the total's interval minus the other parts' (exact for one sum)."""
    if SMALL not in parts or total == WITHHELD:
        return False
    bounds = [interval(p) for p in parts]
    total_low, total_high = interval(total)
    low_sum = sum(low for low, _high in bounds)
    high_sum = sum(high for _low, high in bounds)
    for text, (low, high) in zip(parts, bounds, strict=True):
        if text != SMALL:
            continue
        least = max(low, total_low - (high_sum - high))
        most = min(high, total_high - (low_sum - low))
        if least >= most:
            return True
    return False


@dataclass
class Table:
    """A two-way table of counts (a one-way table has a single column) with its totals.

    `keys` holds, per cell, the sum of the counted units' keys (see rule 3); a total's key is
    the sum of its cells' (each unit lies in one cell of a table)."""

    rows: Sequence[tuple[Hashable, str]]  # (key, label)
    columns: Sequence[tuple[Hashable, str]]
    counts: Mapping[tuple[Any, Any], int]
    keys: Mapping[tuple[Any, Any], int] = field(default_factory=dict)
    title: str = ""
    slug: str = ""
    _grid: list[dict[str, Any]] | None = field(default=None, init=False, repr=False)
    _footer: list[str] | None = field(default=None, init=False, repr=False)
    _grand: str = field(default="", init=False, repr=False)

    def count(self, row: Hashable, column: Hashable) -> int:
        return self.counts.get((row, column), 0)

    def cell(self, row: Hashable, column: Hashable) -> str:
        return shown(self.count(row, column), self.keys.get((row, column), 0))

    def row_total(self, row: Hashable) -> str:
        keys = [key for key, _label in self.rows]
        return str(self.grid()[keys.index(row)]["total"])

    def column_total(self, column: Hashable) -> str:
        keys = [key for key, _label in self.columns]
        return self.footer()[keys.index(column)]

    def grand_total(self) -> str:
        self._figure()
        return self._grand

    def _figure(self) -> None:
        """Every shown figure of the table, in one pass over its cells (a national table has
        thousands): cells, then row and column totals, then the grand total."""
        if self._grid is not None:
            return
        columns = [key for key, _label in self.columns]
        column_counts = [0] * len(columns)
        column_keys = [0] * len(columns)
        column_texts: list[list[str]] = [[] for _ in columns]
        every: list[str] = []
        self._grid = []
        for row, label in self.rows:
            texts = []
            row_count = row_key = 0
            for j, column in enumerate(columns):
                n = self.counts.get((row, column), 0)
                key = self.keys.get((row, column), 0) if n else 0
                text = shown(n, key)
                texts.append(text)
                column_texts[j].append(text)
                row_count += n
                row_key += key
                column_counts[j] += n
                column_keys[j] += key
            every += texts
            total = _audited(texts, shown(row_count, row_key))
            self._grid.append({"label": label, "cells": texts, "total": total})
        self._footer = [
            _audited(texts, shown(n, key))
            for texts, n, key in zip(column_texts, column_counts, column_keys, strict=True)
        ]
        grand = shown(sum(column_counts), sum(column_keys))
        lines = [every, [str(r["total"]) for r in self._grid], self._footer]
        withheld = any(pins_a_small_count(parts, grand) for parts in lines if len(parts) > 1)
        self._grand = WITHHELD if withheld else grand

    @property
    def two_way(self) -> bool:
        return len(self.columns) > 1

    def grid(self) -> list[dict[str, Any]]:
        """Rows ready for a template or a CSV writer: label, shown cells, shown total
        (computed once: the page, its chart and the export read it)."""
        self._figure()
        assert self._grid is not None
        return self._grid

    def footer(self) -> list[str]:
        self._figure()
        assert self._footer is not None
        return self._footer


def _audited(parts: list[str], total: str) -> str:
    """A line's total, or WITHHELD when it would pin one of the line's "< 3" (rule 4); a line
    of one part has that part for total."""
    if len(parts) == 1:
        return parts[0]
    return WITHHELD if pins_a_small_count(parts, total) else total
