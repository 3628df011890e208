"""CSV import of partners and partnerships: parse, check every row, then create all or nothing.

Files are what Excel or LibreOffice export: UTF-8 with or without BOM, comma or semicolon,
French headers (the downloadable template). Other encodings are refused with a message that
says how to re-save the file. The size limit is `MAX_IMPORT_BYTES` (1 MiB, about 5,000 rows);
larger registers are imported in several files.

Nothing here reads the request: views pass the text and the municipality.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from citydiplo.numbers import kilobytes
from municipalities.models import Municipality
from partners.models import (
    Country,
    Flow,
    Ownership,
    Partner,
    PartnerKind,
    Partnership,
    PartnershipForm,
    Sector,
    Status,
)
from partners.text import normalise, split_aliases

MAX_IMPORT_BYTES = 1024 * 1024
LIST_SEPARATOR = "|"


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, delimiter, headers, size)."""


@dataclass(frozen=True)
class Column:
    header: str  # French, as in the template
    attr: str
    required: bool = False
    example: str = ""


PARTNER_COLUMNS = [
    Column("nom", "name", True, "Ville d'Exempleburg"),
    Column("autres noms", "aliases", False, "Exempleburg|Stadt Exempleburg"),
    Column("type", "kind", True, "collectivité locale étrangère"),
    Column("pays", "country", True, "DE"),
    Column("ville", "city", False, "Exempleburg"),
    Column("site web", "website", False, "https://exempleburg.example"),
    Column("propriété", "ownership", False, "organisme public"),
    Column("organisation mère", "parent_organisation", False, ""),
    Column("lien avec l'État", "linked_to_state", False, "non"),
    Column("lien avec le parti au pouvoir", "linked_to_ruling_party", False, "non"),
    Column("lien avec l'armée", "linked_to_military", False, "non"),
    Column("lien avec les services de sécurité", "linked_to_security_services", False, "non"),
    Column("notes", "notes", False, ""),
]

PARTNERSHIP_COLUMNS = [
    Column("partenaire", "partner", True, "Ville d'Exempleburg"),
    Column("pays du partenaire", "partner_country", False, "DE"),
    Column("intitulé", "title", True, "Jumelage Montclair - Exempleburg"),
    Column("forme", "form", True, "jumelage"),
    Column("statut", "status", True, "actif"),
    Column("secteurs stratégiques", "sectors", False, "santé et biotechnologies"),
    Column("flux", "flows", False, "savoir-faire|données"),
    Column("début", "start_date", False, "01/09/2024"),
    Column("fin", "end_date", False, "31/08/2027"),
    Column("renouvellement", "renewal_date", False, ""),
    Column("délibération", "deliberation_ref", False, "DEL-2024-042"),
    Column("transmis au préfet le", "sent_to_prefect_on", False, ""),
    Column("responsable (e-mail)", "owner", False, ""),
    Column("budget (euros)", "budget", False, "12500"),
    Column("description", "description", False, ""),
]


@dataclass
class RowError:
    line: int
    label: str
    reasons: list[str]


@dataclass
class Preview:
    """The outcome of checking a file: the objects to create and every bad row."""

    objects: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.objects)


# --- reading the file --------------------------------------------------------------------------


def decode(content: bytes) -> str:
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s KB, split it into several files.")
            % {"size": kilobytes(MAX_IMPORT_BYTES)}
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not encoded in UTF-8. In Excel, save it as “CSV UTF-8 (comma "
                "delimited)”; in LibreOffice, choose the “Unicode (UTF-8)” character set."
            )
        ) from None


def _rows(text: str, columns: list[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {attr: value}) for every non-empty row, after checking headers."""
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise ImportFileError(_("The file is empty."))
    semicolons, commas = header_line.count(";"), header_line.count(",")
    if not semicolons and not commas:
        raise ImportFileError(
            _(
                "The columns are not separated by commas or semicolons. Start from the "
                "template and save the file as CSV."
            )
        )
    delimiter = ";" if semicolons > commas else ","
    reader = _checked(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            header = row
            break
    by_header = {normalise(c.header): c for c in columns}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        column = by_header.get(normalise(name))
        if column is not None and column.attr not in positions:
            positions[column.attr] = index
    missing = [c.header for c in columns if c.required and c.attr not in positions]
    if missing:
        raise ImportFileError(
            _(
                "Required columns are missing: %(columns)s. Use the template's headers, "
                "separated by commas or semicolons."
            )
            % {"columns": ", ".join(f"« {m} »" for m in missing)}
        )
    headers = {c.attr: c.header for c in columns}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        values = {
            attr: _undefuse(row[index].strip() if index < len(row) else "")
            for attr, index in positions.items()
        }
        for attr, value in values.items():
            if "\x00" in value:  # no database text holds it: refuse it here, with its place
                raise ImportFileError(
                    _("Line %(line)s, column « %(column)s »: a NUL character is not allowed.")
                    % {"line": reader.line_num, "column": headers[attr]}
                )
        yield reader.line_num, values


class _checked:
    """A csv.reader whose errors (a field over the size limit, a quote left open) become
    an ImportFileError naming the line, instead of escaping as a server error."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    @property
    def line_num(self) -> int:
        return int(self.reader.line_num)

    def __iter__(self) -> _checked:
        return self

    def __next__(self) -> list[str]:
        try:
            return list(next(self.reader))
        except csv.Error:
            raise ImportFileError(
                _(
                    'Line %(line)s cannot be read: a quote (") is not closed or a cell is '
                    "too long (%(limit)s KB at most)."
                )
                % {
                    "line": self.reader.line_num,
                    "limit": kilobytes(csv.field_size_limit()),
                }
            ) from None


def _undefuse(value: str) -> str:
    """Exports put an apostrophe before a cell that starts like a formula: take it off."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


# --- reading values ----------------------------------------------------------------------------


def _choice_map(choices: type[Choices]) -> dict[str, str]:
    """Accept the code, the French label or the English label, whatever the case or accents."""
    mapping: dict[str, str] = {}
    for value, label in choices.choices:
        mapping[normalise(str(value))] = str(value)
        for language in ("fr", "en"):
            with translation.override(language):
                mapping[normalise(str(label))] = str(value)
    return mapping


def _choice(raw: str, mapping: dict[str, str], what: str, errors: list[str]) -> str:
    value = mapping.get(normalise(raw))
    if value is None:
        errors.append(_("unknown %(what)s “%(value)s”") % {"what": what, "value": raw})
        return ""
    return value


def _choices(raw: str, mapping: dict[str, str], what: str, errors: list[str]) -> list[str]:
    values = []
    for part in re.split(r"[|\n]", raw):
        if part.strip():
            value = _choice(part.strip(), mapping, what, errors)
            if value and value not in values:
                values.append(value)
    return values


_YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
_NO = {"non", "n", "no", "faux", "false", "0", ""}


def _bool(raw: str, header: str, errors: list[str]) -> bool:
    value = normalise(raw)
    if value in _YES:
        return True
    if value not in _NO:
        errors.append(
            _("“%(value)s” in « %(column)s » is neither oui nor non")
            % {"value": raw, "column": header}
        )
    return False


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def _date(raw: str, header: str, errors: list[str]) -> datetime.date | None:
    if not raw:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    errors.append(
        _("bad date “%(value)s” in « %(column)s » (expected DD/MM/YYYY)")
        % {"value": raw, "column": header}
    )
    return None


def _decimal(raw: str, header: str, errors: list[str], field: Any) -> Decimal | None:
    """An amount as French and English spreadsheets write it, checked by the model `field`
    itself (digits, decimal places, bounds): what the preview accepts, the database takes."""
    if not raw:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:  # NaN cannot even be compared
        errors.append(
            _("“%(value)s” in « %(column)s » is not an amount") % {"value": raw, "column": header}
        )
        return None
    try:
        field.run_validators(value)
    except ValidationError as error:
        errors.extend(
            _("“%(value)s” in « %(column)s »: %(reason)s")
            % {"value": raw, "column": header, "reason": message}
            for message in error.messages
        )
        return None
    return value


class CountryLookup:
    """ISO alpha-2, alpha-3, or the French or English name (one query)."""

    def __init__(self) -> None:
        self.by_key: dict[str, Country] = {}
        for country in Country.objects.all():
            for key in (country.code, country.alpha3, country.name_fr, country.name_en):
                self.by_key.setdefault(normalise(key), country)

    def get(self, raw: str) -> Country | None:
        return self.by_key.get(normalise(raw))


def _model_errors(obj: Any, exclude: list[str]) -> list[str]:
    messages: list[str] = []
    # A model's TextField checks its max_length only in forms: check it here as well.
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname, None)
        limit = model_field.max_length
        if limit and isinstance(value, str) and len(value) > limit:
            messages.append(
                _("%(label)s : %(count)s characters, %(limit)s at most")
                % {"label": model_field.verbose_name, "count": len(value), "limit": limit}
            )
    if messages:
        return messages
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, field_errors in error.message_dict.items():
            label = name
            if name != "__all__":
                label = str(obj._meta.get_field(name).verbose_name)
            messages.extend(f"{label} : {message}" for message in field_errors)
        return messages
    return []


# --- partners ----------------------------------------------------------------------------------


def check_partners(text: str, municipality: Municipality) -> Preview:
    """Build every partner of the file and say what is wrong with each bad row."""
    preview = Preview()
    countries = CountryLookup()
    kinds, ownerships = _choice_map(PartnerKind), _choice_map(Ownership)
    headers = {c.attr: c.header for c in PARTNER_COLUMNS}
    existing = set(
        Partner.objects.filter(municipality=municipality).values_list("name_key", "country_id")
    )
    seen: dict[tuple[str, str], int] = {}
    for line, values in _rows(text, PARTNER_COLUMNS):
        errors: list[str] = []
        name = values.get("name", "")
        if not name:
            errors.append(_("the name is missing"))
        kind = _required_choice(values, "kind", kinds, _("kind"), _("the kind is missing"), errors)
        country = countries.get(values.get("country", ""))
        if not values.get("country"):
            errors.append(_("the country is missing"))
        elif country is None:
            errors.append(_("unknown country “%(value)s”") % {"value": values["country"]})
        ownership = (
            _choice(values["ownership"], ownerships, _("ownership"), errors)
            if values.get("ownership")
            else Ownership.UNKNOWN
        )
        partner = Partner(
            municipality=municipality,
            name=name,
            aliases="\n".join(split_aliases(values.get("aliases", ""))),
            kind=kind or PartnerKind.OTHER,
            country=country,
            city=values.get("city", ""),
            website=values.get("website", ""),
            ownership=ownership or Ownership.UNKNOWN,
            parent_organisation=values.get("parent_organisation", ""),
            notes=values.get("notes", ""),
        )
        for attr in (
            "linked_to_state",
            "linked_to_ruling_party",
            "linked_to_military",
            "linked_to_security_services",
        ):
            setattr(partner, attr, _bool(values.get(attr, ""), headers[attr], errors))
        if name:
            errors.extend(_model_errors(partner, ["municipality", "country", "kind"]))
        if name and country is not None:
            key = (normalise(name)[:200], country.code)
            if key in existing:
                errors.append(_("this partner is already in the register"))
            elif key in seen:
                errors.append(_("duplicate of the partner on line %(line)s") % {"line": seen[key]})
            else:
                seen[key] = line
        _collect(preview, partner, line, name, errors)
    _require_rows(preview)
    return preview


def _collect(preview: Preview, obj: Any, line: int, label: str, errors: list[str]) -> None:
    if errors:
        preview.errors.append(RowError(line, label, errors))
    else:
        preview.objects.append(obj)


def _require_rows(preview: Preview) -> None:
    if not preview.objects and not preview.errors:
        raise ImportFileError(_("The file has headers but no rows."))


# --- partnerships ------------------------------------------------------------------------------


def check_partnerships(text: str, municipality: Municipality) -> Preview:
    """Build every partnership of the file; partners must already be in the register."""
    preview = Preview()
    countries = CountryLookup()
    forms_map, statuses = _choice_map(PartnershipForm), _choice_map(Status)
    sectors, flows = _choice_map(Sector), _choice_map(Flow)
    headers = {c.attr: c.header for c in PARTNERSHIP_COLUMNS}
    partners: dict[str, list[Partner]] = {}
    for known in Partner.objects.filter(municipality=municipality).select_related("country"):
        for name in {known.name, *known.alias_list}:
            partners.setdefault(normalise(name), []).append(known)
    members = {
        user.email.lower(): user
        for user in User.objects.filter(memberships__municipality=municipality)
    }
    existing_keys = set(
        Partnership.objects.filter(municipality=municipality).values_list("partner_id", "title_key")
    )
    seen: dict[tuple[int, str], int] = {}
    for line, values in _rows(text, PARTNERSHIP_COLUMNS):
        errors: list[str] = []
        partner = _find_partner(values, partners, countries, errors)
        title = values.get("title", "")
        if not title:
            errors.append(_("the title is missing"))
        form = _required_choice(
            values, "form", forms_map, _("form"), _("the form is missing"), errors
        )
        status = _required_choice(
            values, "status", statuses, _("status"), _("the status is missing"), errors
        )
        owner = None
        if values.get("owner"):
            owner = members.get(values["owner"].lower())
            if owner is None:
                errors.append(
                    _("“%(value)s” is not a member of the municipality")
                    % {"value": values["owner"]}
                )
        partnership = Partnership(
            municipality=municipality,
            partner=partner,
            title=title,
            form=form or PartnershipForm.PROJECT,
            status=status or Status.PROPOSED,
            sectors=_choices(values.get("sectors", ""), sectors, _("sector"), errors),
            flows=_choices(values.get("flows", ""), flows, _("flow"), errors),
            start_date=_date(values.get("start_date", ""), headers["start_date"], errors),
            end_date=_date(values.get("end_date", ""), headers["end_date"], errors),
            renewal_date=_date(values.get("renewal_date", ""), headers["renewal_date"], errors),
            sent_to_prefect_on=_date(
                values.get("sent_to_prefect_on", ""), headers["sent_to_prefect_on"], errors
            ),
            deliberation_ref=values.get("deliberation_ref", ""),
            owner=owner,
            budget=_decimal(
                values.get("budget", ""),
                headers["budget"],
                errors,
                Partnership._meta.get_field("budget"),
            ),
            description=values.get("description", ""),
        )
        start, end = partnership.start_date, partnership.end_date
        if start and end and end < start:
            errors.append(_("the end date is before the start date"))
        if title:
            errors.extend(
                _model_errors(
                    partnership,
                    [
                        "municipality",
                        "partner",
                        "form",
                        "status",
                        "owner",
                        "budget",
                        "sectors",
                        "flows",
                    ],
                )
            )
        if partner is not None and title:
            key = (partner.pk, Partnership.title_key_of(title))
            if key in existing_keys:
                errors.append(_("this partnership is already in the register"))
            elif key in seen:
                errors.append(
                    _("duplicate of the partnership on line %(line)s") % {"line": seen[key]}
                )
            else:
                seen[key] = line
        _collect(preview, partnership, line, title, errors)
    _require_rows(preview)
    return preview


def _required_choice(
    values: dict[str, str],
    attr: str,
    mapping: dict[str, str],
    what: str,
    missing: str,
    errors: list[str],
) -> str:
    if not values.get(attr):
        errors.append(missing)
        return ""
    return _choice(values[attr], mapping, what, errors)


def _find_partner(
    values: dict[str, str],
    partners: dict[str, list[Partner]],
    countries: CountryLookup,
    errors: list[str],
) -> Partner | None:
    name = values.get("partner", "")
    if not name:
        errors.append(_("the partner is missing"))
        return None
    candidates = partners.get(normalise(name), [])
    if values.get("partner_country"):
        country = countries.get(values["partner_country"])
        if country is None:
            errors.append(_("unknown country “%(value)s”") % {"value": values["partner_country"]})
            return None
        candidates = [p for p in candidates if p.country_id == country.code]
    if not candidates:
        errors.append(
            _("no partner “%(name)s” in the register: import or create it first") % {"name": name}
        )
        return None
    if len(candidates) > 1:
        errors.append(
            _("several partners are named “%(name)s”: fill in « pays du partenaire »")
            % {"name": name}
        )
        return None
    return candidates[0]


CHECKERS: dict[str, Callable[[str, Municipality], Preview]] = {
    "partners": check_partners,
    "partnerships": check_partnerships,
}
COLUMNS = {"partners": PARTNER_COLUMNS, "partnerships": PARTNERSHIP_COLUMNS}
