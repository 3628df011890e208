"""The small-cell rule: no count of 1 or 2 shown, and none recoverable from what is shown."""

from __future__ import annotations

import itertools

import pytest

from ministry.suppression import MASKED, SMALL, Table


def _table(grid: list[list[int]]) -> Table:
    rows = [(i, f"r{i}") for i in range(len(grid))]
    columns = [(j, f"c{j}") for j in range(len(grid[0]))]
    counts = {(i, j): n for i, line in enumerate(grid) for j, n in enumerate(line) if n}
    return Table(rows, columns, counts)


def _shown(table: Table) -> list[str]:
    out = []
    for row in table.grid():
        out += [*row["cells"], row["total"]]  # type: ignore[misc]
    return [*out, *table.footer(), table.grand_total()]


def test_one_and_two_are_never_shown() -> None:
    table = _table([[1, 7, 5], [2, 9, 4], [6, 8, 3]])
    shown = _shown(table)
    assert table.cell(0, 0) == SMALL and table.cell(1, 0) == SMALL
    assert "1" not in shown and "2" not in shown


def test_a_lone_small_cell_in_a_row_takes_a_second_cell_with_it() -> None:
    table = _table([[2, 10, 5], [4, 10, 7], [6, 8, 9]])
    # 2 is hidden; its row would give it away (total - 10 - 5): 5, the smallest, is masked.
    assert table.cell(0, 0) == SMALL
    assert table.cell(0, 2) == MASKED
    # The column of 2 and the column of 5 each hold a lone hidden cell: masked in turn.
    assert sum(table.cell(1, j) == MASKED or table.cell(2, j) == MASKED for j in (0, 2)) >= 2


def test_totals_over_hidden_cells_are_lower_bounds() -> None:
    table = _table([[2, 10, 5], [4, 10, 7], [6, 8, 9]])
    assert table.row_total(0) == "≥ 10"
    assert table.grand_total().startswith("≥ ")
    assert table.row_total(2) in ("23", "≥ 8", "≥ 17", "≥ 14")


def _recoverable(table: Table) -> bool:
    """Can a hidden cell be found by subtracting shown cells from an exact shown total?"""
    rows = [r for r, _ in table.rows]
    cols = [c for c, _ in table.columns]
    lines = [([(r, c) for c in cols], table.row_total(r)) for r in rows] + [
        ([(r, c) for r in rows], table.column_total(c)) for c in cols
    ]
    for cells, total in lines:
        hidden = [c for c in cells if c in table.hidden]
        if total.isdigit() and len(hidden) == 1:
            return True
    return False


@pytest.mark.parametrize("seed", range(40))
def test_no_line_ever_lets_one_hidden_cell_be_subtracted_out(seed: int) -> None:
    values = [0, 1, 2, 3, 4, 6, 9, 15]
    cells = list(itertools.islice(itertools.cycle(values[seed % 8 :] + values[: seed % 8]), 12))
    grid = [cells[i * 4 : (i + 1) * 4] for i in range(3)]
    grid[seed % 3][seed % 4] = 1 + seed % 2
    table = _table(grid)
    assert not _recoverable(table)
    lines = [([(r, c) for c in range(4)], table.row_total(r)) for r in range(3)]
    lines += [([(r, c) for r in range(3)], table.column_total(c)) for c in range(4)]
    for line, total in lines:
        if sum(1 for cell in line if cell in table.hidden) == 1:
            # Only when nothing else in the line counts: its total is the hidden cell, "< 3".
            assert total == SMALL, grid
    assert "1" not in _shown(table) and "2" not in _shown(table)


def test_a_one_way_table_hides_at_least_two_cells() -> None:
    table = Table(
        [("a", "A"), ("b", "B"), ("c", "C")],
        [("n", "n")],
        {("a", "n"): 1, ("b", "n"): 5, ("c", "n"): 8},
    )
    assert [r["cells"][0] for r in table.grid()] == [SMALL, MASKED, "8"]  # type: ignore[index]
    assert table.column_total("n") == "≥ 8"
