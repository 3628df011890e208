"""Names in the alphabetical order of the page's language (ICU's collation, PyICU).

A plain `sorted` compares code points: "Brunéi" before "Brésil" (é sorts after every ASCII
letter) and every "É…" or "Î…" after "Z". ICU's French and English collations compare letters
first, then accents, then case, as a dictionary does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import icu
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
