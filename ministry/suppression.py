"""Small-cell suppression for every count the ministry sees (pure, no database).

The rule, applied to each table before it is rendered or exported:

1. **Primary**: a count of 1 or 2 is shown as "< 3" (0 is shown: nobody is singled out by
   an absence).
2. **Complementary**: a row or a column never holds exactly one suppressed cell. When it
   does, the smallest other non-zero count of that line is masked too (shown as "•"), and
   the check runs again until every line holds none or at least two. A single hidden cell
   would otherwise be the line's total minus the cells shown.
3. **Totals**: a total (of a row, a column, or the whole table) that covers a hidden cell is
   shown only as a lower bound, "≥ S", where S is the sum of the shown cells it covers — a
   number anyone can add up already. A total of 1 or 2 is "< 3" like any count.

So no displayed number, and no difference of displayed numbers, equals a hidden cell. The
limit that remains (docs/ministry.md): a reader who learns a line's exact total elsewhere
(another filter, another page) learns the sum of its hidden cells, which rule 2 keeps at
two cells or more.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

THRESHOLD = 3
SMALL = "< 3"
MASKED = "•"


def primary(count: int) -> bool:
    """A count that would single out one or two municipalities' partnerships."""
    return 0 < count < THRESHOLD


def shown(count: int) -> str:
    """One count on its own (no table around it): 1 and 2 become "< 3"."""
    return SMALL if primary(count) else str(count)


@dataclass
class Table:
    """A two-way table of counts (a one-way table has a single column) with its totals."""

    rows: Sequence[tuple[Hashable, str]]  # (key, label)
    columns: Sequence[tuple[Hashable, str]]
    counts: Mapping[tuple[Any, Any], int]
    title: str = ""
    slug: str = ""
    hidden: set[tuple[Hashable, Hashable]] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.hidden = suppressed_cells(
            [r for r, _ in self.rows], [c for c, _ in self.columns], self.counts
        )

    def count(self, row: Hashable, column: Hashable) -> int:
        return self.counts.get((row, column), 0)

    def cell(self, row: Hashable, column: Hashable) -> str:
        n = self.count(row, column)
        if (row, column) not in self.hidden:
            return str(n)
        return SMALL if primary(n) else MASKED

    def _total(self, cells: list[tuple[Hashable, Hashable]]) -> str:
        if len(cells) == 1:
            return self.cell(*cells[0])
        total = sum(self.count(*c) for c in cells)
        if primary(total):
            return SMALL
        if any(c in self.hidden for c in cells):
            visible = sum(self.count(*c) for c in cells if c not in self.hidden)
            return f"≥ {visible}"
        return str(total)

    def row_total(self, row: Hashable) -> str:
        return self._total([(row, c) for c, _ in self.columns])

    def column_total(self, column: Hashable) -> str:
        return self._total([(r, column) for r, _ in self.rows])

    def grand_total(self) -> str:
        return self._total([(r, c) for r, _ in self.rows for c, _ in self.columns])

    @property
    def two_way(self) -> bool:
        return len(self.columns) > 1

    def grid(self) -> list[dict[str, object]]:
        """Rows ready for a template or a CSV writer: label, shown cells, shown total."""
        return [
            {
                "label": label,
                "cells": [self.cell(key, c) for c, _ in self.columns],
                "total": self.row_total(key),
            }
            for key, label in self.rows
        ]

    def footer(self) -> list[str]:
        return [self.column_total(c) for c, _ in self.columns]


def suppressed_cells(
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
    counts: Mapping[tuple[Any, Any], int],
) -> set[tuple[Hashable, Hashable]]:
    """The cells to hide: rule 1, then rule 2 until no line holds a lone hidden cell."""
    hidden = {(r, c) for r in rows for c in columns if primary(counts.get((r, c), 0))}
    lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for cell in line if cell in hidden) != 1:
                continue
            others = [cell for cell in line if cell not in hidden and counts.get(cell, 0) > 0]
            if others:
                hidden.add(min(others, key=lambda cell: (counts.get(cell, 0), str(cell))))
                changed = True
    return hidden
