"""``manage.py score`` as a Django command, for ``call_command`` and ``manage.py help``.

From the command line, ``manage.py`` hands ``score`` to :mod:`risks.score_cli` before any settings
load, so that the pure computation runs with no environment variable; this command calls the same
:func:`risks.score_cli.run`. No database access.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from risks import score_cli


class Command(BaseCommand):
    help = score_cli.DESCRIPTION
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    # call_command(..., stdin=io.StringIO(...)) feeds the document without touching sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--explain", action="store_true", help=score_cli.EXPLAIN_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        data = getattr(stdin, "buffer", stdin).read()
        status = score_cli.run(data, self.stdout, self.stderr, explain=options["explain"])
        if status:
            sys.exit(status)
