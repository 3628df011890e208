"""Load a questionnaire version from a JSON file (the format of risks/questionnaire/v1.json)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from risks.loading import load_questionnaire
from risks.models import Choice, Control, Question, Questionnaire


class Command(BaseCommand):
    help = "Load a questionnaire version from JSON; unpublished unless --publish."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args: Any, path: Path, publish: bool, **options: Any) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        if Questionnaire.objects.filter(version=document.get("version")).exists():
            raise CommandError(f"version {document.get('version')} already exists")
        models = {
            "Questionnaire": Questionnaire,
            "Question": Question,
            "Choice": Choice,
            "Control": Control,
        }
        try:
            with transaction.atomic():
                questionnaire = load_questionnaire(document, models, publish=publish)
        except (KeyError, TypeError) as error:
            raise CommandError(f"{path}: missing or malformed field {error}") from error
        self.stdout.write(f"Loaded questionnaire version {questionnaire.version}.")
