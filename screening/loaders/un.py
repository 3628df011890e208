"""The UN Security Council consolidated list, XML.

`<CONSOLIDATED_LIST dateGenerated=…><INDIVIDUALS><INDIVIDUAL>` with `REFERENCE_NUMBER`,
`FIRST_NAME`…`FOURTH_NAME`, `NAME_ORIGINAL_SCRIPT`, `UN_LIST_TYPE`,
`INDIVIDUAL_ALIAS/ALIAS_NAME`, `NATIONALITY/VALUE`, `INDIVIDUAL_DOCUMENT/NUMBER`; and
`<ENTITIES><ENTITY>` with `FIRST_NAME` (the name), `ENTITY_ALIAS`, `ENTITY_ADDRESS/COUNTRY`.
Download: https://scsanctions.un.org/resources/xml/en/consolidated.xml (UN terms of use).
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO
from xml.etree.ElementTree import Element

from screening.loaders import ListFileError, ParsedEntry, ParsedList, country_code, required
from screening.loaders.xml import parse, text
from screening.names import Kind

NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _aliases(element: Element, tag: str) -> list[str]:
    aliases = []
    for alias in element.findall(tag):
        # Low-quality aliases ("weak" in the list's words) are kept: a town screens few names.
        for name in (alias.findtext("ALIAS_NAME") or "").split(";"):
            aliases.append(name.strip())
    return aliases


def read_entry(element: Element, position: int, kind: Kind) -> ParsedEntry:
    entry_id = text(element, "REFERENCE_NUMBER") or text(element, "DATAID")
    entry_id = required(entry_id, entry=f"#{position}", field="REFERENCE_NUMBER")
    name = " ".join(p for p in (text(element, f) for f in NAME_FIELDS) if p)
    name = required(name, entry=entry_id, field="FIRST_NAME")
    native = text(element, "NAME_ORIGINAL_SCRIPT")
    if kind == Kind.PERSON:
        aliases = _aliases(element, "INDIVIDUAL_ALIAS")
        countries = [country_code(v.text) for v in element.findall("NATIONALITY/VALUE")]
        countries += [country_code(c.text) for c in element.findall("INDIVIDUAL_ADDRESS/COUNTRY")]
        identifiers = [d.findtext("NUMBER") or "" for d in element.findall("INDIVIDUAL_DOCUMENT")]
    else:
        aliases = _aliases(element, "ENTITY_ALIAS")
        countries = [country_code(c.text) for c in element.findall("ENTITY_ADDRESS/COUNTRY")]
        identifiers = []
    return ParsedEntry(
        entry_id=entry_id,
        name=name,
        kind=kind,
        aliases=aliases,
        native_names=[native] if native else [],
        countries=countries,
        identifiers=identifiers,
        programme=text(element, "UN_LIST_TYPE"),
    )


def read(stream: BinaryIO) -> ParsedList:
    root = parse(stream)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFileError(f"expected <CONSOLIDATED_LIST>, found <{root.tag}>")
    entries = [read_entry(e, n, Kind.PERSON) for n, e in enumerate(root.iter("INDIVIDUAL"), 1)]
    entries += [read_entry(e, n, Kind.ORGANISATION) for n, e in enumerate(root.iter("ENTITY"), 1)]
    generated = (root.get("dateGenerated") or "")[:10]
    try:
        published = date.fromisoformat(generated) if generated else None
    except ValueError:
        published = None
    return ParsedList(
        entries=entries,
        published_on=published,
        source="https://main.un.org/securitycouncil/content/un-sc-consolidated-list",
        licence="United Nations terms of use",
    )
