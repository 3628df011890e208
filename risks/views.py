"""The diagnostic page (htmx, works without JavaScript) and its lifecycle actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from citydiplo.access import Access, access, current_membership, get_owned
from citydiplo.http import AuthedRequest
from partners.models import Partnership
from risks import actions, prefill, presenters, profile, scoring
from risks.forms import AnswerForm, ControlForm, OpinionForm, ProfileForm, control_prefix
from risks.models import Answer, Assessment, AssessmentStatus, ControlAnswer, Questionnaire
from risks.progress import progress
from risks.structure import structure_of

ERRORS = {
    "not_draft": gettext_lazy(
        "This diagnostic is no longer a draft: it cannot be changed. Start a reassessment instead."
    ),
    "not_submitted": gettext_lazy(
        "Only a diagnostic submitted for approval can be approved or returned."
    ),
    "already_open": gettext_lazy("A diagnostic of this partnership is already in progress."),
    "no_questionnaire": gettext_lazy("No questionnaire is published yet: ask the platform staff."),
    "incomplete": gettext_lazy(
        "Every category needs at least one answer on each axis before submission."
    ),
    "na_not_allowed": gettext_lazy("“Not applicable” is not offered for this question."),
    "unknown_choice": gettext_lazy("Choose one of the proposed answers."),
    "wrong_questionnaire": gettext_lazy("This question belongs to another questionnaire version."),
    "justification_needs_answer": gettext_lazy("Answer the question before justifying it."),
    "already_current": gettext_lazy("This diagnostic already uses the current questionnaire."),
    "contradicts_control": gettext_lazy(
        "This answer contradicts a control marked in place in this section: untick the control "
        "first, or choose another answer."
    ),
    "contradicted_by_answer": gettext_lazy(
        "This control contradicts an answer given in this section: change the answer first, "
        "or leave the control unticked."
    ),
}
CONTROL_CONFLICT = gettext_lazy(
    "Someone else changed this control while you were on the page. Their version is shown; "
    "yours was not saved: check it and change it again if needed."
)
AWAITING_JUSTIFICATION = gettext_lazy(
    "Control ticked. It will count once you write why it is in place."
)
CONFLICT = gettext_lazy(
    "Someone else changed this answer while you were on the page. Their answer is shown; "
    "yours was not saved: check it and answer again if needed."
)


def _assessment_queryset() -> Any:
    return Assessment.objects.select_related(
        "partnership__partner__country",
        "partnership__partner__territory",
        "municipality",
        "questionnaire",
        "created_by",
    )


def _page_context(
    request: AuthedRequest,
    assessment: Assessment,
    answers: dict[int, Answer],
    *,
    forms: dict[int, AnswerForm] | None = None,
    conflicts: set[int] | None = None,
    control_forms: dict[str, ControlForm] | None = None,
    control_conflicts: set[str] | None = None,
) -> dict[str, Any]:
    structure = structure_of(assessment.questionnaire_id)
    membership = request.membership
    can_write = bool(membership and membership.can_write) and assessment.is_editable
    states = _states_of(assessment)
    return {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "categories": [
            presenters.category_view(
                code,
                assessment,
                structure,
                answers,
                forms=forms,
                conflicts=conflicts,
                states=states,
                control_forms=control_forms,
                control_conflicts=control_conflicts,
            )
            for code in scoring.CATEGORIES
        ],
        "heat_rows": presenters.heat_map(assessment),
        "flag_texts": presenters.flag_texts(assessment),
        "progress": progress(assessment),
        "can_write": can_write,
        "can_manage": bool(membership and membership.can_manage),
        "current_questionnaire": Questionnaire.objects.current(),
        # An approved diagnostic is frozen, yet its officers may still ask the ministry.
        "can_request_opinion": bool(membership and membership.can_write) and assessment.is_frozen,
        "errors": [],
    }


def _answers_of(assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}


def _states_of(assessment: Assessment) -> dict[int, ControlAnswer]:
    return {c.control_id: c for c in ControlAnswer.objects.filter(assessment=assessment)}


@access(Access.READ)
@require_GET
def assessment_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_owned(request, _assessment_queryset(), assessment_id)
    context = _page_context(request, assessment, _answers_of(assessment))
    return render(request, "risks/assessment.html", context)


@access(Access.WRITE)
@require_POST
def assessment_start(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    try:
        assessment = actions.start_assessment(partnership, request.user)
    except actions.AssessmentError as error:
        messages.error(request, str(ERRORS[error.code]))
        return redirect(partnership.get_absolute_url())
    return redirect(assessment.get_absolute_url())


def _oob_response(
    request: AuthedRequest,
    assessment: Assessment,
    answers: dict[int, Answer],
    category: str,
    *,
    announce: str,
    answered_question: int | None = None,
    revision: int = 0,
    swap_question: int | None = None,
    forms: dict[int, AnswerForm] | None = None,
    conflicts: set[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Out-of-band updates: score card, the category's status, the new revision of the answer,
    the questions that depend on it and, on a conflict or an error, the question itself."""
    structure = structure_of(assessment.questionnaire_id)
    swapped_ids = {
        question.pk
        for question in structure.questions_of(category)
        if question.pk == swap_question
        or (answered_question and question.depends_on_id == answered_question)
    }
    view = presenters.category_view(
        category,
        assessment,
        structure,
        answers,
        forms=forms,
        conflicts=conflicts,
        only=swapped_ids,
    )
    swapped = view.questions
    revision_input = None
    if answered_question and swap_question != answered_question:
        # The next change of this answer must carry its new revision, or it would look stale.
        prefix = f"q{answered_question}-revision"
        revision_input = {"name": prefix, "id": f"id_{prefix}", "value": revision}
    context = {
        "assessment": assessment,
        "category": view,
        "swapped_rows": swapped,
        "revision_input": revision_input,
        "heat_rows": presenters.heat_map(assessment),
        "flag_texts": presenters.flag_texts(assessment),
        "progress": progress(assessment),
        "can_write": True,
    }
    response = render(request, "risks/assessment.html#answer_response", context, status=status)
    response["HX-Trigger"] = json.dumps({"announce": announce})
    response["Vary"] = "HX-Request"
    return response


@access(Access.WRITE)
@require_POST
def assessment_answer(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """One question's answer, posted by htmx as soon as it changes."""
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, Access.WRITE)
    structure = structure_of(assessment.questionnaire_id)
    question = structure.by_id.get(_int(request.POST.get("question")))
    if question is None:
        return HttpResponse(_("Unknown question."), status=400)
    form = AnswerForm(request.POST, request.FILES, question=question)
    if not form.is_valid():
        answers = _answers_of(assessment)
        form.answer = answers.get(question.pk)
        return _oob_response(
            request,
            assessment,
            answers,
            question.category,
            announce=_("The answer was not saved: see the message."),
            swap_question=question.pk,
            forms={question.pk: form},
            status=422,
        )
    try:
        outcome = actions.save_answer(
            assessment.pk,
            question,
            form.parsed_value(),
            request.user,
            seen_revision=form.cleaned_data["revision"],
            justification=form.cleaned_data["justification"],
            evidence=form.cleaned_data.get("evidence"),
        )
    except actions.AssessmentError as error:
        if error.code != "contradicts_control":
            return _refused(request, assessment, error)
        if not request.htmx:
            messages.error(request, _error_text(error.code))
            return redirect(assessment.get_absolute_url() + f"#question-{question.pk}")
        form.add_error("value", _error_text(error.code))
        answers = _answers_of(assessment)
        form.answer = answers.get(question.pk)
        return _oob_response(
            request,
            assessment,
            answers,
            question.category,
            announce=_error_text(error.code),
            swap_question=question.pk,
            forms={question.pk: form},
            status=422,
        )
    if not request.htmx:
        if outcome.conflict:
            messages.error(request, str(CONFLICT))
        return redirect(assessment.get_absolute_url() + f"#question-{question.pk}")
    return _oob_response(
        request,
        outcome.assessment,
        outcome.answers,
        question.category,
        announce=str(CONFLICT) if outcome.conflict else _score_announcement(outcome.assessment),
        answered_question=question.pk,
        revision=outcome.answer.revision if outcome.answer else 0,
        swap_question=question.pk if outcome.conflict else None,
        conflicts={question.pk} if outcome.conflict else None,
    )


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def _score_announcement(assessment: Assessment) -> str:
    rating = assessment.rating
    if not rating:
        return _("Answer saved.")
    return _("Answer saved. Rating: %(band)s, score %(score)s.") % {
        "band": presenters.band_label(rating),
        "score": assessment.score,
    }


def _refused(
    request: AuthedRequest, assessment: Assessment, error: actions.AssessmentError
) -> HttpResponse:
    message = str(ERRORS.get(error.code, error.code))
    if request.htmx:
        response = HttpResponse(message, status=409)
        response["HX-Trigger"] = json.dumps({"announce": message})
        return response
    messages.error(request, message)
    return redirect(assessment.get_absolute_url())


@access(Access.WRITE)
@require_POST
def assessment_save(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """The whole page posted without JavaScript: every answer and control that changed, saved
    by one action; stale items are reported, never written over another officer's change."""
    assessment = get_owned(request, _assessment_queryset(), assessment_id, Access.WRITE)
    if not assessment.is_editable:
        return _refused(request, assessment, actions.AssessmentError("not_draft"))
    structure = structure_of(assessment.questionnaire_id)
    answers, states = _answers_of(assessment), _states_of(assessment)
    forms: dict[int, AnswerForm] = {}
    answer_changes: list[actions.AnswerChange] = []
    for question in structure.questions:
        if f"q{question.pk}-revision" not in request.POST:
            continue  # not on the page (a dependent question that did not apply)
        form = AnswerForm(
            request.POST, request.FILES, question=question, answer=answers.get(question.pk)
        )
        forms[question.pk] = form
        if form.is_valid() and form.has_changes():
            answer_changes.append(
                actions.AnswerChange(
                    question,
                    form.parsed_value(),
                    form.cleaned_data["revision"],
                    form.cleaned_data["justification"],
                    form.cleaned_data.get("evidence"),
                )
            )
    control_forms: dict[str, ControlForm] = {}
    control_changes: list[actions.ControlChange] = []
    for control in structure.controls:
        cform = ControlForm(
            request.POST, request.FILES, control=control, state=states.get(control.pk)
        )
        if not cform.is_posted():
            continue
        control_forms[control.key] = cform
        if cform.is_valid() and cform.has_changes():
            control_changes.append(
                actions.ControlChange(
                    control,
                    bool(cform.cleaned_data["in_place"]),
                    cform.cleaned_data["justification"],
                    cform.cleaned_data["revision"],
                    cform.cleaned_data.get("evidence"),
                )
            )
    opinion = OpinionForm(request.POST)
    requested = bool(opinion.is_valid() and opinion.cleaned_data["opinion_requested"])
    try:
        outcome = actions.save_page(
            assessment.pk,
            request.user,
            answers=answer_changes,
            controls=control_changes,
            opinion_requested=requested if requested != assessment.opinion_requested else None,
        )
    except actions.AssessmentError as error:
        return _refused(request, assessment, error)
    for pk, code in outcome.question_errors.items():
        forms[pk].add_error("value", _error_text(code))
    for key, code in outcome.control_errors.items():
        control_forms[key].add_error("in_place", _error_text(code))
    invalid = any(f.errors for f in forms.values()) or any(f.errors for f in control_forms.values())
    conflicts, control_conflicts = outcome.question_conflicts, outcome.control_conflicts
    if invalid or conflicts or control_conflicts:
        assessment = get_owned(request, _assessment_queryset(), assessment_id)
        if conflicts or control_conflicts:
            messages.error(request, str(CONFLICT))
        context = _page_context(
            request,
            assessment,
            _answers_of(assessment),
            forms={pk: f for pk, f in forms.items() if f.errors},  # keep what was typed
            conflicts=conflicts,
            control_forms={k: f for k, f in control_forms.items() if f.errors},
            control_conflicts=control_conflicts,
        )
        return render(request, "risks/assessment.html", context, status=422)
    messages.success(request, _("Diagnostic saved."))
    return redirect(assessment.get_absolute_url())


def _error_text(code: str) -> str:
    return str(ERRORS.get(code, code))


@access(Access.WRITE)
@require_POST
def assessment_control(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """One control, posted by htmx as soon as its box or its justification changes."""
    assessment = get_owned(request, _assessment_queryset(), assessment_id, Access.WRITE)
    if not assessment.is_editable:
        return _refused(request, assessment, actions.AssessmentError("not_draft"))
    control = structure_of(assessment.questionnaire_id).controls_by_key.get(
        request.POST.get("control", "")
    )
    if control is None:
        return HttpResponse(_("Unknown control."), status=400)
    state = _states_of(assessment).get(control.pk)
    form = ControlForm(request.POST, request.FILES, control=control, state=state)
    outcome = None
    if form.is_valid():
        try:
            outcome = actions.save_control(
                assessment.pk,
                control,
                request.user,
                in_place=bool(form.cleaned_data["in_place"]),
                justification=form.cleaned_data["justification"],
                seen_revision=form.cleaned_data["revision"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except actions.AssessmentError as error:
            form.add_error("in_place", _error_text(error.code))
    if not request.htmx:
        if form.errors:
            messages.error(request, " ".join(str(e) for e in form.errors.get("in_place", [])))
        elif outcome is not None and outcome.conflict:
            messages.error(request, str(CONTROL_CONFLICT))
        return redirect(assessment.get_absolute_url() + f"#control-row-{control.key}")
    assessment = get_owned(request, _assessment_queryset(), assessment_id)
    conflict = outcome is not None and outcome.conflict
    states = _states_of(assessment)
    view = presenters.category_view(
        control.category,
        assessment,
        structure_of(assessment.questionnaire_id),
        _answers_of(assessment),
        states=states,
        control_forms={control.key: form} if form.errors else None,
        control_conflicts={control.key} if conflict else None,
    )
    row = next(r for r in view.controls if r.control.pk == control.pk)
    if form.errors:
        announce = _("The control was not saved: see the message.")
    elif conflict:
        announce = str(CONTROL_CONFLICT)
    elif row.awaiting_justification:
        announce = str(AWAITING_JUSTIFICATION)
    else:
        announce = _score_announcement(assessment)
    prefix = control_prefix(control)
    context = {
        "assessment": assessment,
        "category": view,
        "control_row": row,
        "swap_control": bool(form.errors or conflict),
        "revision_input": {
            "name": f"{prefix}-revision",
            "id": f"id_{prefix}-revision",
            "value": row.state.revision if row.state else 0,
        },
        "heat_rows": presenters.heat_map(assessment),
        "flag_texts": presenters.flag_texts(assessment),
        "can_write": True,
    }
    status = 422 if form.errors else 200
    response = render(request, "risks/assessment.html#control_response", context, status=status)
    response["HX-Trigger"] = json.dumps({"announce": announce})
    response["Vary"] = "HX-Request"
    return response


@access(Access.WRITE)
@require_POST
def assessment_opinion(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """The officer asks for the ministry's opinion (htmx at once, or a plain POST)."""
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, Access.WRITE)
    form = OpinionForm(request.POST)
    form.is_valid()
    try:
        actions.set_opinion_requested(
            assessment.pk, bool(form.cleaned_data.get("opinion_requested"))
        )
    except actions.AssessmentError as error:
        return _refused(request, assessment, error)
    if not request.htmx:
        return redirect(assessment.get_absolute_url())
    assessment = get_owned(request, _assessment_queryset(), assessment_id)
    context = {
        "assessment": assessment,
        "heat_rows": presenters.heat_map(assessment),
        "flag_texts": presenters.flag_texts(assessment),
    }
    response = render(request, "risks/assessment.html#scorecard_response", context)
    response["HX-Trigger"] = json.dumps({"announce": _score_announcement(assessment)})
    response["Vary"] = "HX-Request"
    return response


def _lifecycle(
    request: AuthedRequest, assessment_id: int, kind: Access, action: Any, done: str
) -> HttpResponse:
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, kind)
    try:
        with transaction.atomic():
            action(assessment.pk, request.user)
    except actions.AssessmentError as error:
        message = str(ERRORS.get(error.code, error.code))
        if error.code == "incomplete":
            message = _incomplete_message(assessment, error.detail)
        messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(assessment.get_absolute_url())


def _incomplete_message(assessment: Assessment, detail: str) -> str:
    """What is missing before submission, by section: the officer can go straight there."""
    structure = structure_of(assessment.questionnaire_id)
    keys = [k for k in detail.split(",") if k]
    if not keys:
        return str(ERRORS["incomplete"])
    by_category: dict[str, int] = {}
    for key in keys:
        category = structure.by_key[key].category
        by_category[category] = by_category.get(category, 0) + 1
    parts = [
        _("%(section)s: %(count)s") % {"section": presenters.SHORT_NAMES[c], "count": n}
        for c, n in by_category.items()
    ]
    return _(
        "Every question must be answered before submission (“I don't know” is an answer). "
        "Still unanswered — %(parts)s."
    ) % {"parts": ", ".join(parts)}


@access(Access.WRITE)
@require_POST
def assessment_submit(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    return _lifecycle(
        request,
        assessment_id,
        Access.WRITE,
        actions.submit_assessment,
        _("Diagnostic submitted: a manager can now approve it."),
    )


@access(Access.MANAGE)
@require_POST
def assessment_approve(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    return _lifecycle(
        request,
        assessment_id,
        Access.MANAGE,
        actions.approve_assessment,
        _("Diagnostic approved: it is now frozen and gives the partnership its rating."),
    )


@access(Access.MANAGE)
@require_POST
def assessment_return(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    return _lifecycle(
        request,
        assessment_id,
        Access.MANAGE,
        actions.return_to_draft,
        _("Diagnostic returned to its officers as a draft."),
    )


__all__ = ["AssessmentStatus"]


@access(Access.READ)
@require_GET
def evidence_download(request: AuthedRequest, answer_id: int) -> FileResponse:
    """An answer's evidence file, served only to members of the diagnostic's municipality."""
    answer = get_owned(
        request,
        Answer.objects.select_related("assessment"),
        answer_id,
    )
    if not answer.evidence:
        raise Http404
    try:
        handle = answer.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=Path(answer.evidence.name or "evidence").name
    )


def _profile_context(request: AuthedRequest, form: ProfileForm | None = None) -> dict[str, Any]:
    membership = current_membership(request)
    questions = profile.profile_questions()
    state = profile.status(membership.municipality, questions)
    if form is None:
        initial: dict[str, Any] = {}
        for key, answer in state.answers.items():
            initial[key] = str(answer.value)
            initial[f"{key}-justification"] = answer.justification
        election = next((q for q in questions if q.register_fact == "election"), None)
        if election is not None and election.key not in initial:
            initial[election.key] = str(prefill.election_suggestion(election).points)
        form = ProfileForm(initial=initial, questions=questions)
    election_hint = next(
        (prefill.election_suggestion(q).reason for q in questions if q.register_fact == "election"),
        "",
    )
    return {
        "form": form,
        "rows": [
            (q, form[q.key], form[f"{q.key}-justification"], state.answers.get(q.key))
            for q in questions
        ],
        "status": state,
        "can_manage": membership.can_manage,
        "election_hint": election_hint,
    }


@access(Access.READ)
@require_GET
def profile_detail(request: AuthedRequest) -> HttpResponse:
    """The municipality profile: every member reads it, a manager answers it."""
    return render(request, "risks/profile.html", _profile_context(request))


@access(Access.MANAGE)
@require_POST
def profile_save(request: AuthedRequest) -> HttpResponse:
    membership = current_membership(request, Access.MANAGE)
    form = ProfileForm(request.POST, questions=profile.profile_questions())
    if not form.is_valid():
        return render(request, "risks/profile.html", _profile_context(request, form), status=422)
    drafts = profile.save_profile(membership.municipality, request.user, form.values())
    messages.success(
        request,
        _("Profile saved; it is carried into new diagnostics and %(n)s draft(s) in progress.")
        % {"n": drafts},
    )
    return redirect("risks:profile")


@access(Access.WRITE)
@require_POST
def assessment_upgrade(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """Restart a draft made with an older questionnaire version on the current one."""
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, Access.WRITE)
    try:
        actions.move_to_current_version(assessment.pk, request.user)
    except actions.AssessmentError as error:
        return _refused(request, assessment, error)
    messages.success(
        request,
        _(
            "The diagnostic now uses the current questionnaire version; the answers to the "
            "questions it kept were carried over."
        ),
    )
    return redirect(assessment.get_absolute_url())
