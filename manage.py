#!/usr/bin/env python
"""Django's command-line utility for CityDiplo."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["score"]:
        # A pure computation that councils and the ministry run to reproduce a decision: it needs
        # neither settings nor a database, so it runs before Django starts and with no
        # environment variable at all (the production settings rightly refuse to start without
        # a secret key).
        from risks.score_cli import main as score

        sys.exit(score(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
