"""Load a questionnaire version from its JSON file (format of risks/questionnaire/v1.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaire"
DEFAULT_FILE = QUESTIONNAIRE_DIR / "v1.json"
V2_FILE = QUESTIONNAIRE_DIR / "v2.json"
#: Every version the project ships, oldest first (data migrations load them in this order).
SHIPPED_FILES = (DEFAULT_FILE, V2_FILE)


def load_questionnaire(
    document: dict[str, Any], models: dict[str, Any], *, publish: bool = True
) -> Any:
    """Create the version described by `document`, unless that version number already exists.

    `models` maps "Questionnaire", "Question", "Choice", "Control" to model classes, so that a
    data migration can pass its historical models.
    """
    questionnaire_model = models["Questionnaire"]
    existing = questionnaire_model.objects.filter(version=document["version"]).first()
    if existing is not None:
        return existing
    questionnaire = questionnaire_model.objects.create(
        version=document["version"],
        title_fr=document["title"]["fr"],
        title_en=document["title"].get("en", ""),
        published_at=timezone.now() if publish else None,
        **_known(questionnaire_model, method=document.get("method", 1)),
    )
    for category in document["categories"]:
        by_key: dict[str, Any] = {}
        for order, item in enumerate(category["questions"], start=1):
            depends = item.get("depends_on")
            question = models["Question"].objects.create(
                questionnaire=questionnaire,
                category=category["code"],
                key=item["key"],
                order=order,
                axis=item["axis"],
                weight=item["weight"],
                text_fr=item["text"]["fr"],
                text_en=item["text"].get("en", ""),
                help_fr=item.get("help", {}).get("fr", ""),
                help_en=item.get("help", {}).get("en", ""),
                source=item.get("source", ""),
                unknown_points=item.get("unknown_points", 3),
                allow_na=item.get("allow_na", False),
                depends_on=by_key[depends["question"]] if depends else None,
                depends_min_points=depends["points_at_least"] if depends else None,
                **_known(
                    models["Question"],
                    red_line_at=item.get("red_line_at"),
                    profile=item.get("profile", False),
                    register_fact=item.get("register_fact", ""),
                ),
            )
            by_key[item["key"]] = question
            models["Choice"].objects.bulk_create(
                models["Choice"](
                    question=question,
                    points=choice["points"],
                    label_fr=choice["label"]["fr"],
                    label_en=choice["label"].get("en", ""),
                )
                for choice in item["choices"]
            )
        for order, item in enumerate(category.get("controls", []), start=1):
            contradicted = item.get("contradicted_by")
            extra = (
                _known(
                    models["Control"],
                    contradicted_by=by_key[contradicted["question"]],
                    contradicted_at=contradicted["points_at_least"],
                )
                if contradicted
                else {}
            )
            models["Control"].objects.create(
                **extra,
                questionnaire=questionnaire,
                category=category["code"],
                key=item["key"],
                order=order,
                axis=item["axis"],
                label_fr=item["label"]["fr"],
                label_en=item["label"].get("en", ""),
                help_fr=item.get("help", {}).get("fr", ""),
                help_en=item.get("help", {}).get("en", ""),
            )
    return questionnaire


def _known(model: Any, **values: Any) -> dict[str, Any]:
    """The values of fields `model` has: a data migration's historical model may predate them."""
    names = {f.name for f in model._meta.get_fields()}
    return {name: value for name, value in values.items() if name in names}


def read_document(path: Path = DEFAULT_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def copy_questionnaire(source: Any) -> Any:
    """A new unpublished version holding a copy of `source`'s questions, choices and controls."""
    from django.db import transaction
    from django.db.models import Max

    from risks.models import Choice, Control, Questionnaire

    with transaction.atomic():
        version = (Questionnaire.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        copy = Questionnaire.objects.create(
            version=version,
            title_fr=source.title_fr,
            title_en=source.title_en,
            method=source.method,
        )
        mapping: dict[int, Any] = {}
        for question in source.questions.order_by("category", "order"):
            old_pk = question.pk
            choices = list(question.choices.all())
            question.pk = None
            question.questionnaire = copy
            question.depends_on = mapping.get(question.depends_on_id or 0)
            question.save()
            mapping[old_pk] = question
            Choice.objects.bulk_create(
                Choice(question=question, points=c.points, label_fr=c.label_fr, label_en=c.label_en)
                for c in choices
            )
        for control in Control.objects.filter(questionnaire=source):
            control.pk = None
            control.questionnaire = copy
            control.contradicted_by = mapping.get(control.contradicted_by_id or 0)
            control.save()
    return copy
