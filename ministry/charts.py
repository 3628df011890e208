"""Bar charts drawn on the server as SVG shapes (no script, no inline style: CSP-safe)."""

from __future__ import annotations

from dataclasses import dataclass

from ministry.suppression import Table

WIDTH = 320
BAR = 18
GAP = 6
LABEL = 150


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int = WIDTH + LABEL + 60
    label_width: int = LABEL


def bars_of(table: Table, limit: int = 15) -> Chart:
    """One bar per row, as long as its shown (rounded) total; a total of "< 3" or one left out
    ("…") draws no bar, only its text, so the picture never shows more than the table does."""
    rows = table.grid()[:limit]
    exact = [int(str(r["total"])) for r in rows if str(r["total"]).isdigit()]
    top = max(exact, default=0) or 1
    bars = []
    for i, row in enumerate(rows):
        total = str(row["total"])
        width = round(int(total) * WIDTH / top) if total.isdigit() else 0
        bars.append(Bar(y=i * (BAR + GAP), width=width, label=str(row["label"])[:28], value=total))
    return Chart(bars=bars, height=max(1, len(bars)) * (BAR + GAP))
