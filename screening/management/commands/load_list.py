"""Load or reload a sanctions list file (counts of added, changed, removed entries)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening.actions import load_list
from screening.loaders import READERS, ListFileError


class Command(BaseCommand):
    help = "Load a sanctions list, or reload it by applying the differences; prints the counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", required=True, choices=READERS, dest="fmt")
        parser.add_argument("--name", help="the list's name (default: the format)")

    def handle(self, *args: Any, path: Path, fmt: str, name: str | None, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as stream:
                result = load_list(stream, fmt, name or fmt)
        except ListFileError as error:
            raise CommandError(f"{path}: refused, nothing loaded: {error}") from error
        self.stdout.write(
            f"added {result.added}, changed {result.changed}, removed {result.removed}, "
            f"unchanged {result.unchanged}"
        )
