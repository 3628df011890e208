"""What the dashboard template receives, per role."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from dashboard import awaiting, cached, charts, checklist, decisions, liaison, trend
from municipalities.models import Membership
from partners.models import Status
from risks import scoring
from risks.presenters import band_label


def _matrix_rows(cells: dict[tuple[int, int], int]) -> list[list[dict[str, Any]]]:
    """Rows from impact 5 down to 1, columns likelihood 1 to 5 (as the diagnostic's matrix)."""
    return [
        [
            {
                "likelihood": likelihood,
                "impact": impact,
                "band": scoring.band_for(likelihood * impact),
                "count": cells.get((likelihood, impact), 0),
            }
            for likelihood in range(1, 6)
        ]
        for impact in range(5, 0, -1)
    ]


def _quarter_label(quarter: trend.Quarter) -> str:
    return (
        _("%(quarter)s (to date)") % {"quarter": quarter.label}
        if quarter.to_date
        else quarter.label
    )


def portfolio_context(membership: Membership) -> dict[str, Any]:
    key = cached.figures_key(membership.municipality)
    cached_figures = cached.portfolio_figures(membership.municipality, key)
    summary = cached_figures.summary
    bands = [
        (band_label(code).capitalize(), summary.by_band[code], f"band-{code}", code)
        for code in reversed(scoring.BANDS)
    ] + [(_("Not rated"), summary.by_band[""], "band-none", "none")]
    quarters = cached_figures.quarters
    trend_chart = charts.stacked_columns(
        [
            (
                q.label,  # the table beside says which quarter is still running
                [
                    (band_label(code), q.by_band.get(code, 0), f"band-{code}")
                    for code in scoring.BANDS
                ],
            )
            for q in quarters
        ]
    )
    return {
        "portfolio_key": key,
        "summary": summary,
        "statuses": [(Status(s).label, n) for s, n in summary.by_status.items()],
        "band_rows": bands,
        "band_chart": charts.bar_chart([(label, n, css) for label, n, css, _code in bands]),
        "matrix_rows": _matrix_rows(cached_figures.matrix),
        "quarters": quarters,
        "trend_chart": trend_chart,
        "trend_bands": [(code, band_label(code)) for code in scoring.BANDS],
        "trend_rows": [
            (
                q.start,
                _quarter_label(q),
                [q.by_band.get(code, 0) for code in scoring.BANDS],
                q.total,
            )
            for q in quarters
        ],
    }


def for_member(membership: Membership) -> dict[str, Any]:
    context: dict[str, Any] = {"role": membership.role, **portfolio_context(membership)}
    if membership.can_write:
        context["awaiting"] = awaiting.awaiting(membership, timezone.now())
        context["checklist"] = checklist.checklist(membership)
    else:
        context["decisions"] = decisions.latest_decisions(membership)
    return context


def for_liaison(user: User) -> dict[str, Any]:
    today = timezone.localdate()
    data = liaison.figures(user, today)
    ages = []
    for (low, high), count in data.by_age:
        label = (
            _("%(low)s to %(high)s days") % {"low": low, "high": high}
            if high is not None
            else _("over %(days)s days") % {"days": low - 1}
        )
        ages.append((label, count, "age"))
    return {
        "role": "liaison",
        "liaison": data,
        "age_rows": ages,
        "age_chart": charts.bar_chart(ages),
    }
