"""CSV and XLSX exports of the lists, in the import template's columns (a round trip works)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from partners.imports import LIST_SEPARATOR, PARTNER_COLUMNS, PARTNERSHIP_COLUMNS, Column
from partners.models import Flow, Partner, Partnership, Sector


@dataclass(frozen=True)
class ColumnGroup:
    """Read-only columns an app above the register adds after the import template's (the
    import ignores them, so a round trip works): the rating from the diagnostics, the state of
    the ministry's referral. `annotate` adds what `values` reads, as subqueries, so that the
    whole export stays one query."""

    columns: list[Column]
    annotate: Callable[[QuerySet[Partnership]], QuerySet[Partnership]]
    values: Callable[[Partnership], dict[str, Any]]


_groups: list[ColumnGroup] = []


def add_export_columns(group: ColumnGroup) -> None:
    """Append `group` to the partnership export (apps register in INSTALLED_APPS order)."""
    if group not in _groups:
        _groups.append(group)


def partnership_export_columns() -> list[Column]:
    return [*PARTNERSHIP_COLUMNS, *(c for g in _groups for c in g.columns)]


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


def partnership_rows(partnerships: QuerySet[Partnership]) -> Iterator[list[str]]:
    with translation.override("fr"):
        rows = partnerships.select_related("partner__country", "owner")
        for group in _groups:
            rows = group.annotate(rows)
        columns = partnership_export_columns()
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
            }
            for group in _groups:
                values.update(group.values(p))
            yield [_cell(values[c.attr]) for c in columns]


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
