"""The EU consolidated financial sanctions list (FSF), XML edition 1.1.

`<export generationDate=…><sanctionEntity logicalId=… euReferenceNumber=…>` with
`subjectType@code` (person / enterprise / vessel…), `nameAlias@wholeName` (and first, middle,
last names, `nameLanguage`), `citizenship@countryIso2Code`, `address@countryIso2Code`,
`identification@number`, `regulation@programme`. Download:
https://webgate.ec.europa.eu/fsd/fsf (EU re-use policy, Commission Decision 2011/833/EU).
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO
from xml.etree.ElementTree import Element

from screening.loaders import ListFileError, ParsedEntry, ParsedList, country_code, required
from screening.loaders.xml import parse
from screening.names import Kind

KINDS = {"person": Kind.PERSON, "enterprise": Kind.ORGANISATION, "vessel": Kind.VESSEL}


def _country(element: Element) -> str:
    code = (element.get("countryIso2Code") or "").strip().upper()
    if code and code not in ("00", "UNKNOWN"):
        return "RS" if code == "CS" else code
    description = element.get("countryDescription") or ""
    return "" if description == "UNKNOWN" else country_code(description)


def _whole_name(alias: Element) -> str:
    whole = alias.get("wholeName") or ""
    if whole.strip():
        return whole
    parts = (alias.get(a) or "" for a in ("firstName", "middleName", "lastName"))
    return " ".join(p for p in parts if p.strip())


def read_entry(element: Element, position: int) -> ParsedEntry:
    entry_id = required(element.get("logicalId"), entry=f"#{position}", field="logicalId")
    subject = element.find("subjectType")
    code = (subject.get("code") or "") if subject is not None else ""
    kind = KINDS.get(code.casefold(), Kind.UNKNOWN)
    names = [n for n in (_whole_name(a) for a in element.findall("nameAlias")) if n.strip()]
    if not names:
        raise ListFileError("missing or empty", entry=entry_id, field="nameAlias@wholeName")
    countries = [_country(c) for c in element.findall("citizenship")]
    countries += [_country(a) for a in element.findall("address")]
    identifiers = [
        i.get("number") or i.get("latinNumber") or "" for i in element.findall("identification")
    ]
    programmes = [r.get("programme") or "" for r in element.findall("regulation")]
    return ParsedEntry(
        entry_id=entry_id,
        name=names[0],
        kind=kind,
        aliases=names[1:],
        countries=countries,
        identifiers=identifiers,
        programme=", ".join(dict.fromkeys(p for p in programmes if p)),
    )


def read(stream: BinaryIO) -> ParsedList:
    root = parse(stream)
    if root.tag != "export":
        raise ListFileError(f"expected <export>, found <{root.tag}>", field="export")
    generated = (root.get("generationDate") or "")[:10]
    try:
        published = date.fromisoformat(generated) if generated else None
    except ValueError:
        published = None
    return ParsedList(
        entries=[read_entry(e, n) for n, e in enumerate(root.iter("sanctionEntity"), 1)],
        published_on=published,
        source="https://webgate.ec.europa.eu/fsd/fsf",
        licence="© European Union, re-use authorised (Commission Decision 2011/833/EU)",
    )
