"""The dashboard's trend: the portfolio by rating as it stood at the end of each last quarter."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from dashboard.trend import QUARTERS, quarter_start
from municipalities.models import Municipality
from partners import actions as partners_actions
from partners.models import Partnership
from risks.models import Assessment, AssessmentStatus
from risks.scoring import BANDS
from tests.conftest import client_for
from tests.factories import make_partnership, questionnaire
from tests.test_dashboard import band_count, page

pytestmark = pytest.mark.django_db

LOW, MODERATE, HIGH, CRITICAL = BANDS


def quarter_starts(today: date) -> list[date]:
    """The first day of each quarter shown, oldest first (the current one last)."""
    starts = [quarter_start(today)]
    for _step in range(QUARTERS - 1):
        previous = starts[0] - timedelta(days=1)
        starts.insert(0, quarter_start(previous))
    return starts


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def diagnostic(
    partnership: Partnership,
    band: str,
    when: datetime,
    by: User,
    status: str = AssessmentStatus.APPROVED,
) -> None:
    """A diagnostic of `band`, approved at `when` (the partnership's rating follows the
    latest approved one, as approving does)."""
    approved = status == AssessmentStatus.APPROVED
    Assessment.objects.create(
        municipality_id=partnership.municipality_id,
        partnership=partnership,
        questionnaire=questionnaire(),
        status=status,
        rating=band if approved else "",
        created_by=by,
        approved_by=by if approved else None,
        approved_at=when if approved else None,
    )
    if approved:
        latest = (
            Assessment.objects.filter(partnership=partnership, status=AssessmentStatus.APPROVED)
            .order_by("-approved_at")
            .values_list("rating", flat=True)
            .first()
        )
        Partnership.objects.filter(pk=partnership.pk).update(rating=latest)


def trend_table(body: str) -> dict[str, dict[str, int]]:
    """The trend's table: per quarter (its first day), the count in each band and the total."""
    rows = re.findall(r'<tr data-quarter="([\d-]+)"><th scope="row">[^<]+</th>(.*?)</tr>', body)
    table = {}
    for start, cells in rows:
        numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]
        table[start] = dict(zip((*BANDS, "total"), numbers, strict=True))
    return table


def test_each_quarter_shows_the_portfolio_as_it_stood_at_its_end(
    town_a: Municipality, town_b: Municipality, alice: User, martha: User, victor: User
) -> None:
    q0, q1, q2, q3 = quarter_starts(timezone.localdate())
    # Rated low, then high from the third quarter: it moves from one band to the other.
    changed = make_partnership(town_a, title="Change de bande")
    diagnostic(changed, LOW, at(q0 + timedelta(days=10)), martha)
    diagnostic(changed, HIGH, at(q2 + timedelta(days=10)), martha)
    # Rated from the second quarter on.
    later = make_partnership(town_a, title="Notée plus tard", status="proposed")
    diagnostic(later, MODERATE, at(q1 + timedelta(days=20)), martha)
    # Rated before the first quarter shown; a reassessment still in draft changes nothing.
    older = make_partnership(town_a, title="Notée avant", status="suspended")
    diagnostic(older, CRITICAL, at(q0 - timedelta(days=40)), martha)
    diagnostic(older, LOW, at(q3), alice, status=AssessmentStatus.DRAFT)
    # Ended during the third quarter: counted at the end of the first two only.
    ended = make_partnership(town_a, title="Terminée", status="ended", end_date=q2)
    diagnostic(ended, CRITICAL, at(q0 + timedelta(days=5)), martha)
    # Marked ended during the second quarter, with no end date: its history says when.
    marked = make_partnership(town_a, title="Marquée terminée")
    diagnostic(marked, LOW, at(q0 + timedelta(days=5)), martha)
    marked.status = "ended"
    partners_actions.save_partnership(marked, by=martha)
    created, closed = marked.history.order_by("history_date")
    marked.history.filter(pk=created.pk).update(history_date=at(q0))
    marked.history.filter(pk=closed.pk).update(history_date=at(q1 + timedelta(days=3)))
    # Ended on a day nothing records (no end date, no history), archived, another town's:
    # never counted.
    unknown = make_partnership(town_a, title="Terminée on ne sait quand", status="ended")
    unknown.history.all().delete()
    diagnostic(unknown, LOW, at(q0 + timedelta(days=5)), martha)
    archived = make_partnership(town_a, title="Archivée", archived_at=at(q1))
    diagnostic(archived, CRITICAL, at(q0 + timedelta(days=5)), martha)
    elsewhere = make_partnership(town_b, title="Ailleurs")
    diagnostic(elsewhere, HIGH, at(q1 + timedelta(days=5)), martha)

    body = page(client_for(victor))
    table = trend_table(body)
    assert list(table) == [q.isoformat() for q in (q0, q1, q2, q3)]
    assert table[q0.isoformat()] == {LOW: 2, MODERATE: 0, HIGH: 0, CRITICAL: 2, "total": 4}
    assert table[q1.isoformat()] == {LOW: 1, MODERATE: 1, HIGH: 0, CRITICAL: 2, "total": 4}
    assert table[q2.isoformat()] == {LOW: 0, MODERATE: 1, HIGH: 1, CRITICAL: 1, "total": 3}
    assert table[q3.isoformat()] == {LOW: 0, MODERATE: 1, HIGH: 1, CRITICAL: 1, "total": 3}
    # Today's column is the portfolio the dashboard shows by rating.
    for band in BANDS:
        assert table[q3.isoformat()][band] == band_count(body, band)
    assert "(à ce jour)" in body  # the current quarter is not over
    # The chart draws the same totals, one column per quarter.
    chart = body.split('class="chart column-chart"', 1)[1].split("</svg>", 1)[0]
    totals = re.findall(r'class="chart-value" text-anchor="middle">(\d+)</text>', chart)
    assert totals == ["4", "4", "3", "3"]
