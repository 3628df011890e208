"""How far a diagnostic is: per category and overall, the next question left, and what is
still missing before it can be submitted.

Read from the stored result (`Assessment.result`) and the cached questionnaire structure: no
query, so the htmx answer response can send it again after every answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from risks import scoring
from risks.models import Assessment, Category, Question
from risks.presenters import SHORT_NAMES
from risks.structure import structure_of


@dataclass
class Section:
    code: str
    label: str
    done: int  # answered, "I don't know" and "Not applicable" included
    total: int
    complete: bool
    missing_axes: list[str] = field(default_factory=list)  # axis codes without an answer


@dataclass
class Progress:
    sections: list[Section]
    next_question: Question | None

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def missing(self) -> list[str]:
        """What keeps the diagnostic from being submitted, in words."""
        return [
            str(MISSING[axis]) % {"category": section.label}
            for section in self.sections
            if not section.complete
            for axis in section.missing_axes
        ]


# A category is complete with at least one answer on each axis (see risks/scoring.py).
MISSING = {
    "likelihood": gettext_lazy("%(category)s: answer at least one likelihood question"),
    "impact": gettext_lazy("%(category)s: answer at least one impact question"),
}


def progress(assessment: Assessment) -> Progress:
    structure = structure_of(assessment.questionnaire_id)
    results: dict[str, Any] = assessment.result.get("categories", {})
    sections = []
    next_question = None
    for code in scoring.CATEGORIES:
        data = results.get(code, {})
        answers = {c["key"]: c["answer"] for c in data.get("contributions", [])}
        unanswered = [
            q for q in structure.questions_of(code) if q.key in answers and answers[q.key] is None
        ]
        if next_question is None and unanswered:
            next_question = unanswered[0]
        axes = data.get("axes", {})
        total = int(data.get("total", 0))
        sections.append(
            Section(
                code,
                str(SHORT_NAMES.get(code, Category(code).label)),
                total - int(data.get("unanswered", 0)),
                total,
                bool(data.get("complete")),
                [axis for axis in scoring.AXES if axes.get(axis, {}).get("raw") is None],
            )
        )
    return Progress(sections, next_question)
