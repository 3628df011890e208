"""Names in the alphabetical order of the page's language (ICU's collation, PyICU).

A plain `sorted` compares code points: "Brunéi" before "Brésil" (é sorts after every ASCII
letter) and every "É…" or "Î…" after "Z". ICU's French and English collations compare letters
first, then accents, then case, as a dictionary does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import icu
from django.db import connection
from django.db.models import F, OrderBy
from django.db.models.functions import Collate
from django.utils import translation


@functools.cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(language: str | None = None) -> Callable[[str], bytes]:
    """A key function for names in `language` (the active one by default)."""
    code = (language or translation.get_language() or "fr").split("-")[0]
    collator = _collator(code)
    return lambda text: bytes(collator.getSortKey(text))


def sorted_by_name[T](
    items: Iterable[T], name: Callable[[T], str], language: str | None = None
) -> list[T]:
    """`items` sorted by `name(item)` in the language's alphabetical order."""
    key = sort_key(language)
    return sorted(items, key=lambda item: key(name(item)))


#: PostgreSQL's ICU collation for French (shipped with every ICU-enabled PostgreSQL).
DATABASE_COLLATION = "fr-x-icu"


def database_order(field: str, *, descending: bool = False) -> OrderBy:
    """ORDER BY `field` in French alphabetical order where the database sorts: ICU's collation
    on PostgreSQL (the databases are created with the byte order "C"); SQLite, the demo
    database, has no ICU and compares code points."""
    expression: F | Collate = F(field)
    if connection.vendor == "postgresql":
        expression = Collate(expression, DATABASE_COLLATION)
    return expression.desc() if descending else expression.asc()
