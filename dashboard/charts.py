"""Geometry of the dashboard's small SVG charts, computed here so templates only place shapes.

No database, no Django: numbers in, rectangles and label positions out. The templates draw them
with classes (the Content-Security-Policy forbids inline styles) and always show the same
numbers in a table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BAR_WIDTH = 340
LABEL_WIDTH = 120
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css: str
    y: float = 0
    width: float = 0
    text_y: float = 0
    value_x: float = 0


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(items: list[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars, one per (label, value, css class), scaled to the largest value."""
    area = BAR_WIDTH - LABEL_WIDTH - 40  # room for the value written after the bar
    largest = max((value for _, value, _ in items), default=0) or 1
    bars = []
    for index, (label, value, css) in enumerate(items):
        width = round(area * value / largest, 1)
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(
            Bar(
                label,
                value,
                css,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT * 0.75,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(bars, BAR_WIDTH, ROW_HEIGHT * len(items), LABEL_WIDTH, BAR_HEIGHT)


COLUMN_AREA_HEIGHT = 140
COLUMN_WIDTH = 44
COLUMN_GAP = 30
AXIS_LABEL_HEIGHT = 22
TOP_MARGIN = 18


@dataclass(frozen=True)
class Segment:
    name: str
    value: int
    css: str
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    label: str
    total: int
    x: float
    center: float
    total_y: float
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    baseline: float
    column_width: int


def stacked_columns(groups: list[tuple[str, list[tuple[str, int, str]]]]) -> ColumnChart:
    """One column per (label, [(segment name, value, css class)…]), stacked bottom up."""
    largest = max((sum(v for _, v, _ in parts) for _, parts in groups), default=0) or 1
    baseline = TOP_MARGIN + COLUMN_AREA_HEIGHT
    columns = []
    for index, (label, parts) in enumerate(groups):
        x = COLUMN_GAP / 2 + index * (COLUMN_WIDTH + COLUMN_GAP)
        top: float = baseline
        segments = []
        for name, value, css in parts:
            if not value:
                continue
            height = round(COLUMN_AREA_HEIGHT * value / largest, 1)
            top -= height
            segments.append(Segment(name, value, css, round(top, 1), height))
        columns.append(
            Column(
                label,
                sum(v for _, v, _ in parts),
                x,
                x + COLUMN_WIDTH / 2,
                round(top - 4, 1),
                segments,
            )
        )
    width = int(len(groups) * (COLUMN_WIDTH + COLUMN_GAP)) or COLUMN_WIDTH
    return ColumnChart(columns, width, int(baseline + AXIS_LABEL_HEIGHT), baseline, COLUMN_WIDTH)
