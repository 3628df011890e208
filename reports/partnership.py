"""The partnership report: one diagnostic, in two editions.

- the council edition can be handed out (to the council, and through it to the public): facts,
  scores, rating, decisions, the method in words; nothing that judges a foreign State;
- the internal annex stays in the town hall: every answer with its justification, the country
  context that raised a score, the ministry's reasons and advisories.

Everything is read here (a handful of queries), the template only lays it out; the PDF is then
rendered in a bounded child process (reports/pdf.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from citydiplo import french
from guidance.checklist import rows_for as checklist_rows
from partners.models import Partnership
from reports import pdf
from reports.decisions import decision_log
from reports.presenters import band_word, cover_context
from reports.referrals import ministry_opinion_for
from reports.screening import screening_results_for
from risks import presenters, scoring
from risks.models import Answer, Assessment, AssessmentQuerySet, AssessmentStatus, Question, Special
from risks.structure import structure_of


def report_queryset() -> AssessmentQuerySet:
    return Assessment.objects.select_related(
        "partnership__partner__country",
        "partnership__owner",
        "municipality",
        "questionnaire",
        "created_by",
        "submitted_by",
        "approved_by",
    )


COUNCIL = "council"
INTERNAL = "internal"
EDITIONS = (COUNCIL, INTERNAL)


def latest_approved(partnership: Partnership) -> Assessment | None:
    return (
        report_queryset()
        .filter(partnership=partnership, status=AssessmentStatus.APPROVED)
        .order_by("-approved_at", "-pk")
        .first()
    )


@dataclass
class QuestionLine:
    text: str
    axis: str
    weight: int
    answer: str
    points: str
    paragraphs: list[str]  # the justification, whole, split on blank lines
    evidence: str


@dataclass
class CategorySection:
    code: str
    label: str
    result: dict[str, Any]
    band: str
    residual_band: str
    modifiers: list[str]
    questions: list[QuestionLine] = field(default_factory=list)
    controls_in_place: list[str] = field(default_factory=list)
    controls_missing: list[str] = field(default_factory=list)


def answer_text(question: Question, answer: Answer | None) -> tuple[str, str]:
    """The answer as words, and the points it counts for."""
    if answer is None:
        return _("not answered"), "—"
    if answer.special == Special.NOT_APPLICABLE:
        return str(Special.NOT_APPLICABLE.label), _("excluded")
    if answer.special == Special.UNKNOWN:
        return str(Special.UNKNOWN.label), f"{question.unknown_points}/4"
    labels = {c.points: c.label for c in question.choices.all()}
    return labels.get(answer.points or 0, str(answer.points)), f"{answer.points}/4"


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split on blank lines), nothing dropped but the blank lines."""
    return [part.strip("\n") for part in re.split(r"\n[ \t\r]*\n", text.strip()) if part.strip()]


def category_sections(assessment: Assessment) -> list[CategorySection]:
    structure = structure_of(assessment.questionnaire_id)
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    sections = []
    for code in scoring.CATEGORIES:
        view = presenters.category_view(code, assessment, structure, answers)
        section = CategorySection(
            code=code,
            label=view.label,
            result=view.result,
            band=band_word(view.result.get("band")),
            residual_band=band_word(view.result.get("residual_band")),
            modifiers=view.modifiers,
        )
        for row in view.questions:
            if not row.applicable:  # a follow-up question its parent's answer did not ask
                continue
            words, points = answer_text(row.question, row.answer)
            evidence = (
                (row.answer.evidence.name or "").rsplit("/", 1)[-1]
                if row.answer and row.answer.evidence
                else ""
            )
            section.questions.append(
                QuestionLine(
                    text=row.question.text,
                    axis=row.question.get_axis_display(),
                    weight=row.question.weight,
                    answer=words,
                    points=points,
                    paragraphs=paragraphs(row.answer.justification if row.answer else ""),
                    evidence=evidence,
                )
            )
        for control_row in view.controls:
            label = f"{control_row.control.label} ({control_row.control.get_axis_display()})"
            target = section.controls_in_place if control_row.in_place else section.controls_missing
            target.append(label)
        sections.append(section)
    return sections


def summary_rows(assessment: Assessment) -> list[dict[str, Any]]:
    rows = []
    for code in scoring.CATEGORIES:
        data = assessment.result.get("categories", {}).get(code, {})
        rows.append(
            {
                "short": str(presenters.SHORT_NAMES[code]),
                "complete": bool(data.get("complete")),
                "data": data,
                "band": band_word(data.get("band")),
                "residual_band": band_word(data.get("residual_band")),
            }
        )
    return rows


def context_for(
    assessment: Assessment, author: User | None, edition: str = COUNCIL
) -> dict[str, Any]:
    """Everything the template shows; call inside translation.override(language)."""
    partnership = assessment.partnership
    partner = partnership.partner
    title = _("Risk diagnostic of a partnership")
    return {
        **cover_context(assessment.municipality, title, partnership.title, author),
        "edition": edition,
        "internal": edition == INTERNAL,
        "assessment": assessment,
        "partnership": partnership,
        "partner": partner,
        "country": partner.country,
        "rating": band_word(assessment.rating),
        "flag_texts": presenters.flag_texts(assessment),
        "opinion": ministry_opinion_for(assessment),
        "screening": screening_results_for(partner),
        "summary_rows": summary_rows(assessment),
        "heat_rows": presenters.heat_map(assessment),
        "categories": category_sections(assessment),
        "decisions": decision_log(assessment),
        "checklist": checklist_rows(partnership),
        "is_approved": assessment.status == AssessmentStatus.APPROVED,
        "tolerance": assessment.result.get("tolerance", assessment.municipality.risk_tolerance),
    }


def render_html(
    assessment: Assessment, language: str, author: User | None, edition: str = COUNCIL
) -> str:
    with translation.override(language):
        html = render_to_string(
            "reports/partnership.html", context_for(assessment, author, edition)
        )
    return french.typography(html) if language == "fr" else html


def render_partnership_report(
    assessment: Assessment, language: str, author: User | None, edition: str = COUNCIL
) -> pdf.sandbox.Outcome:
    """The PDF of one diagnostic's `edition`, in `language`; RenderError when rendering fails."""
    html = render_html(assessment, language, author, edition)
    return pdf.html_to_pdf(html, pdf.PARTNERSHIP_LIMITS)


def filename_for(assessment: Assessment, language: str, edition: str = COUNCIL) -> str:
    with translation.override(language):
        word = _("internal annex") if edition == INTERNAL else _("report")
        stem = slugify(word) or "report"
    title = slugify(assessment.partnership.title)[:60] or str(assessment.partnership_id)
    day = timezone.localdate().isoformat()
    return f"{stem}-{title}-{day}-{language}.pdf"
