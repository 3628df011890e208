"""``manage.py score``: the scoring method, reproducible outside the app (DESIGN §3).

Reads a JSON document on standard input, writes the result as JSON on standard output. Invalid
input writes one line ``error: <message>`` on standard error and exits with status 2. No database
access: it calls the same pure functions as the app (:mod:`risks.scoring`).
"""

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from risks.scoring import ScoringInputError, parse_document, score_input

#: Exit status for unreadable or invalid input (as argparse uses for bad usage).
EXIT_INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Score a diagnostic given as JSON on standard input and write the result as JSON on "
        "standard output (see docs/scoring.md). Exits with status 2 on invalid input."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--explain",
            action="store_true",
            help="also write each category's working (raw fractions, modifiers, contributions)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # Bytes when possible: json detects UTF-8/16/32 whatever the locale says.
            document = json.loads(getattr(sys.stdin, "buffer", sys.stdin).read())
            result = score_input(parse_document(document))
        except ScoringInputError as exc:
            self._fail(str(exc))
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError…
            self._fail(f"invalid JSON: {exc}")
        output = result.explain_dict() if options["explain"] else result.as_dict()
        self.stdout.write(json.dumps(output, indent=2, sort_keys=True))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write("error: " + " ".join(message.split()))
        sys.exit(EXIT_INVALID_INPUT)
