"""Turn a diagnostic's stored result into what the page, the fragments and the PDF show."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from citydiplo.bands import band_label
from risks import prefill, scoring
from risks.compute import applicable_questions
from risks.forms import AnswerForm, ControlForm
from risks.models import (
    Answer,
    AnswerOrigin,
    Assessment,
    Category,
    Control,
    ControlAnswer,
    Question,
)
from risks.structure import Structure, structure_of

CATEGORY_HELP = {
    "ip_capture": _(
        "Partnerships in strategic sectors with bodies steered by a non-democratic state can "
        "leak research, know-how, data or technology. This section looks at the field, the "
        "partner's owners and what would flow out."
    ),
    "disinformation": _(
        "A partnership can be used to spread propaganda, impersonate the city or discredit its "
        "solidarity actions. This section looks at the partner's state, the local context and "
        "the city's own defences."
    ),
    "imported_conflict": _(
        "A partnership can bring an international conflict into the territory, for example "
        "between diaspora communities. This section looks at the territory, the conflict and the "
        "text signed. A territory not recognised by France is a red line."
    ),
}

MODIFIER_LABELS = {
    "regime_closed_autocracy": _("partner's country is a closed autocracy"),
    "regime_electoral_autocracy": _("partner's country is an electoral autocracy"),
    "active_conflict": _("partner's country is in an active conflict"),
    "fimi_attributed": _(
        "partner's country is publicly attributed as a source of information manipulation"
    ),
    "strategic_sector_floor": _(
        "a strategic sector is concerned and know-how, technology or data flow to the partner "
        "(impact at least 4)"
    ),
}

FLAG_LABELS = {
    "tolerance": _("a residual score reaches the municipality's tolerance"),
    "inherent_critical": _(
        "a risk is critical before controls: controls do not take it off the ministry's desk"
    ),
    "red_line": _("an answer reaches a red line"),
    "foreign_state_convention": _(
        "a convention, charter or memorandum with a foreign State itself (CGCT L1115-5)"
    ),
    "sanctions_confirmed": _("a confirmed sanctions match"),
    "territory_not_recognised": _("the partner is in a territory not recognised by France"),
    "opinion_requested": _("an officer asked for the ministry's opinion"),
}

#: Compact names for the heat map's cells, with the full names given in its legend.
CELL_NAMES = {
    "ip_capture": _("IP"),
    "disinformation": _("Disinfo"),
    "imported_conflict": _("Conflict"),
}

SHORT_NAMES = {
    "ip_capture": _("IP capture"),
    "disinformation": _("Disinformation"),
    "imported_conflict": _("Imported conflict"),
}


@dataclass
class QuestionRow:
    question: Question
    form: AnswerForm
    answer: Answer | None
    conflict: bool = False
    applicable: bool = True  # a dependent question is hidden until its parent's answer asks
    origin: str = ""  # where a prefilled answer came from, in words
    register_says: str = ""  # what the register says, when the answer disagrees with it


@dataclass
class ControlRow:
    control: Control
    in_place: bool  # counted: lowers its axis (ticked, and justified under method 2)
    state: ControlAnswer | None = None
    form: ControlForm | None = None
    conflict: bool = False

    @property
    def ticked(self) -> bool:
        return bool(self.state and self.state.in_place)

    @property
    def awaiting_justification(self) -> bool:
        """Ticked but not counted: the officer still has to write why."""
        return self.ticked and not self.in_place


@dataclass
class CategoryView:
    code: str
    label: str
    short: str
    help: str
    result: dict[str, Any]
    questions: list[QuestionRow] = field(default_factory=list)
    controls: list[ControlRow] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)

    @property
    def band_label(self) -> str:
        return band_label(self.result.get("band"))

    @property
    def residual_band_label(self) -> str:
        return band_label(self.result.get("residual_band"))


def modifier_texts(category_result: dict[str, Any]) -> list[str]:
    """The context that moved an axis ("Regime: 3 → 4"); one that moved nothing is left out."""
    texts = []
    for axis_name in scoring.AXES:
        for modifier in category_result.get("axes", {}).get(axis_name, {}).get("modifiers", []):
            if modifier.get("before") == modifier.get("after"):
                continue
            reason = str(modifier.get("reason", ""))
            code = reason.split(" ")[0]
            label = MODIFIER_LABELS.get(code, code)
            texts.append(
                _("%(label)s: %(before)s → %(after)s")
                % {"label": label, "before": modifier.get("before"), "after": modifier.get("after")}
            )
    return texts


def category_view(
    code: str,
    assessment: Assessment,
    structure: Structure,
    answers: dict[int, Answer],
    *,
    forms: dict[int, AnswerForm] | None = None,
    conflicts: set[int] | None = None,
    states: dict[int, ControlAnswer] | None = None,
    control_forms: dict[str, ControlForm] | None = None,
    control_conflicts: set[str] | None = None,
    only: Collection[int] | None = None,
) -> CategoryView:
    """A category of the diagnostic page: its result and, with their forms, its questions and
    controls. With `only` (question ids), just those questions' rows and no controls: what an
    answer's response swaps (each form costs, and a category holds a dozen questions)."""
    result = assessment.result.get("categories", {}).get(code, {})
    view = CategoryView(
        code=code,
        label=str(Category(code).label),
        short=str(SHORT_NAMES[code]),
        help=str(CATEGORY_HELP[code]),
        result=result,
        modifiers=modifier_texts(result),
    )
    shown = {q.pk for q in applicable_questions(structure.questions, answers)}
    for question in structure.questions_of(code):
        if only is not None and question.pk not in only:
            continue
        answer = answers.get(question.pk)
        form = (forms or {}).get(question.pk) or AnswerForm(question=question, answer=answer)
        row = QuestionRow(
            question,
            form,
            answer,
            conflict=question.pk in (conflicts or set()),
            applicable=question.pk in shown,
        )
        _explain_origin(row, assessment)
        view.questions.append(row)
    in_place = set(assessment.controls_in_place)
    for control in structure.controls_of(code) if only is None else ():
        state = (states or {}).get(control.pk)
        control_form = (control_forms or {}).get(control.key) or ControlForm(
            control=control, state=state
        )
        view.controls.append(
            ControlRow(
                control,
                control.key in in_place,
                state,
                control_form,
                conflict=control.key in (control_conflicts or set()),
            )
        )
    return view


def _explain_origin(row: QuestionRow, assessment: Assessment) -> None:
    """Say where a prefilled answer came from, and where the register disagrees with one."""
    answer, question = row.answer, row.question
    hint = prefill.suggestion(question, assessment.partnership) if question.register_fact else None
    if answer is not None and answer.origin == AnswerOrigin.PROFILE:
        row.origin = str(_("From the municipality profile; you may adjust it for this diagnostic."))
    elif answer is not None and answer.origin == AnswerOrigin.REGISTER and hint is not None:
        row.origin = str(_("Prefilled from the register (%(reason)s).") % {"reason": hint.reason})
    elif answer is not None and hint is not None and answer.value != hint.points:
        row.register_says = str(
            _("The register says otherwise: %(reason)s. Check the register or this answer.")
            % {"reason": hint.reason}
        )


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    band: str
    entries: list[str]


def heat_map(assessment: Assessment) -> list[list[HeatCell]]:
    """Rows from impact 5 down to 1, columns likelihood 1 to 5; each cell names its entries."""
    categories = assessment.result.get("categories", {})
    inherent, residual = _("inh."), _("res.")
    rows: list[list[HeatCell]] = []
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            entries = []
            for code in scoring.CATEGORIES:
                data = categories.get(code, {})
                if data.get("score") is None:
                    continue  # no score yet (a draft's score is shown as soon as it exists)
                if (data["likelihood"], data["impact"]) == (likelihood, impact):
                    entries.append(f"{CELL_NAMES[code]} · {inherent}")
                if (data["residual_likelihood"], data["residual_impact"]) == (likelihood, impact):
                    entries.append(f"{CELL_NAMES[code]} · {residual}")
            row.append(HeatCell(likelihood, impact, scoring.band_for(likelihood * impact), entries))
        rows.append(row)
    return rows


def flag_texts(assessment: Assessment) -> list[str]:
    """Each flag reason in words; a red line names the questions that crossed it."""
    texts = []
    for code in assessment.flag_reasons:
        text = str(FLAG_LABELS.get(code, code))
        red_lines = assessment.result.get("red_lines") or []
        # A referral's frozen copy has no questionnaire row: it keeps the reason alone.
        if code == "red_line" and red_lines and assessment.questionnaire_id:
            questions = structure_of(assessment.questionnaire_id).by_key
            names = [questions[key].text for key in red_lines if key in questions]
            if names:
                text = _("%(reason)s: %(questions)s") % {
                    "reason": text,
                    "questions": " · ".join(names),
                }
        texts.append(text)
    return texts


@dataclass
class TrendRow:
    assessment: Assessment
    residuals: list[tuple[str, int | None, str]]  # (category short name, score, arrow)


def diagnostics_context(partnership: Any) -> dict[str, Any]:
    """What the partnership page shows of its diagnostics: the current rating's matrix, the
    diagnostic in progress, and the history with each category's residual trend (one query)."""
    assessments = list(
        partnership.assessments.select_related("approved_by", "questionnaire").order_by(
            "created_at"
        )
    )
    approved = [a for a in assessments if a.status == "approved"]
    current = approved[-1] if approved else None
    open_one = next((a for a in assessments if a.status != "approved"), None)
    trend: list[TrendRow] = []
    previous: dict[str, int | None] = {}
    for assessment in assessments:
        residuals = []
        for code in scoring.CATEGORIES:
            data = assessment.result.get("categories", {}).get(code, {})
            value = data.get("residual_score")
            before = previous.get(code)
            arrow = ""
            if value is not None and before is not None:
                arrow = "↑" if value > before else "↓" if value < before else "="
            residuals.append((str(SHORT_NAMES[code]), value, arrow))
            if assessment.status == "approved" and value is not None:
                previous[code] = value
        trend.append(TrendRow(assessment, residuals))
    return {
        "current_assessment": current,
        "open_assessment": open_one,
        "current_heat_rows": heat_map(current) if current else None,
        "current_flag_texts": flag_texts(current) if current else [],
        "diagnostic_trend": list(reversed(trend)),
        "category_names": [str(SHORT_NAMES[c]) for c in scoring.CATEGORIES],
    }
