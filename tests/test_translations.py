"""The French catalogue is complete, reviewed, and compiled.

French is the interface's first language and the msgids are English, so an untranslated or fuzzy
entry shows English to a French officer. These tests read the .po and the compiled .mo directly:
no database, no Django request.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE_RE = re.compile(r"\\(.)")
_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sdifr]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def _unquote(token: str) -> str:
    assert token.startswith('"') and token.endswith('"'), token
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), token[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: comments, flags, msgctxt, msgid(_plural), msgstr(/[n]).

    Obsolete entries (``#~``) are skipped; they are not compiled.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field continuation lines extend
    pending_flags: set[str] = set()
    pending_line = 0

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                target = None
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            if line.startswith("#,"):
                pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            pending_line = pending_line or number
            target = None
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}: stray string"
            value = _unquote(line)
            name, index = target
            if name == "msgstr":
                assert index is not None
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        match = _KEYWORD_RE.match(line)
        assert match, f"{path}:{number}: cannot parse {raw!r}"
        keyword, index_text, token = match.group(1), match.group(2), match.group(3)
        value = _unquote(token)
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            finish()
            current = Entry(line=pending_line or number, flags=pending_flags)
            pending_flags, pending_line = set(), 0
        assert current is not None, f"{path}:{number}: {keyword} outside an entry"
        if keyword.startswith("msgstr"):
            slot = int(index_text) if index_text is not None else 0
            current.msgstr[slot] = value
            target = ("msgstr", slot)
        else:
            setattr(current, keyword, value)
            target = (keyword, None)
    finish()
    return entries


ENTRIES = parse_po(PO_PATH)
MESSAGES = [entry for entry in ENTRIES if entry.msgid]  # the header has an empty msgid


def test_catalogue_parses_and_is_not_empty() -> None:
    assert MESSAGES, f"no messages read from {PO_PATH}"
    header = next((entry for entry in ENTRIES if not entry.msgid), None)
    assert header is not None, "the .po has no header entry"
    assert "Language: fr\n" in header.msgstr.get(0, ""), "the header must declare Language: fr"


def test_every_entry_is_translated_and_reviewed() -> None:
    empty = [
        entry.label
        for entry in MESSAGES
        if not entry.msgstr or any(not text for text in entry.msgstr.values())
    ]
    fuzzy = [entry.label for entry in ENTRIES if "fuzzy" in entry.flags]
    problems = []
    if empty:
        problems.append(f"{len(empty)} untranslated:\n  " + "\n  ".join(empty))
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy:\n  " + "\n  ".join(fuzzy))
    assert not problems, f"{PO_PATH}\n" + "\n".join(problems)


def test_placeholders_are_kept() -> None:
    wrong = []
    for entry in MESSAGES:
        if "python-format" not in entry.flags:
            continue
        expected = set(_PLACEHOLDER_RE.findall(entry.msgid))
        if entry.msgid_plural is not None:
            expected |= set(_PLACEHOLDER_RE.findall(entry.msgid_plural))
        for index, text in entry.msgstr.items():
            if text and set(_PLACEHOLDER_RE.findall(text)) != expected:
                wrong.append(f"{entry.label} msgstr[{index}]: {text!r}")
    assert not wrong, "placeholders differ from the msgid:\n  " + "\n  ".join(wrong)


def _plural_sample(translations: gettext.GNUTranslations, index: int) -> int:
    """A count n for which the catalogue's plural rule selects form ``index``."""
    for n in (*range(0, 201), 1_000_000, 2_000_000):
        if translations.plural(n) == index:  # type: ignore[attr-defined]
            return n
    pytest.fail(f"no count selects plural form {index} in {MO_PATH}")


def test_compiled_catalogue_matches_the_po() -> None:
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run `manage.py compilemessages --ignore=.venv`"
    with MO_PATH.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    stale = []
    for entry in MESSAGES:
        for index, expected in entry.msgstr.items():
            if entry.msgid_plural is None:
                if entry.msgctxt is None:
                    actual = translations.gettext(entry.msgid)
                else:
                    actual = translations.pgettext(entry.msgctxt, entry.msgid)
            else:
                n = _plural_sample(translations, index)
                if entry.msgctxt is None:
                    actual = translations.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    actual = translations.npgettext(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, n
                    )
            if actual != expected:
                stale.append(f"{entry.label} msgstr[{index}]: .mo has {actual!r}")
    assert not stale, (
        f"{MO_PATH} is stale; run `manage.py compilemessages --ignore=.venv`:\n  "
        + "\n  ".join(stale)
    )


# Wording other tests and the documentation rely on.
GLOSSARY = {
    "Dashboard": "Tableau de bord",
    "Manager": "Responsable",
    "International-relations officer": "Chargé·e des relations internationales",
    "Viewer (read only)": "Lecteur, en lecture seule",
    "This person is already a member.": "Cette personne est déjà membre.",
    "You are not a member of that municipality.": "Vous n'êtes pas membre de cette commune.",
    "You are now working for %(name)s.": "Vous travaillez maintenant pour %(name)s.",
    "Sign-in temporarily blocked": "Connexion temporairement bloquée",
    "Invite": "Inviter",
    "Invite a member": "Inviter un membre",
    "A municipality keeps at least one manager: name another manager first.": (
        "Une commune garde au moins un responsable : nommez d'abord un autre responsable."
    ),
}


@pytest.mark.parametrize(("msgid", "msgstr"), GLOSSARY.items(), ids=list(GLOSSARY))
def test_glossary(msgid: str, msgstr: str) -> None:
    by_id = {entry.msgid: entry for entry in MESSAGES if entry.msgctxt is None}
    assert msgid in by_id, f"{msgid!r} is no longer in the catalogue: update the glossary"
    assert by_id[msgid].msgstr.get(0) == msgstr


def test_sign_in_error_says_the_credentials_do_not_match() -> None:
    entries = [entry for entry in MESSAGES if entry.msgid.startswith("This e-mail address and")]
    assert entries, "the sign-in error message is not in the catalogue"
    assert all("ne correspondent pas" in entry.msgstr.get(0, "") for entry in entries)
