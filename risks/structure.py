"""The questions, choices and controls of a questionnaire version, read once per process.

A published version never changes (the admin refuses edits), so its structure is cached in
memory: answering a question then costs no query for the questionnaire itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db.models import Prefetch

from risks.models import Choice, Control, Question, Questionnaire


@dataclass(frozen=True)
class Structure:
    questionnaire: Questionnaire
    questions: tuple[Question, ...]
    controls: tuple[Control, ...]
    by_id: dict[int, Question] = field(default_factory=dict)
    by_key: dict[str, Question] = field(default_factory=dict)
    controls_by_key: dict[str, Control] = field(default_factory=dict)

    def questions_of(self, category: str) -> list[Question]:
        return [q for q in self.questions if q.category == category]

    def controls_of(self, category: str) -> list[Control]:
        return [c for c in self.controls if c.category == category]

    def controls_contradicted_by(self, question: Question) -> list[Control]:
        """The controls an answer to `question` can deny (see Control.contradicted_by)."""
        return [c for c in self.controls if c.contradicted_by_id == question.pk]

    def choice_points(self, question: Question) -> set[int]:
        return {c.points for c in question.choices.all()}


_cache: dict[int, Structure] = {}
_lock = threading.Lock()


def structure_of(questionnaire_id: int) -> Structure:
    cached = _cache.get(questionnaire_id)
    if cached is not None:
        return cached
    questionnaire = Questionnaire.objects.get(pk=questionnaire_id)
    questions = tuple(
        Question.objects.filter(questionnaire=questionnaire)
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("points")))
        .order_by("category", "order")
    )
    controls = tuple(
        Control.objects.filter(questionnaire=questionnaire).order_by("category", "order")
    )
    built = Structure(
        questionnaire,
        questions,
        controls,
        by_id={q.pk: q for q in questions},
        by_key={q.key: q for q in questions},
        controls_by_key={c.key: c for c in controls},
    )
    if questionnaire.is_published:
        with _lock:
            _cache[questionnaire_id] = built
    return built
