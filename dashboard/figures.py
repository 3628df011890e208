"""The portfolio at a glance, in SQL: partnerships by band and status, flagged and referred,
the 5 by 5 matrix of current ratings, and the portfolio by rating at the end of the last
quarters.

The partnerships counted are those of `partners.portfolio` (not archived, not ended), the same
as the portfolio report's, so that both say the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import Lead
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from partners.models import Partnership, Status
from partners.portfolio import PORTFOLIO_STATUSES, portfolio_partnerships
from reviews.models import Referral, ReferralState
from risks import scoring
from risks.models import Assessment, AssessmentStatus

QUARTERS = 4  # the trend covers the current quarter and the three before it
ONE_DAY = timedelta(days=1)


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
    to_date: bool = False  # the current quarter, as it stands today

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def _next_quarter(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _marked_ended_at() -> Subquery:
    """When the partnership's history records it marked ended, for the current time: the first
    record saying "ended" that no record of another status follows (it may have been reopened)."""
    history = Partnership.history.model
    reopened_after = history.objects.filter(
        id=OuterRef("id"), history_date__gt=OuterRef("history_date")
    ).exclude(status=Status.ENDED)
    return Subquery(
        history.objects.filter(id=OuterRef("partnership_id"), status=Status.ENDED)
        .exclude(Exists(reopened_after))
        .order_by("history_date")
        .values("history_date")[:1]
    )


def _standing_at(moment: datetime, day: date | None) -> Q:
    """The approved diagnostic that rated its partnership at `moment` (the latest approved by
    then), the partnership not ended by then (`day` None: now, where its status says it).

    A partnership now ended had ended at a past date if its end date had passed or its history
    had it marked ended by then; with neither known, it is left out of every quarter rather than
    counted where it may not belong.
    """
    rated = Q(approved_at__lt=moment) & (
        Q(superseded_at__isnull=True) | Q(superseded_at__gte=moment)
    )
    ended = Q(partnership__status=Status.ENDED)
    if day is not None:
        ended &= (
            Q(partnership__end_date__lte=day)
            | Q(marked_ended_at__lt=moment)
            | Q(partnership__end_date__isnull=True, marked_ended_at__isnull=True)
        )
    return rated & ~ended


def trend(municipality: Municipality, now: datetime | None = None) -> list[Quarter]:
    """The portfolio at the end of each of the last quarters (oldest first; the current one as
    it stands): the partnerships not ended by then, in the band of their latest diagnostic
    approved by then — in one query, over the municipality's approved diagnostics."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    starts = [quarter_start(today)]
    for _step in range(QUARTERS - 1):
        starts.insert(0, _previous_quarter(starts[0]))
    approvals = Assessment.objects.filter(
        municipality=municipality,
        status=AssessmentStatus.APPROVED,
        approved_at__isnull=False,
        partnership__archived_at__isnull=True,
    ).annotate(
        # when the partnership's next approved diagnostic replaced this one (None: it still rates)
        superseded_at=Window(
            Lead("approved_at"),
            partition_by=F("partnership_id"),
            order_by=(F("approved_at").asc(), F("pk").asc()),
        ),
        # read for the ended partnerships only (few): the others are counted whatever it says
        marked_ended_at=Case(
            When(partnership__status=Status.ENDED, then=_marked_ended_at()), default=None
        ),
    )
    counts: dict[str, Any] = {}
    for index, start in enumerate(starts):
        current = index == len(starts) - 1
        end = _next_quarter(start)
        standing = (
            _standing_at(now, None) if current else _standing_at(_midnight(end), end - ONE_DAY)
        )
        for band in scoring.BANDS:
            counts[f"q{index}_{band}"] = Count("pk", filter=standing & Q(rating=band))
    row = approvals.aggregate(**counts)
    return [
        Quarter(
            start,
            _("Q%(n)s %(year)s") % {"n": (start.month - 1) // 3 + 1, "year": start.year},
            {band: row[f"q{index}_{band}"] for band in scoring.BANDS},
            to_date=index == len(starts) - 1,
        )
        for index, start in enumerate(starts)
    ]
