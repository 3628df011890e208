"""Screen one name against every loaded list, saving nothing: the matcher the app uses."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from screening.screen import screen, subject


class Command(BaseCommand):
    help = "Screen a name (and its aliases) against every loaded sanctions list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--alias", action="append", default=[], dest="aliases")
        parser.add_argument("--country", action="append", default=[], dest="countries")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args: Any, **options: Any) -> None:
        found = screen(
            [subject(options["name"], options["aliases"], countries=options["countries"])]
        )
        self.stdout.write(
            json.dumps({"hits": [f.as_json() for f in found]}, ensure_ascii=False, indent=2)
        )
