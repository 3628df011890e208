"""``manage.py score``: the scoring methods, reproducible outside the app (DESIGN §3).

Reads a JSON document on standard input, writes the result as JSON on standard output. Invalid
input writes one line ``error: <message>`` on standard error, nothing on standard output, and
exits with status 2.

This module imports no Django: ``manage.py`` runs it before any settings load, so that the
computation needs no environment variable (no secret key, no database), and the Django command
``risks/management/commands/score.py`` calls the same :func:`run` for ``call_command``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, Protocol

from risks.scoring import ScoringInputError, parse_document, score_input

#: Exit status for unreadable or invalid input (as argparse uses for bad usage).
EXIT_INVALID_INPUT = 2

DESCRIPTION = (
    "Score a diagnostic given as JSON on standard input and write the result as JSON on "
    "standard output (see docs/scoring.md). Exits with status 2 on invalid input."
)
EXPLAIN_HELP = "also write each category's working (raw fractions, modifiers, contributions)"


class Writer(Protocol):
    """Where output goes: a text stream, or a Django command's stdout / stderr wrapper."""

    def write(self, text: str, /) -> object: ...


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object that names a key twice is ambiguous: refuse it rather than keep one."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ScoringInputError(f"invalid JSON: duplicate key {json.dumps(key)}")
        obj[key] = value
    return obj


def _no_constant(name: str) -> Any:
    raise ScoringInputError(f"invalid JSON: {name} is not a JSON number")


def load(data: bytes | str) -> object:
    """Decode a JSON document (UTF-8, -16 or -32 detected from the bytes)."""
    try:
        return json.loads(data, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except ScoringInputError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError…
        raise ScoringInputError(f"invalid JSON: {exc}") from exc


def render(data: bytes | str, *, explain: bool = False) -> str:
    """The JSON output for a JSON input; raises :class:`ScoringInputError` on invalid input."""
    result = score_input(parse_document(load(data)))
    output = result.explain_dict() if explain else result.as_dict()
    return json.dumps(output, indent=2, sort_keys=True)


def error_line(message: str) -> str:
    """The one line written on standard error: whatever the message, it stays one line."""
    return "error: " + " ".join(message.split())


def run(data: bytes | str, stdout: Writer, stderr: Writer, *, explain: bool = False) -> int:
    """Score ``data``, write the output or the error line, and return the exit status."""
    try:
        output = render(data, explain=explain)
    except ScoringInputError as exc:
        stderr.write(error_line(str(exc)) + "\n")
        return EXIT_INVALID_INPUT
    stdout.write(output + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``manage.py score`` (arguments after ``score``)."""
    parser = argparse.ArgumentParser(prog="manage.py score", description=DESCRIPTION)
    parser.add_argument("--explain", action="store_true", help=EXPLAIN_HELP)
    options = parser.parse_args(argv)
    # Bytes when possible: json detects UTF-8/16/32 whatever the locale says.
    data = getattr(sys.stdin, "buffer", sys.stdin).read()
    return run(data, sys.stdout, sys.stderr, explain=options.explain)
