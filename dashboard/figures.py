"""The portfolio at a glance, in SQL: partnerships by band and status, flagged and referred,
the 5 by 5 matrix of current ratings, and the diagnostics approved over the last quarters.

The partnerships counted are those of `partners.portfolio` (not archived, not ended), the same
as the portfolio report's, so that both say the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from partners.portfolio import PORTFOLIO_STATUSES, portfolio_partnerships
from reviews.models import Referral, ReferralState
from risks import scoring
from risks.models import Assessment, AssessmentStatus

QUARTERS = 4  # the trend covers the current quarter and the three before it


@dataclass
class Portfolio:
    total: int
    by_status: dict[str, int]
    by_band: dict[str, int]  # "" counts the partnerships without an approved diagnostic
    flagged: int
    referred: int


def portfolio(municipality: Municipality) -> Portfolio:
    """Counts by status, by rating, flagged and referred, in one query."""
    referred = Exists(
        Referral.objects.filter(partnership_id=OuterRef("pk")).exclude(state=ReferralState.CLOSED)
    )
    counts: dict[str, Any] = {"total": Count("pk")}
    counts |= {f"status_{s}": Count("pk", filter=Q(status=s)) for s in PORTFOLIO_STATUSES}
    counts |= {f"band_{b}": Count("pk", filter=Q(rating=b)) for b in (*scoring.BANDS, "")}
    counts["flagged"] = Count("pk", filter=Q(flagged=True))
    counts["referred"] = Count("pk", filter=Q(referred))
    row = portfolio_partnerships(municipality).aggregate(**counts)
    return Portfolio(
        total=row["total"],
        by_status={s: row[f"status_{s}"] for s in PORTFOLIO_STATUSES},
        by_band={b: row[f"band_{b}"] for b in (*scoring.BANDS, "")},
        flagged=row["flagged"],
        referred=row["referred"],
    )


def matrix(municipality: Municipality) -> dict[tuple[int, int], int]:
    """How many rated partnerships sit in each cell of the 5 by 5 matrix: the cell of the
    category that gives each its rating (kept on the partnership when a diagnostic is approved).
    """
    rows = (
        portfolio_partnerships(municipality)
        .filter(risk_likelihood__isnull=False, risk_impact__isnull=False)
        .values("risk_likelihood", "risk_impact")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[int, int], int] = {}
    for row in rows:
        likelihood, impact = row["risk_likelihood"], row["risk_impact"]
        if likelihood is not None and impact is not None:  # the filter above says so
            cells[(likelihood, impact)] = row["n"]
    return cells


@dataclass
class Quarter:
    start: date
    label: str
    by_band: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def trend(municipality: Municipality, now: datetime | None = None) -> list[Quarter]:
    """Diagnostics approved in each of the last quarters, by rating (oldest first)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    starts = [quarter_start(today)]
    for _step in range(QUARTERS - 1):
        starts.insert(0, _previous_quarter(starts[0]))
    since = timezone.make_aware(datetime.combine(starts[0], datetime.min.time()))
    rows = (
        Assessment.objects.filter(
            municipality=municipality, status=AssessmentStatus.APPROVED, approved_at__gte=since
        )
        .annotate(quarter=TruncQuarter("approved_at"))
        .values("quarter", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    quarters = {
        start: Quarter(
            start, _("Q%(n)s %(year)s") % {"n": (start.month - 1) // 3 + 1, "year": start.year}, {}
        )
        for start in starts
    }
    for row in rows:
        quarter = quarters.get(_as_date(row["quarter"]))
        if quarter is not None and row["rating"]:
            quarter.by_band[row["rating"]] = quarter.by_band.get(row["rating"], 0) + row["n"]
    return list(quarters.values())


def _as_date(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value
