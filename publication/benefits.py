"""What the partnerships brought, for the portfolio report: benefits beside the risks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from municipalities.models import Municipality
from publication.models import Outcome

YEARS_SHOWN = 3


@dataclass
class Totals:
    partnerships: set[int] = field(default_factory=set)
    people: int = 0
    spent: Decimal = Decimal(0)
    received: Decimal = Decimal(0)


@dataclass
class Benefits:
    years: list[tuple[int, Totals]]
    lines: list[tuple[str, Outcome]]  # the latest outcome of each partnership, by title


def build(partnership_ids: list[int]) -> Benefits:
    """Totals of the latest years and each partnership's latest outcome (one query)."""
    by_year: dict[int, Totals] = defaultdict(Totals)
    latest: dict[int, Outcome] = {}
    outcomes = (
        Outcome.objects.filter(partnership_id__in=partnership_ids)
        .select_related("partnership")
        .only(
            "partnership__title",
            "partnership_id",
            "year",
            "activities",
            "people_involved",
            "municipal_budget",
            "co_financing",
        )
        .order_by("partnership_id", "-year")
    )
    for outcome in outcomes.iterator(chunk_size=500):
        totals = by_year[outcome.year]
        totals.partnerships.add(outcome.partnership_id)
        totals.people += outcome.people_involved
        totals.spent += outcome.municipal_budget
        totals.received += outcome.co_financing
        latest.setdefault(outcome.partnership_id, outcome)
    years = sorted(by_year.items(), reverse=True)[:YEARS_SHOWN]
    lines = sorted(((o.partnership.title, o) for o in latest.values()), key=lambda x: x[0].lower())
    return Benefits(years=years, lines=lines)


def portfolio_section(municipality: Municipality, partnership_ids: list[int]) -> SafeString:
    html = render_to_string(
        "publication/portfolio_benefits.html", {"benefits": build(partnership_ids)}
    )
    return mark_safe(html)  # rendered by our own template, auto-escaped


def register() -> None:
    from reports.sections import register_portfolio_section

    register_portfolio_section(portfolio_section)
