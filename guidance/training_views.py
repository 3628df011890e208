"""Training: the modules and their quiz (every member, viewers included: elected officials are
an audience), and the manager's register of who is trained and who is due again."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from citydiplo.access import Access, access, current_membership
from citydiplo.http import AuthedRequest
from guidance import actions, training
from guidance.forms import QuizForm, SessionForm
from guidance.models import Audience, QuizQuestion, TrainingModule, TrainingRecord

PAGE_SIZE = 25


@access(Access.ACCOUNT)
@require_GET
def training_index(request: AuthedRequest) -> HttpResponse:
    """The modules by audience, with the date the user last passed each one here."""
    modules = list(TrainingModule.objects.all())
    mine: dict[int, object] = {}
    if request.membership is not None:
        mine = dict(
            TrainingRecord.objects.filter(
                municipality=request.membership.municipality, user=request.user
            )
            .values("module_id")
            .annotate(last=Max("completed_on"))
            .values_list("module_id", "last")
        )
    audiences = [
        (label, [(m, mine.get(m.pk)) for m in modules if m.audience == code])
        for code, label in Audience.choices
    ]
    context = {
        "audiences": audiences,
        "pass_mark": training.PASS_MARK,
        "questions": training.QUESTIONS_PER_QUIZ,
        "can_manage": bool(request.membership and request.membership.can_manage),
    }
    return render(request, "guidance/training_index.html", context)


@access(Access.ACCOUNT)
@require_http_methods(["GET", "POST"])
def training_module(request: AuthedRequest, module: str) -> HttpResponse:
    """Read the module and take its quiz; a pass is recorded, a fail shows what was wrong."""
    chosen = get_object_or_404(TrainingModule, slug=module)
    questions = list(QuizQuestion.objects.filter(module=chosen))
    form = QuizForm(request.POST or None, questions=questions)
    result = None
    status = 200
    if request.method == "POST":
        membership = current_membership(request)  # a quiz counts for a municipality
        form.is_valid()
        result = actions.take_quiz(membership.municipality, chosen, request.user, form.answers())
        if result.passed:
            messages.success(
                request,
                _("Passed with %(score)s/%(total)s: your training is recorded for %(town)s.")
                % {
                    "score": result.score,
                    "total": result.total,
                    "town": membership.municipality.name,
                },
            )
            return redirect("guidance:training")
        status = 422
        form = QuizForm(questions=questions)  # a fresh quiz to retry
    context = {
        "module": chosen,
        "form": form,
        "result": result,
        "pass_mark": training.PASS_MARK,
        "can_take": request.membership is not None,
    }
    return render(request, "guidance/training_module.html", context, status=status)


@access(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def training_register(request: AuthedRequest) -> HttpResponse:
    """Who is trained and who is due again; a manager records an in-person session here."""
    membership = current_membership(request, Access.MANAGE)
    municipality = membership.municipality
    form = SessionForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        count = actions.record_session(
            municipality,
            form.cleaned_data["module"],
            form.cleaned_data["held_on"],
            request.user,
            attendees=form.cleaned_data["attendees"],
            members=list(form.cleaned_data["members"]),
        )
        messages.success(
            request, _("Session recorded: %(count)s people trained.") % {"count": count}
        )
        return redirect("guidance:training_register")
    sessions = (
        TrainingRecord.objects.filter(municipality=municipality, user__isnull=True)
        .select_related("module", "recorded_by")
        .order_by("-completed_on", "attendee")
    )
    context = {
        "rows": training.member_rows(municipality),
        "status": training.training_status(municipality),
        "attendees": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form,
        "valid_days": training.VALID_DAYS,
    }
    return render(
        request,
        "guidance/training_register.html",
        context,
        status=422 if request.method == "POST" else 200,
    )
