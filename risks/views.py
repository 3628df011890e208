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

from citydiplo.access import Access, access, get_owned
from citydiplo.http import AuthedRequest
from partners.models import Partnership
from risks import actions, presenters, scoring
from risks.forms import AnswerForm, ControlForm, OpinionForm
from risks.models import Answer, Assessment, AssessmentStatus
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
}
CONFLICT = gettext_lazy(
    "Someone else changed this answer while you were on the page. Their answer is shown; "
    "yours was not saved: check it and answer again if needed."
)


def _assessment_queryset() -> Any:
    return Assessment.objects.select_related(
        "partnership__partner__country", "municipality", "questionnaire", "created_by"
    )


def _page_context(
    request: AuthedRequest,
    assessment: Assessment,
    answers: dict[int, Answer],
    *,
    forms: dict[int, AnswerForm] | None = None,
    conflicts: set[int] | None = None,
) -> dict[str, Any]:
    structure = structure_of(assessment.questionnaire_id)
    membership = request.membership
    can_write = bool(membership and membership.can_write) and assessment.is_editable
    return {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "categories": [
            presenters.category_view(
                code, assessment, structure, answers, forms=forms, conflicts=conflicts
            )
            for code in scoring.CATEGORIES
        ],
        "heat_rows": presenters.heat_map(assessment),
        "flag_texts": presenters.flag_texts(assessment),
        "progress": progress(assessment),
        "can_write": can_write,
        "can_manage": bool(membership and membership.can_manage),
        # An approved diagnostic is frozen, yet its officers may still ask the ministry.
        "can_request_opinion": bool(membership and membership.can_write) and assessment.is_frozen,
        "errors": [],
    }


def _answers_of(assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}


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
    view = presenters.category_view(
        category, assessment, structure, answers, forms=forms, conflicts=conflicts
    )
    swapped = [
        row
        for row in view.questions
        if row.question.pk == swap_question
        or (answered_question and row.question.depends_on_id == answered_question)
    ]
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
        return _refused(request, assessment, error)
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
    """The whole page posted without JavaScript: save every answer that changed."""
    assessment = get_owned(request, _assessment_queryset(), assessment_id, Access.WRITE)
    if not assessment.is_editable:
        return _refused(request, assessment, actions.AssessmentError("not_draft"))
    structure = structure_of(assessment.questionnaire_id)
    answers = _answers_of(assessment)
    forms: dict[int, AnswerForm] = {}
    conflicts: set[int] = set()
    invalid = False
    for question in structure.questions:
        if f"q{question.pk}-revision" not in request.POST:
            continue  # not on the page (a dependent question that did not apply)
        form = AnswerForm(
            request.POST, request.FILES, question=question, answer=answers.get(question.pk)
        )
        forms[question.pk] = form
        if not form.is_valid():
            invalid = True
            continue
        if not form.has_changes():
            continue
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
            form.add_error("value", str(ERRORS.get(error.code, error.code)))
            invalid = True
            continue
        if outcome.conflict:
            conflicts.add(question.pk)
    in_place = set(request.POST.getlist("controls"))
    for control in structure.controls:
        if (control.key in in_place) != (control.key in assessment.controls_in_place):
            actions.set_control(assessment.pk, control, control.key in in_place)
    requested = request.POST.get("opinion_requested") == "on"
    if requested != assessment.opinion_requested:
        actions.set_opinion_requested(assessment.pk, requested)
    if invalid or conflicts:
        assessment = get_owned(request, _assessment_queryset(), assessment_id)
        fresh = _answers_of(assessment)
        kept = {pk: f for pk, f in forms.items() if f.errors}  # keep what was typed
        if conflicts:
            messages.error(request, str(CONFLICT))
        context = _page_context(request, assessment, fresh, forms=kept, conflicts=conflicts)
        return render(request, "risks/assessment.html", context, status=422)
    messages.success(request, _("Diagnostic saved."))
    return redirect(assessment.get_absolute_url())


@access(Access.WRITE)
@require_POST
def assessment_control(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, Access.WRITE)
    form = ControlForm(request.POST)
    control = (
        structure_of(assessment.questionnaire_id).controls_by_key.get(form.data.get("control", ""))
        if form.is_valid()
        else None
    )
    if control is None:
        return HttpResponse(_("Unknown control."), status=400)
    try:
        actions.set_control(assessment.pk, control, form.cleaned_data["in_place"])
    except actions.AssessmentError as error:
        return _refused(request, assessment, error)
    if not request.htmx:
        return redirect(assessment.get_absolute_url())
    assessment = get_owned(request, _assessment_queryset(), assessment_id)
    return _oob_response(
        request,
        assessment,
        _answers_of(assessment),
        control.category,
        announce=_score_announcement(assessment),
    )


@access(Access.WRITE)
@require_POST
def assessment_opinion(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_owned(request, Assessment.objects.all(), assessment_id, Access.WRITE)
    form = OpinionForm(request.POST)
    form.is_valid()
    try:
        actions.set_opinion_requested(assessment.pk, bool(form.cleaned_data.get("requested")))
    except actions.AssessmentError as error:
        return _refused(request, assessment, error)
    return redirect(assessment.get_absolute_url())


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
            assessment = get_owned(request, _assessment_queryset(), assessment_id)
            message = " ".join([message, *progress(assessment).missing])
        messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(assessment.get_absolute_url())


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
        municipality_field="assessment.municipality_id",
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
