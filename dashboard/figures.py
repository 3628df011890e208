"""The portfolio at a glance, in SQL: partnerships by band and status, flagged and referred,
and the 5 by 5 matrix of current ratings (the trend over the last quarters is in `trend`).

The partnerships counted are those of `partners.portfolio` (not archived, not ended), the same
as the portfolio report's, so that both say the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from municipalities.models import Municipality
from partners.portfolio import PORTFOLIO_STATUSES, portfolio_partnerships
from reviews.models import Referral, ReferralState
from risks import scoring


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
