"""Text normalisation for search and duplicate detection (pure functions, no database).

The same normalised form is stored on each row and applied to the query, so that search is
accent- and case-insensitive on every database ("Kyiv" finds "Kyïv", "sao paulo" finds
"São Paulo") with a plain `icontains`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

# Letters that NFKD does not decompose into a base letter and a combining mark.
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"}  # noqa: RUF001
)
_NON_ALNUM = re.compile(r"[\W_]+")
SEPARATOR = "|"


def normalise(text: str) -> str:
    """Lower-case, strip accents, and reduce every run of punctuation or space to one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.translate(_SPECIAL)).strip()


def search_text(parts: Iterable[str]) -> str:
    """Join the normalised parts with a separator a normalised query never contains."""
    return SEPARATOR.join(n for n in (normalise(p) for p in parts) if n)


def split_aliases(raw: str) -> list[str]:
    """Aliases are typed one per line (or separated by '|' in imported files)."""
    seen: list[str] = []
    for alias in re.split(r"[\n|]", raw):
        alias = alias.strip()
        if alias and alias not in seen:
            seen.append(alias)
    return seen


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0 to 1, once normalised (word order matters little)."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    direct = SequenceMatcher(None, na, nb).ratio()
    sorted_a, sorted_b = " ".join(sorted(na.split())), " ".join(sorted(nb.split()))
    return max(direct, SequenceMatcher(None, sorted_a, sorted_b).ratio())
