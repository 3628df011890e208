"""CSV and XLSX exports of the lists, in the import template's columns (a round trip works)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from partners.imports import LIST_SEPARATOR, PARTNER_COLUMNS, PARTNERSHIP_COLUMNS, Column
from partners.models import Flow, Partner, Partnership, Sector
from reviews.models import Referral, ReferralState
from risks.models import Assessment, AssessmentStatus
from risks.presenters import FLAG_LABELS

# Read-only columns after the import template's: the import ignores them, so a round trip works.
RISK_COLUMNS = [
    Column("cotation", "rating"),
    Column("score résiduel", "risk_score"),
    Column("signalé au ministère", "flagged"),
    Column("motifs du signalement", "flag_reasons"),
    Column("dernier diagnostic approuvé le", "rated_at"),
    Column("saisine du ministère", "referral_state"),
]
PARTNERSHIP_EXPORT_COLUMNS = [*PARTNERSHIP_COLUMNS, *RISK_COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def partner_rows(partners: QuerySet[Partner]) -> Iterator[list[str]]:
    with translation.override("fr"):
        for p in partners.select_related("country").iterator(chunk_size=500):
            values = {
                "name": p.name,
                "aliases": LIST_SEPARATOR.join(p.alias_list),
                "kind": p.get_kind_display(),
                "country": p.country.name_fr,
                "city": p.city,
                "website": p.website,
                "ownership": p.get_ownership_display(),
                "parent_organisation": p.parent_organisation,
                "linked_to_state": p.linked_to_state,
                "linked_to_ruling_party": p.linked_to_ruling_party,
                "linked_to_military": p.linked_to_military,
                "linked_to_security_services": p.linked_to_security_services,
                "notes": p.notes,
            }
            yield [_cell(values[c.attr]) for c in PARTNER_COLUMNS]


def _with_risk(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """The flag reasons of the diagnostic that gives the rating, and the state of the latest
    referral, as subqueries: one query for the whole export."""
    rating_assessment = Assessment.objects.filter(
        partnership_id=OuterRef("pk"),
        status=AssessmentStatus.APPROVED,
        approved_at=OuterRef("rated_at"),
    )
    latest_referral = Referral.objects.filter(partnership_id=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return partnerships.annotate(
        current_flag_reasons=Subquery(rating_assessment.values("flag_reasons")[:1]),
        latest_referral_state=Subquery(latest_referral.values("state")[:1]),
    )


def _risk_values(p: Partnership) -> dict[str, Any]:
    reasons = getattr(p, "current_flag_reasons", None) or []
    state = getattr(p, "latest_referral_state", None)
    return {
        "rating": p.get_rating_display() if p.rating else "",
        "risk_score": p.risk_score,
        "flagged": p.flagged,
        "flag_reasons": LIST_SEPARATOR.join(str(FLAG_LABELS.get(r, r)) for r in reasons),
        "rated_at": timezone.localtime(p.rated_at).date() if p.rated_at else None,
        "referral_state": str(ReferralState(state).label) if state in ReferralState.values else "",
    }


def partnership_rows(partnerships: QuerySet[Partnership]) -> Iterator[list[str]]:
    with translation.override("fr"):
        rows = _with_risk(partnerships.select_related("partner__country", "owner"))
        for p in rows.iterator(chunk_size=500):
            values = {
                "partner": p.partner.name,
                "partner_country": p.partner.country.name_fr,
                "title": p.title,
                "form": p.get_form_display(),
                "status": p.get_status_display(),
                "sectors": LIST_SEPARATOR.join(
                    str(Sector(s).label) for s in p.sectors if s in Sector.values
                ),
                "flows": LIST_SEPARATOR.join(
                    str(Flow(f).label) for f in p.flows if f in Flow.values
                ),
                "start_date": p.start_date,
                "end_date": p.end_date,
                "renewal_date": p.renewal_date,
                "deliberation_ref": p.deliberation_ref,
                "sent_to_prefect_on": p.sent_to_prefect_on,
                "owner": p.owner.email if p.owner else "",
                "budget": p.budget,
                "description": p.description,
                **_risk_values(p),
            }
            yield [_cell(values[c.attr]) for c in PARTNERSHIP_EXPORT_COLUMNS]


FORMULA_STARTS = ("=", "+", "-", "@")


def _defuse(value: str) -> str:
    """A cell starting like a formula gets a leading apostrophe (the import removes it)."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


def to_csv(columns: list[Column], rows: Iterable[list[str]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what French Excel opens without a wizard."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    writer.writerows([_defuse(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: list[Column], rows: Iterable[list[str]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([c.header for c in columns])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text stays text: never evaluated as a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(columns: list[Column]) -> bytes:
    return to_csv(columns, [[c.example for c in columns]])
