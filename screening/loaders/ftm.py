"""OpenSanctions entities in the FollowTheMoney format, one JSON object per line.

`{"id", "schema", "properties": {"name": [...], "alias": [...], "country": [...], …}}`; only
schemas that name a person, an organisation or a vessel are kept (sanctions, addresses and
links are not entries). Its data licence (CC BY-NC 4.0) is non-commercial: a public body must
check its right to use it (https://www.opensanctions.org/licensing/).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from screening.loaders import ListFileError, ParsedEntry, ParsedList, country_code
from screening.names import Kind

KINDS = {
    "Person": Kind.PERSON,
    "Organization": Kind.ORGANISATION,
    "Company": Kind.ORGANISATION,
    "PublicBody": Kind.ORGANISATION,
    "LegalEntity": Kind.UNKNOWN,
    "Vessel": Kind.VESSEL,
    "Airplane": Kind.VESSEL,
}
NAME_PROPS = ("name",)
ALIAS_PROPS = ("alias", "weakAlias", "previousName")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry")
ID_PROPS = (
    "registrationNumber",
    "idNumber",
    "passportNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "imoNumber",
    "vatCode",
)
LICENCE = "CC BY-NC 4.0 (non-commercial): a public body must check its right to use it"


def _strings(properties: dict[str, Any], names: tuple[str, ...], entry: str) -> list[str]:
    values: list[str] = []
    for name in names:
        found = properties.get(name, [])
        if not isinstance(found, list) or not all(isinstance(v, str) for v in found):
            raise ListFileError("must be a list of strings", entry=entry, field=name)
        values.extend(found)
    return values


def read_entry(line: str, position: int) -> ParsedEntry | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ListFileError(f"not valid JSON ({error})", entry=f"line {position}") from error
    if not isinstance(data, dict):
        raise ListFileError("not an object", entry=f"line {position}")
    entry_id = data.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise ListFileError("missing or empty", entry=f"line {position}", field="id")
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema:
        raise ListFileError("missing or empty", entry=entry_id, field="schema")
    if schema not in KINDS:
        return None
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise ListFileError("must be an object", entry=entry_id, field="properties")
    names = _strings(properties, NAME_PROPS, entry_id)
    if not names:
        raise ListFileError("missing or empty", entry=entry_id, field="properties.name")
    programmes = _strings(properties, ("program", "programId"), entry_id)
    return ParsedEntry(
        entry_id=entry_id,
        name=names[0],
        kind=KINDS[schema],
        aliases=names[1:] + _strings(properties, ALIAS_PROPS, entry_id),
        countries=[country_code(c) for c in _strings(properties, COUNTRY_PROPS, entry_id)],
        identifiers=_strings(properties, ID_PROPS, entry_id),
        programme=", ".join(programmes),
    )


def read(stream: BinaryIO) -> ParsedList:
    entries = []
    for position, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError as error:
            raise ListFileError("not UTF-8", entry=f"line {position}") from error
        if line and (entry := read_entry(line, position)) is not None:
            entries.append(entry)
    return ParsedList(
        entries=entries, source="https://www.opensanctions.org/datasets/", licence=LICENCE
    )
