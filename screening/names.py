"""Name normalisation shared by screening and by anything else that compares foreign names.

One module, no database: it turns raw names into rigour `Name` objects (case, accents,
punctuation, honorifics, legal forms such as OOO / LLC / AO (Cyrillic too) / Co., Ltd. / SA
rewritten to one
compare form, tagged name parts) after transliterating scripts rigour keeps as they are
(Arabic, Persian, Chinese, Korean…) with ICU. The same forms feed the candidate index
(`index_keys`) and the comparison (`screening.matching`), so a name the index finds is
always compared in the form it was found in. Another feature that needs to decide whether
two names designate the same foreign body (e.g. partners of different municipalities)
should call `analyse` and `screening.matching.compare_names` rather than its own rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

import countrynames
from rigour.names import Name, NamePartTag, NameTypeTag, analyze_names
from rigour.text import ascii_text, remove_bracketed_text
from rigour.text.scripts import is_modern_alphabet, text_scripts

__all__ = [
    "Kind",
    "analyse",
    "in_latin_script",
    "index_keys",
    "is_country_word",
    "latin_forms",
    "type_tag",
]


class Kind(StrEnum):
    """What a name designates; list entries and screened names both have one."""

    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    UNKNOWN = "unknown"


_TAGS = {
    Kind.PERSON: NameTypeTag.PER,
    Kind.ORGANISATION: NameTypeTag.ORG,
    Kind.VESSEL: NameTypeTag.OBJ,
    Kind.UNKNOWN: NameTypeTag.ENT,
}

# Parts that say nothing about who is meant: never index keys on their own.
_WEAK_TAGS = {NamePartTag.LEGAL, NamePartTag.STOP, NamePartTag.NUM}
MIN_KEY_LENGTH = 2


def type_tag(kind: str) -> NameTypeTag:
    """rigour's name type for a kind; an unknown kind is compared as any legal entity."""
    try:
        return _TAGS[Kind(kind)]
    except ValueError:
        return NameTypeTag.ENT


def in_latin_script(text: str) -> bool:
    """True when the name is written in Latin letters only (else it is a native-script name)."""
    return text_scripts(text) <= {"Latin"}


def latin_forms(name: str) -> list[str]:
    """The name, plus its ICU transliteration when it is written in another script.

    rigour already compares Cyrillic through its own transliteration, but keeps Arabic,
    Persian and Chinese names in their script; the Latin form lets them meet the Latin
    spelling of the same name ("محمد حسن" → "mhmd hsn" ≈ "Mohammad Hassan" by phonetics).
    """
    name = " ".join(name.split())
    if not name:
        return []
    if is_modern_alphabet(name):  # Latin, Cyrillic, Greek…: rigour transliterates these
        return [name]
    latin = ascii_text(name)
    if text_scripts(name) == {"Han"} and len(name.replace(" ", "")) <= 4:
        # A Chinese person's name: ICU spells each syllable apart ("zhang wei ming"), the
        # usual romanisation joins the given name ("Zhang Weiming"), and a missing syllable
        # is a different person ("Zhang Wei").
        syllables = latin.split()
        latin = " ".join([syllables[0], "".join(syllables[1:])]) if syllables else latin
    return [name, latin] if latin and latin != name else [name]


@lru_cache(maxsize=4096)
def is_country_word(form: str) -> bool:
    """A name part that only names a country ("Korea", "Iran"): it says little about who."""
    return len(form) > 3 and countrynames.to_code(form) is not None


def _variants(name: str) -> list[str]:
    """The name, and without its bracketed qualifier ("Bank X (Tehran branch)" is "Bank X")."""
    bare = " ".join(remove_bracketed_text(name).split())
    return [name, bare] if bare and bare != name else [name]


# Big enough to keep the entries a whole re-screening keeps meeting (a few kB each).
@lru_cache(maxsize=16384)
def _analyse(names: tuple[str, ...], kind: str) -> tuple[Name, ...]:
    forms: list[str] = []
    for name in names:
        for variant in _variants(name):
            forms.extend(f for f in latin_forms(variant) if f not in forms)
    analysed = analyze_names(type_tag(kind), forms, consolidate=False)
    return tuple(sorted(analysed, key=lambda n: n.comparable))


def analyse(names: Iterable[str], kind: str) -> tuple[Name, ...]:
    """Tagged, normalised `Name`s for the names of one subject (cached: queries repeat)."""
    return _analyse(tuple(dict.fromkeys(n for n in names if n and n.strip())), kind)


def index_keys(names: Iterable[str], kind: str) -> set[str]:
    """Keys under which a subject is found: its distinctive tokens and their phonetic codes.

    A token is the compare form of a name part (transliterated, lower-case, no accents); its
    metaphone ("~" prefix) finds spelling variants (Mohammad / Muhammad, Poutine / Putin);
    the whole name without spaces finds split or merged tokens ("Xi Jinping" / "xi jin
    ping"). Legal forms, stop words and numbers are left out: they would bring every entry.
    """
    keys: set[str] = set()
    for name in analyse(names, kind):
        strong = [p for p in name.parts if p.tag not in _WEAK_TAGS]
        for part in strong:
            if len(part.comparable) >= MIN_KEY_LENGTH:
                keys.add(part.comparable[:64])
            if part.metaphone and len(part.metaphone) >= MIN_KEY_LENGTH:
                keys.add("~" + part.metaphone[:63])
        if len(strong) > 1:
            keys.add("".join(p.comparable for p in strong)[:64])
    return keys
