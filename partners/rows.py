"""The list pages' table rows as plain values.

A list page shows 25 rows of a few columns each. Read as model instances (every column,
JSON decoded, related rows instantiated) and rendered through attribute lookups, methods and
`get_FOO_display` (which rebuilds a hashable copy of the choices on each call), they cost
several milliseconds a page. Here the page's rows are read as the columns shown (`values()`),
turned into dictionaries of display values once, and the template only reads keys. The labels
of a column's choices are translated once per page, not once per cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format

from partners.models import Country, Partner, Partnership
from partners.text import split_aliases

DASH = "—"

Row = dict[str, Any]


def _labels(model: type[models.Model], name: str) -> dict[str, str]:
    """Stored value → label in the page's language, for one field with choices."""
    field = model._meta.get_field(name)
    choices = field.flatchoices if isinstance(field, models.Field) else []
    return {str(value): str(label) for value, label in choices}


def _short_date(pattern: str, value: date | None) -> str:
    return format_date(value, pattern) if value else DASH


# --- partners ----------------------------------------------------------------------------------


def partner_columns() -> tuple[str, ...]:
    """What the partner list reads of each partner (the country's name in the page's language)."""
    return (
        "pk",
        "name",
        "aliases",
        "kind",
        "city",
        "archived_at",
        "sanctions_confirmed",
        "screening_to_review",
        f"country__{Country.name_field()}",
    )


def partner_rows(page_rows: Iterable[Mapping[str, Any]]) -> list[Row]:
    """The partner list's rows, from `partner_columns()`, with each partner's partnerships not
    archived (counted for these partners only, in one query)."""
    page_rows = list(page_rows)
    counts = dict(
        Partnership.objects.current()
        .filter(partner__in=[row["pk"] for row in page_rows])
        .values("partner")
        .annotate(n=Count("pk"))
        .values_list("partner", "n")
    )
    kinds = _labels(Partner, "kind")
    country = f"country__{Country.name_field()}"
    return [
        {
            "url": reverse("partners:partner_detail", args=[row["pk"]]),
            "name": row["name"],
            "other_names": ", ".join(split_aliases(row["aliases"])),
            "sanctions_confirmed": row["sanctions_confirmed"],
            "screening_to_review": row["screening_to_review"],
            "archived": row["archived_at"] is not None,
            "kind": kinds.get(row["kind"], row["kind"]),
            "country": row[country],
            "city": row["city"] or DASH,
            "partnerships": counts.get(row["pk"], 0),
        }
        for row in page_rows
    ]


# --- partnerships ------------------------------------------------------------------------------

PARTNERSHIP_COLUMNS = (
    "pk",
    "title",
    "partner_id",
    "form",
    "status",
    "start_date",
    "end_date",
    "rating",
    "risk_score",
    "flagged",
    "sectors",
    "archived_at",
    "owner__full_name",
    "owner__email",
)


def _partners_of(page_rows: list[Mapping[str, Any]]) -> dict[int, Mapping[str, Any]]:
    """Name and country of the page's partners, read by primary key: joining them to the
    partnerships before the page is cut would read the partners of every row before it."""
    country = f"country__{Country.name_field()}"
    partners: QuerySet[Partner, dict[str, Any]] = Partner.objects.filter(
        pk__in={row["partner_id"] for row in page_rows}
    ).values("pk", "name", country)
    return {
        partner["pk"]: {"name": partner["name"], "country": partner[country]}
        for partner in partners
    }


def partnership_rows(page_rows: Iterable[Mapping[str, Any]]) -> list[Row]:
    """The partnership list's rows, from PARTNERSHIP_COLUMNS (one more query: the partners)."""
    page_rows = list(page_rows)
    partners = _partners_of(page_rows)
    forms = _labels(Partnership, "form")
    statuses = _labels(Partnership, "status")
    ratings = _labels(Partnership, "rating")
    pattern = get_format("SHORT_DATE_FORMAT")
    unknown = {"name": DASH, "country": ""}
    rows = []
    for row in page_rows:
        partner = partners.get(row["partner_id"], unknown)
        rows.append(
            {
                "url": reverse("partners:partnership_detail", args=[row["pk"]]),
                "title": row["title"],
                "archived": row["archived_at"] is not None,
                "strategic": bool(row["sectors"]),
                "partner": partner["name"],
                "country": partner["country"],
                "form": forms.get(row["form"], row["form"]),
                "status": row["status"],
                "status_label": statuses.get(row["status"], row["status"]),
                "start": _short_date(pattern, row["start_date"]),
                "end": _short_date(pattern, row["end_date"]),
                "rating": row["rating"],
                "rating_label": ratings.get(row["rating"], row["rating"]),
                "score": row["risk_score"],
                "flagged": row["flagged"],
                "owner": row["owner__full_name"] or row["owner__email"] or DASH,
            }
        )
    return rows
