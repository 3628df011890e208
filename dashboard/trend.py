"""The portfolio by rating at the end of each of the last quarters, in one query.

For each quarter end, the partnerships not ended by then count in the band of their latest
diagnostic approved by then. The municipality's approved diagnostics are read once, each with
when the next approval of its partnership superseded it (a window); joined to the quarter ends,
each diagnostic counts for the quarters it was the rating in force, and PostgreSQL groups the
counts by quarter and band.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, DateField, Exists, F, OuterRef, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Lead, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from partners.models import Partnership, Status
from risks import scoring
from risks.models import Assessment, AssessmentStatus

QUARTERS = 4  # the current quarter and the three before it
# An ended partnership whose end is recorded nowhere: taken as ended before any quarter shown,
# rather than counted where it may not belong.
LONG_AGO = date(1, 1, 1)


@dataclass(frozen=True)
class Quarter:
    start: date
    by_band: dict[str, int]
    to_date: bool = False  # the current quarter, as it stands today

    @property
    def label(self) -> str:
        """In the reader's language (the figures are kept in the cache for every reader)."""
        return _("Q%(n)s %(year)s") % {
            "n": (self.start.month - 1) // 3 + 1,
            "year": self.start.year,
        }

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def _next_quarter(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


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


def _approvals(municipality: Municipality) -> Any:
    """The municipality's approved diagnostics of partnerships not archived, each with:
    `superseded_at`, when its partnership's next approval replaced it (None: it still rates);
    `ended_on`, for a partnership now ended, the day it ended — its end date or the day its
    history marked it ended, whichever came first (None: not ended)."""
    end_date = F("partnership__end_date")
    marked = TruncDate(_marked_ended_at(), output_field=DateField())
    # The earlier of the two known dates. LEAST skips NULLs on PostgreSQL but not on SQLite:
    # each side falls back on the other, so one known date is enough on both.
    ended_on = Coalesce(
        Least(
            Coalesce(end_date, marked, output_field=DateField()),
            Coalesce(marked, end_date, output_field=DateField()),
        ),
        Value(LONG_AGO),
        output_field=DateField(),
    )
    return (
        Assessment.objects.filter(
            municipality=municipality,
            partnership__municipality=municipality,  # the same; lets PostgreSQL use its index
            partnership__archived_at__isnull=True,
            status=AssessmentStatus.APPROVED,
            approved_at__isnull=False,
        )
        .annotate(
            superseded_at=Window(
                Lead("approved_at"),
                partition_by=F("partnership_id"),
                order_by=(F("approved_at").asc(), F("pk").asc()),
            ),
            ended_on=Case(When(partnership__status=Status.ENDED, then=ended_on), default=None),
        )
        .order_by()
        .values("rating", "approved_at", "superseded_at", "ended_on")
    )


# `s` is one approved diagnostic (above); `q` one quarter end: the moment it ends and its last
# day, or for the current quarter now and no last day (an ended partnership is out today).
# Plain SQL that PostgreSQL and SQLite (the demo database) both read; the parameters are
# adapted by the database's own rules for datetime and date fields.
_COUNTS = """
SELECT q.position, s.rating, COUNT(*)
FROM ({approvals}) AS s
JOIN ({quarter_ends}) AS q
  ON s.approved_at < q.ends_at
  AND (s.superseded_at IS NULL OR s.superseded_at >= q.ends_at)
  AND (s.ended_on IS NULL OR (q.last_day IS NOT NULL AND s.ended_on > q.last_day))
GROUP BY q.position, s.rating
"""
_QUARTER_END = "SELECT %s AS position, {ends_at} AS ends_at, {last_day} AS last_day"


def trend(municipality: Municipality, now: datetime | None = None) -> list[Quarter]:
    """The last quarters, oldest first, the current one as it stands now (one query)."""
    now = now or timezone.now()
    starts = [quarter_start(timezone.localdate(now))]
    for _step in range(QUARTERS - 1):
        starts.insert(0, _previous_quarter(starts[0]))
    ends: list[tuple[int, datetime, date | None]] = []
    for position, start in enumerate(starts[:-1]):
        following = _next_quarter(start)
        ends.append(
            (
                position,
                timezone.make_aware(datetime.combine(following, time.min)),
                following - timedelta(days=1),
            )
        )
    ends.append((len(starts) - 1, now, None))
    approvals, approval_params = _approvals(municipality).query.sql_with_params()
    # PostgreSQL types the first row's values (a NULL alone would be text); SQLite compares
    # the text Django stores.
    typed = connection.vendor == "postgresql"
    first = _QUARTER_END.format(
        ends_at="CAST(%s AS timestamptz)" if typed else "%s",
        last_day="CAST(%s AS date)" if typed else "%s",
    )
    rest = _QUARTER_END.format(ends_at="%s", last_day="%s")
    sql = _COUNTS.format(
        approvals=approvals,
        quarter_ends=" UNION ALL ".join([first] + [rest] * (len(ends) - 1)),
    )
    ops = connection.ops
    params = [*approval_params]
    for position, ends_at, last_day in ends:
        params += [position, ops.adapt_datetimefield_value(ends_at)]
        params.append(ops.adapt_datefield_value(last_day))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = {(position, rating): n for position, rating, n in rows}
    return [
        Quarter(
            start,
            {band: counts.get((position, band), 0) for band in scoring.BANDS},
            to_date=position == len(starts) - 1,
        )
        for position, start in enumerate(starts)
    ]
