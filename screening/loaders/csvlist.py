"""CityDiplo's own CSV list: `id,name,aliases,country,kind,program`, UTF-8, header required.

`aliases` are separated by `;`; `country` is an ISO code or a country name (several
separated by `;`); `kind` is person, organisation (or organization, entity) or vessel, empty
for unknown. For a list of the ministry's or the municipality's own.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from screening.loaders import ListFileError, ParsedEntry, ParsedList, country_code, required
from screening.names import Kind

COLUMNS = ("id", "name", "aliases", "country", "kind", "program")
KINDS = {
    "person": Kind.PERSON,
    "individual": Kind.PERSON,
    "organisation": Kind.ORGANISATION,
    "organization": Kind.ORGANISATION,
    "entity": Kind.ORGANISATION,
    "company": Kind.ORGANISATION,
    "vessel": Kind.VESSEL,
    "": Kind.UNKNOWN,
    "unknown": Kind.UNKNOWN,
}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def read(stream: BinaryIO) -> ParsedList:
    try:
        content = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListFileError("the file is not UTF-8 text") from error
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise ListFileError("missing column", field=", ".join(missing))
    reader.fieldnames = header
    entries = []
    for line, row in enumerate(reader, 2):
        entry_id = required(row.get("id"), entry=f"line {line}", field="id")
        kind_text = (row.get("kind") or "").strip().lower()
        if kind_text not in KINDS:
            raise ListFileError(f"unknown kind {kind_text!r}", entry=entry_id, field="kind")
        countries = []
        for value in _split(row.get("country")):
            code = country_code(value)
            if not code:
                raise ListFileError(f"unknown country {value!r}", entry=entry_id, field="country")
            countries.append(code)
        entries.append(
            ParsedEntry(
                entry_id=entry_id,
                name=required(row.get("name"), entry=entry_id, field="name"),
                kind=KINDS[kind_text],
                aliases=_split(row.get("aliases")),
                countries=countries,
                programme=(row.get("program") or "").strip(),
            )
        )
    return ParsedList(entries=entries)
