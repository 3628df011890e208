"""The portfolio report: every partnership of a municipality in progress, for the council.

"In progress" is `partners.portfolio`: proposed, active or suspended (not ended, not archived),
the same partnerships as the dashboard counts. Reads them and their latest approved diagnostic
in two queries (whatever the size), then lays out: counts by band, by status and by category,
the portfolio heat map, and the lists by status (proposed ones said so), each sorted by residual
score (worst first; partnerships without an approved diagnostic last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from citydiplo import french
from citydiplo.bands import Band, band_label
from municipalities.models import Municipality
from partners.models import Partnership, Status
from partners.portfolio import portfolio_partnerships
from reports.presenters import NO_BAND, band_word, cover_context
from reports.sections import portfolio_sections
from risks import presenters, scoring
from risks.models import Assessment, AssessmentStatus

Progress = Callable[[int], None]

GROUP_ORDER = (Status.ACTIVE, Status.SUSPENDED, Status.PROPOSED)
GROUP_TITLES = {
    Status.ACTIVE: gettext_lazy("Active partnerships"),
    Status.SUSPENDED: gettext_lazy("Suspended partnerships"),
    Status.PROPOSED: gettext_lazy("Proposed partnerships (not yet in force)"),
}


@dataclass
class Line:
    partnership: Partnership
    score: int | None
    rating: str
    flagged: bool
    approved_at: Any
    residual: list[str] = field(default_factory=list)  # per category, "S — band" or "—"


@dataclass
class Group:
    status: str
    title: str
    lines: list[Line]


@dataclass
class Portfolio:
    lines: list[Line]
    groups: list[Group]
    by_band: list[dict[str, Any]]
    by_category: list[dict[str, Any]]
    heat_rows: list[list[dict[str, Any]]]
    unrated: int


def _latest_results(municipality: Municipality, ids: list[int]) -> dict[int, Assessment]:
    """The latest approved diagnostic of each partnership (one query, Python picks the latest)."""
    latest: dict[int, Assessment] = {}
    approved = (
        Assessment.objects.filter(
            municipality=municipality, partnership_id__in=ids, status=AssessmentStatus.APPROVED
        )
        .only("id", "partnership_id", "result", "rating", "score", "flagged", "approved_at")
        .order_by("partnership_id", "-approved_at", "-pk")
    )
    for assessment in approved.iterator(chunk_size=500):
        latest.setdefault(assessment.partnership_id, assessment)
    return latest


def build(municipality: Municipality, progress: Progress | None = None) -> Portfolio:
    partnerships = list(
        portfolio_partnerships(municipality)
        .select_related("partner__country")
        .only(
            "id",
            "title",
            "form",
            "status",
            "municipality_id",
            "partner__name",
            "partner__country__name_fr",
            "partner__country__name_en",
        )
    )
    if progress:
        progress(10)
    latest = _latest_results(municipality, [p.pk for p in partnerships])
    if progress:
        progress(20)
    band_counts: Counter[str] = Counter()
    category_counts: dict[str, Counter[str]] = {c: Counter() for c in scoring.CATEGORIES}
    cells: dict[tuple[int, int], Counter[str]] = {}
    lines: list[Line] = []
    for partnership in partnerships:
        assessment = latest.get(partnership.pk)
        results = assessment.result.get("categories", {}) if assessment else {}
        line = Line(
            partnership=partnership,
            score=assessment.score if assessment else None,
            rating=band_label(assessment.rating if assessment else None),
            flagged=bool(assessment and assessment.flagged),
            approved_at=assessment.approved_at if assessment else None,
        )
        band_counts[assessment.rating if assessment and assessment.rating else ""] += 1
        for code in scoring.CATEGORIES:
            data = results.get(code, {})
            if data.get("complete"):
                line.residual.append(
                    f"{data['residual_score']} — {band_word(data['residual_band'])}"
                )
                category_counts[code][data["residual_band"]] += 1
                key = (data["residual_likelihood"], data["residual_impact"])
                cells.setdefault(key, Counter())[code] += 1
            else:
                line.residual.append(NO_BAND)
                category_counts[code][""] += 1
        lines.append(line)
    lines.sort(key=lambda x: (x.score is None, -(x.score or 0), x.partnership.title.lower()))
    return Portfolio(
        lines=lines,
        groups=[
            Group(
                status,
                str(GROUP_TITLES[status]),
                [x for x in lines if x.partnership.status == status],
            )
            for status in GROUP_ORDER
        ],
        by_band=[
            {"code": code, "label": band_label(code), "count": band_counts[code]} for code in Band
        ],
        by_category=[
            {
                "label": str(presenters.SHORT_NAMES[code]),
                "counts": [category_counts[code][band] for band in Band],
                "incomplete": category_counts[code][""],
            }
            for code in scoring.CATEGORIES
        ],
        heat_rows=_heat_rows(cells),
        unrated=band_counts[""],
    )


def _heat_rows(cells: dict[tuple[int, int], Counter[str]]) -> list[list[dict[str, Any]]]:
    """Rows from impact 5 to 1, columns likelihood 1 to 5; each cell counts by category."""
    rows = []
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            counts = cells.get((likelihood, impact), Counter())
            row.append(
                {
                    "impact": impact,
                    "band": scoring.band_for(likelihood * impact),
                    "entries": [
                        _("%(category)s: %(count)s")
                        % {"category": presenters.CELL_NAMES[code], "count": counts[code]}
                        for code in scoring.CATEGORIES
                        if counts[code]
                    ],
                }
            )
        rows.append(row)
    return rows


def render_html(
    municipality: Municipality,
    language: str,
    author: User | None,
    progress: Progress | None = None,
) -> tuple[str, int]:
    """The report's HTML in `language`, and how many partnerships it lists."""
    with translation.override(language):
        portfolio = build(municipality, progress)
        context = {
            **cover_context(
                municipality,
                _("Portfolio of international partnerships"),
                _("Risk ratings of the partnerships in progress (proposed, active, suspended)"),
                author,
            ),
            "portfolio": portfolio,
            "heat_rows": portfolio.heat_rows,
            "category_names": [str(presenters.SHORT_NAMES[c]) for c in scoring.CATEGORIES],
            "tolerance": municipality.risk_tolerance,
            "extra_sections": portfolio_sections(
                municipality, [line.partnership.pk for line in portfolio.lines]
            ),
        }
        html: str = render_to_string("reports/portfolio.html", context)
    if language == "fr":
        html = french.typography(html)
    if progress:
        progress(40)
    return html, len(portfolio.lines)
