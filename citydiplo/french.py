"""French grammar and typography the interface applies to what it writes.

Two rules live here, each in one place:

- elision: "de" becomes "d'" and "le" / "la" become "l'" before a word that starts with a vowel
  sound ("d'Orléans", "l'Élysée", "d'Hérouville"), but not before an h aspiré ("de Hambourg") nor
  a y or "ou" sounding as a consonant ("de Yaoundé", "de Ouagadougou");
- typography: a non-breaking space before ; : ! ? and », after «, applied to the text of an HTML
  document (never to tags, attributes, scripts, styles, preformatted text, code or addresses).

No database, no request: plain functions, used by the template filters (citydiplo/templatetags/
french.py), by the middleware that finishes French pages and by the PDF reports.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation

APOSTROPHE = "'"
NBSP = "\u00a0"  # before the colon and inside guillemets
NNBSP = "\u202f"  # narrow, before ; ! ? (Imprimerie nationale's rule)

# Words (and names) whose initial h is aspirated: no elision before them. Most French words in h
# elide ("l'hôtel", "d'Hérouville"), so this list names the exceptions an officer may meet in a
# partner's or a place's name; add to it when one is met. Compared without accents, lower case.
H_ASPIRE = frozenset(
    {
        "haie",
        "hainaut",
        "hambourg",
        "hamburg",
        "hameau",
        "hanoi",
        "hanovre",
        "hall",
        "halle",
        "halles",
        "hangar",
        "handicap",
        "harlem",
        "hasard",
        "haut",
        "haute",
        "hautes",
        "hauts",
        "havre",
        "haye",
        "helsinki",
        "heros",
        "hesse",
        "hiroshima",
        "hollande",
        "hollywood",
        "honduras",
        "hong",
        "hongrie",
        "honte",
        "houston",
        "huit",
        "huitieme",
    }
)

_VOWELS = frozenset("aeiouy")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _plain(text: str) -> str:
    """Lower case without accents or ligatures: "Œuvre" → "oeuvre", "Île" → "ile"."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def elides(word: str) -> bool:
    """Whether "de" / "le" / "la" elide before `word` (its first word counts)."""
    match = _WORD_RE.search(word.strip()[:40]) if word else None
    if match is None or match.start() != 0:  # a digit, a quote, nothing: leave it be
        return False
    first = _plain(match.group())
    if not first:
        return False
    if first[0] == "h":
        return first not in H_ASPIRE and len(first) > 1
    if first[0] == "y":  # "Ypres" elides; "Yaoundé", "York" (y + vowel, a consonant) do not
        return len(first) > 1 and first[1] not in _VOWELS
    if first.startswith("ou") and len(first) > 2 and first[2] in _VOWELS:
        return False  # "Ouagadougou", "Ouessant": [w], a consonant
    return first[0] in _VOWELS


def de(name: object) -> str:
    """ "de Paris", "d'Orléans", "de Hambourg"."""
    text = str(name)
    return f"d{APOSTROPHE}{text}" if elides(text) else f"de {text}"


def le(word: object) -> str:
    """ "le Havre", "l'Élysée" (masculine article)."""
    text = str(word)
    return f"l{APOSTROPHE}{text}" if elides(text) else f"le {text}"


def la(word: object) -> str:
    """ "la Rochelle", "l'Agence" (feminine article)."""
    text = str(word)
    return f"l{APOSTROPHE}{text}" if elides(text) else f"la {text}"


def of(name: object) -> str:
    """ "of Orléans" in English, "d'Orléans" in French: for "Members of X" and the like.

    Messages that put a name after a preposition carry the preposition with the name
    (msgid "Members %(of_name)s"), so each language writes it its own way.
    """
    if (translation.get_language() or "").startswith("fr"):
        return de(name)
    return f"of {name}"


# --- Typography ---------------------------------------------------------------------------

# Elements whose content is never prose, or must be left exactly as typed.
_RAW_ELEMENTS = ("script", "style", "pre", "code", "textarea", "kbd", "samp")
# One capturing group around the whole token: `split` returns text, token, text, … in one pass.
_TOKEN_RE = re.compile(
    r"(<(?:!--.*?-->"  # a comment
    + "".join(rf"|{name}\b[^>]*>.*?</{name}\s*>" for name in _RAW_ELEMENTS)  # a raw element
    + r"|[^>]*>))",  # any other tag
    re.DOTALL | re.IGNORECASE,
)
# In text: character references ("&amp;", "&#39;") and addresses stay as they are.
_PROTECTED_RE = re.compile(r"&#?\w+;|\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+|\S+@\S+\.\w+", re.I)
_SPACES = "[ \u00a0\u202f\u2009]"
# A space (or none, after a letter, a digit or a closing sign) before ; ! ? — the sign ends a
# word: followed by a space, a closing sign or the end (so "?x=1" and "a;b" are left alone).
_BEFORE_HIGH_RE = re.compile(
    r"(?:(?<=[\w)\]»%*])" + _SPACES + r"*|" + _SPACES + r"+)([;!?]+)(?=[\s)\]»<\"'.,]|$)"
)
_BEFORE_COLON_RE = re.compile(r"(?:(?<=[\w)\]»%*])" + _SPACES + r"*|" + _SPACES + r"+)(:)(?=\s|$)")
_CLOSING_QUOTE_RE = re.compile(r"(?:(?<=\S)" + _SPACES + r"*|" + _SPACES + r"+)»")
_OPENING_QUOTE_RE = re.compile(r"«(?:" + _SPACES + r"+|(?=\S))")


_HIGH_SIGNS = frozenset(";!?")


def _fix_text(text: str) -> str:
    # Each rule runs only where its sign occurs: a rule's scan costs more than the test.
    if not _HIGH_SIGNS.isdisjoint(text):
        text = _BEFORE_HIGH_RE.sub(lambda m: NNBSP + m.group(1), text)
    if ":" in text:
        text = _BEFORE_COLON_RE.sub(NBSP + ":", text)
    if "»" in text:
        text = _CLOSING_QUOTE_RE.sub(NBSP + "»", text)
    if "«" in text:
        text = _OPENING_QUOTE_RE.sub("«" + NBSP, text)
    return text


# Most runs of text between two tags hold none of the signs: they are copied at once.
_SIGNS = frozenset(";:!?«»")


def _fix_prose(text: str) -> str:
    """The rules on one run of text, around character references and addresses."""
    if _SIGNS.isdisjoint(text):
        return text
    out, position = [], 0
    for protected in _PROTECTED_RE.finditer(text):
        out.append(_fix_text(text[position : protected.start()]))
        out.append(protected.group())
        position = protected.end()
    out.append(_fix_text(text[position:]))
    return "".join(out)


def typography(html: str) -> str:
    """French non-breaking spaces in the text nodes of `html` (a page, a fragment or plain text).

    "Avis : vigilance", "Pourquoi ?", "« Jumelage »": an ordinary space becomes non-breaking
    and a missing one is added, so the sign never starts a line. Tags, attribute values, raw
    elements (script, style, pre, code, textarea), comments, character references and
    addresses (http://…, e-mail) are copied untouched.
    """
    # The split runs in the regular expression engine; Python only rewrites the runs of text
    # (even indices) that hold one of the signs: a few among thousands of tags.
    parts = _TOKEN_RE.split(html)
    changed = False
    for index in range(0, len(parts), 2):
        if not _SIGNS.isdisjoint(parts[index]):
            parts[index], changed = _fix_prose(parts[index]), True
    return "".join(parts) if changed else html
