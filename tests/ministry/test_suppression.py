"""The small-count rule: no count of 1 or 2 shown, and none recoverable by subtracting what is
shown — within a table (a line's total minus its other cells) or, in test_differencing.py,
between two filters of the picture.

The attacker here reads every figure for what it can mean: a plain number that is not a
multiple of 5 can only be exact; a multiple of 5 may be a rounded count (the published rule);
"< 3" is 1 or 2; a masked or bounded figure ("•", "≥ n") or a total left out ("…") says what
it says and no more. A count is recovered when its line leaves it a single value.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from ministry.suppression import SMALL, WITHHELD, Table, rounded, shown

UNBOUNDED = 10**6


def reading(text: str) -> tuple[int, int]:
    """What the attacker knows of a count from its shown figure."""
    if text == SMALL:
        return 1, 2
    if text in (WITHHELD, "•"):
        return (3 if text == "•" else 0), UNBOUNDED
    if text.startswith("≥"):
        return int(text.removeprefix("≥").strip()), UNBOUNDED
    value = int(text)
    if value == 0 or value % 5:
        return value, value
    if value == 5:
        return 3, 9
    return value - 4, value + 4


def values_left(parts: Sequence[str], total: str, index: int) -> set[int]:
    """The values a line's part `index` can take, given every part's figure and the total's
    (brute force over the other parts: the attacker's arithmetic, not the product's)."""
    bounds = [reading(p) for p in parts]
    low_total, high_total = reading(total)
    others = [range(lo, min(hi, 40) + 1) for i, (lo, hi) in enumerate(bounds) if i != index]
    lo, hi = bounds[index]
    left = set()
    for value in range(lo, min(hi, 40) + 1):
        for rest in itertools.product(*others):
            if low_total <= value + sum(rest) <= high_total:
                left.add(value)
                break
    return left


def _table(grid: list[list[int]], keys: list[list[int]] | None = None) -> Table:
    rows = [(i, f"r{i}") for i in range(len(grid))]
    columns = [(j, f"c{j}") for j in range(len(grid[0]))]
    counts = {(i, j): n for i, line in enumerate(grid) for j, n in enumerate(line) if n}
    key_of = {(i, j): k for i, line in enumerate(keys or []) for j, k in enumerate(line)}
    return Table(rows, columns, counts, key_of)


def _lines(table: Table) -> list[tuple[list[str], str]]:
    """Every line of a table with its total: rows, columns, and the totals' own lines."""
    grid = table.grid()
    lines = [([str(c) for c in row["cells"]], str(row["total"])) for row in grid]
    for j in range(len(table.columns)):
        lines.append(([str(row["cells"][j]) for row in grid], table.footer()[j]))
    lines.append(([str(row["total"]) for row in grid], table.grand_total()))
    lines.append((table.footer(), table.grand_total()))
    return lines


def recovered(table: Table) -> list[tuple[list[str], str]]:
    """The lines that pin a "< 3" count to one value."""
    found = []
    for parts, total in _lines(table):
        for i, part in enumerate(parts):
            if part == SMALL and len(values_left(parts, total, i)) < 2:
                found.append((parts, total))
    return found


def _figures(table: Table) -> list[str]:
    out: list[str] = []
    for row in table.grid():
        out += [*row["cells"], row["total"]]
    return [*out, *table.footer(), table.grand_total()]


def test_one_and_two_are_never_shown_and_the_rest_is_rounded_to_five() -> None:
    table = _table([[1, 7, 5], [2, 9, 4], [6, 8, 3]])
    assert table.cell(0, 0) == SMALL and table.cell(1, 0) == SMALL
    for figure in _figures(table):
        assert figure in (SMALL, WITHHELD) or int(figure) % 5 == 0, figure


def test_a_rounded_count_is_never_more_than_four_away() -> None:
    for count in range(3, 60):
        for key in range(10):
            value = rounded(count, key)
            assert value % 5 == 0 and abs(value - count) <= 4 and value >= 5
    assert shown(0) == "0" and shown(1) == SMALL and shown(2) == SMALL
    assert {shown(3, k) for k in range(5)} == {shown(4, k) for k in range(5)} == {"5"}


def test_the_rounding_is_unbiased_and_fixed_by_the_units_counted() -> None:
    # 7 is two above 5: rounded up for two keys in five, down for three.
    assert sorted(shown(7, key) for key in range(5)) == ["10", "10", "5", "5", "5"]
    # The same units (the same key sum) always give the same figure: reloading teaches nothing.
    assert len({shown(23, 123456789) for _ in range(10)}) == 1


def test_two_small_cells_and_a_small_total_are_not_two_ones() -> None:
    # A line of two counts of 1 sums to 2: a total shown "< 3" would say "both are 1".
    table = _table([[1, 1, 0], [6, 9, 12]])
    assert table.cell(0, 0) == table.cell(0, 1) == SMALL
    assert table.row_total(0) == WITHHELD
    assert recovered(table) == []


def test_a_line_total_minus_its_other_cells_does_not_give_the_small_one() -> None:
    # 1 + 3 + 3 = 7. Exact figures (or a rounding without care at the edges) leave 1 alone.
    for keys in itertools.product(range(5), repeat=3):
        table = _table([[1, 3, 3], [8, 10, 4]], [[keys[0], keys[1], keys[2]], [0, 0, 0]])
        assert recovered(table) == [], keys


def test_the_former_lower_bound_totals_do_not_protect_a_line_known_elsewhere() -> None:
    """The same partnerships counted under two categories have one total: a second row whose
    figures are all exact gives the first row's total away. Rounded figures do not."""
    ip = [8, 4, 0]
    disinformation = [8, 1, 3]  # the same 12 partnerships, bands by another category
    for keys in itertools.product(range(5), repeat=3):
        table = _table([ip, disinformation], [[keys[0], keys[1], 0], [keys[0], 0, keys[2]]])
        # The attacker takes the ip row's total for the disinformation row's.
        parts = [str(c) for c in table.grid()[1]["cells"]]
        left = values_left(parts, table.row_total(0), parts.index(SMALL))
        assert {1, 2} <= left, (keys, parts, table.row_total(0))


@pytest.mark.parametrize("seed", range(30))
def test_no_line_of_a_random_table_pins_a_small_count(seed: int) -> None:
    rng = random.Random(seed)
    values = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 14]
    grid = [[rng.choice(values) for _ in range(3)] for _ in range(3)]
    grid[seed % 3][seed % 2] = 1 + seed % 2
    keys = [[rng.randrange(1000) for _ in range(3)] for _ in range(3)]
    table = _table(grid, keys)
    assert recovered(table) == [], grid
    assert not {"1", "2"} & set(_figures(table))


def test_a_one_way_table_rounds_its_cells_and_total() -> None:
    table = Table(
        [("a", "A"), ("b", "B"), ("c", "C")],
        [("n", "n")],
        {("a", "n"): 1, ("b", "n"): 5, ("c", "n"): 8},
        {("a", "n"): 0, ("b", "n"): 0, ("c", "n"): 4},
    )
    assert [r["cells"][0] for r in table.grid()] == [SMALL, "5", "5"]
    # 14 in all: "10" or "15" — never 14, which minus 5 and 8 would leave the 1.
    assert table.column_total("n") in ("10", "15")
    assert recovered(table) == []
