"""Read official list files into entries; every reader refuses a malformed file whole.

Each reader takes a binary stream and returns a `ParsedList`. A missing required field raises
`ListFileError` naming the entry (its position and identifier) and the field, so that the
loader (screening.actions.load_list) can refuse the file before touching the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

import countrynames

from screening.names import Kind, in_latin_script

__all__ = ["READERS", "ListFileError", "ParsedEntry", "ParsedList", "read_list"]


class ListFileError(ValueError):
    """A list file that cannot be loaded: names the entry and the field at fault."""

    def __init__(self, message: str, *, entry: str = "", field: str = "") -> None:
        self.entry = entry
        self.field = field
        parts = []
        if entry:
            parts.append(f"entry {entry}")
        if field:
            parts.append(f"field {field}")
        prefix = f"{', '.join(parts)}: " if parts else ""
        super().__init__(prefix + message)


@dataclass
class ParsedEntry:
    entry_id: str
    name: str
    kind: str = Kind.UNKNOWN
    aliases: list[str] = field(default_factory=list)
    native_names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    programme: str = ""

    def tidy(self) -> ParsedEntry:
        """Drop duplicates and blanks; move names in other scripts to `native_names`."""
        self.name = " ".join(self.name.split())
        names = [" ".join(a.split()) for a in [*self.aliases, *self.native_names]]
        seen = {self.name}
        self.aliases, self.native_names = [], []
        for alias in names:
            if not alias or alias in seen:
                continue
            seen.add(alias)
            (self.aliases if in_latin_script(alias) else self.native_names).append(alias)
        self.countries = sorted({c for c in self.countries if c})
        self.identifiers = sorted({i.strip() for i in self.identifiers if i and i.strip()})
        self.programme = " ".join(self.programme.split())[:300]
        return self

    @property
    def digest(self) -> str:
        data = [
            self.name,
            self.kind,
            self.aliases,
            self.native_names,
            self.countries,
            self.identifiers,
            self.programme,
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@dataclass
class ParsedList:
    entries: list[ParsedEntry]
    published_on: date | None = None
    source: str = ""
    licence: str = ""


def country_code(value: str | None) -> str:
    """ISO 3166 alpha-2 code of a country given by code or name (French or English)."""
    if not value or not value.strip():
        return ""
    value = value.strip()
    code = countrynames.to_code(value) or countrynames.to_code(value, fuzzy=True)
    return code or ""


def check_unique(entries: Iterable[ParsedEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.entry_id in seen:
            raise ListFileError("this identifier appears twice", entry=entry.entry_id, field="id")
        seen.add(entry.entry_id)


def required(value: str | None, *, entry: str, field: str) -> str:
    if value is None or not str(value).strip():
        raise ListFileError("missing or empty", entry=entry, field=field)
    return str(value).strip()


def _readers() -> dict[str, Callable[[BinaryIO], ParsedList]]:
    from screening.loaders import csvlist, eu_fsf, ftm, tresor, un

    return {
        "tresor": tresor.read,
        "eu-fsf": eu_fsf.read,
        "un": un.read,
        "ftm": ftm.read,
        "csv": csvlist.read,
    }


READERS = ("tresor", "eu-fsf", "un", "ftm", "csv")


def read_list(stream: BinaryIO, fmt: str) -> ParsedList:
    """Parse a whole file; raise ListFileError (nothing read) when any entry is malformed."""
    readers = _readers()
    if fmt not in readers:
        raise ListFileError(f"unknown format {fmt!r}")
    parsed = readers[fmt](stream)
    parsed.entries = [e.tidy() for e in parsed.entries]
    for entry in parsed.entries:
        if not entry.name:
            raise ListFileError("missing or empty", entry=entry.entry_id, field="name")
    check_unique(parsed.entries)
    return parsed
