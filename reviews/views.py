"""The referral pages: the liaison's queue, the municipality's list, the referral itself, and
the user's notifications. Every page works as plain forms and links; htmx swaps the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citydiplo import htmx, panels
from citydiplo.access import SESSION_KEY, Access, access, current_membership, get_owned
from citydiplo.http import AuthedRequest
from municipalities.models import LiaisonAssignment, Membership, Region
from partners.models import Partnership
from reviews import actions, presenters, recipients
from reviews.forms import (
    QUEUE_SORTS,
    AnswerForm,
    CloseForm,
    MunicipalFilterForm,
    OpinionForm,
    PreferencesForm,
    QuestionForm,
    QueueFilterForm,
    RequestOpinionForm,
)
from reviews.models import (
    ACTIVE_STATES,
    Message,
    Notification,
    NotificationPreference,
    Referral,
)
from risks.models import Assessment

PAGE_SIZE = 25

ERRORS = {
    "not_allowed": gettext_lazy("You may not do this on this referral."),
    "not_active": gettext_lazy("This referral already has the ministry's opinion."),
    "no_opinion_yet": gettext_lazy("A referral can be closed once the ministry gave its opinion."),
    "not_approved": gettext_lazy("Only an approved diagnostic can be referred to the ministry."),
    "not_latest": gettext_lazy("A newer diagnostic of this partnership exists: refer that one."),
    "already_referred": gettext_lazy("This partnership is already waiting for the ministry."),
    "unknown_opinion": gettext_lazy("Choose one of the proposed opinions."),
    "reasons_required": gettext_lazy("Give the reasons of the opinion."),
}


def _page(request: AuthedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return htmx.page(request, template, "results", context)


# --- access ----------------------------------------------------------------------------------


@dataclass
class Seat:
    """Where the user sits at a referral: a member of its municipality, or a liaison."""

    referral: Referral
    membership: Membership | None
    liaison: bool

    @property
    def can_answer(self) -> bool:
        return bool(self.membership and self.membership.can_write) and self.referral.is_active

    @property
    def can_ask(self) -> bool:
        return self.liaison and self.referral.is_active

    @property
    def can_close(self) -> bool:
        writer = bool(self.membership and self.membership.can_write)
        return (writer or self.liaison) and self.referral.state == "opinion_given"


def get_referral_for(request: AuthedRequest, referral_id: int, kind: Access = Access.READ) -> Seat:
    """The referral if the user is a member of its municipality or a liaison following it.

    Anyone else gets 404; a viewer asking to write, or a member asking to act as the ministry,
    gets 403.
    """
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("municipality", "partnership"),
        pk=referral_id,
    )
    membership = next(
        (m for m in request.memberships if m.municipality_id == referral.municipality_id), None
    )
    liaison = membership is None or (
        kind == Access.LIAISON and recipients.follows(request.user, referral.municipality)
    )
    if kind == Access.WRITE and not (membership and membership.can_write):
        raise PermissionDenied
    if kind == Access.LIAISON and not liaison:
        raise PermissionDenied
    if membership is not None and (
        request.membership is None or request.membership.pk != membership.pk
    ):
        request.session[SESSION_KEY] = membership.municipality_id
        request.membership = membership
    return Seat(referral, membership, liaison)


def _assignments(request: AuthedRequest) -> list[LiaisonAssignment]:
    assignments = list(
        LiaisonAssignment.objects.filter(liaison=request.user).select_related("municipality")
    )
    if not assignments:
        raise Http404("Not a liaison")
    return assignments


# --- lists -----------------------------------------------------------------------------------


def _list_queryset(qs: QuerySet[Referral], form: QueueFilterForm) -> QuerySet[Referral]:
    state = form.value("state")
    if state == "active":
        qs = qs.filter(state__in=ACTIVE_STATES)
    elif state:
        qs = qs.filter(state=state)
    if form.value("category"):
        # Categories are a JSON list; the quoted code matches one whole element everywhere.
        qs = qs.filter(categories__icontains=f'"{form.value("category")}"')
    return (
        qs.select_related("municipality")
        .defer("snapshot")
        # A lookup per row shown, not a join over every partnership (the count skips it).
        .annotate(
            outdated=Exists(
                Partnership.objects.filter(
                    pk=OuterRef("partnership_id"), rated_at__gt=OuterRef("snapshot_at")
                )
            ),
        )
        .order_by(*QUEUE_SORTS[form.sort_value])
    )


@access(Access.LIAISON)
@require_GET
def liaison_queue(request: AuthedRequest) -> HttpResponse:
    """The referrals of every municipality the liaison follows, by region or one by one."""
    assignments = _assignments(request)
    if any(a.national for a in assignments):
        regions = set(Region.values)
    else:
        regions = {a.municipality.region if a.municipality else a.region for a in assignments}
    form = QueueFilterForm(request.GET, regions=sorted(regions))
    qs = Referral.objects.for_liaison(request.user)
    if form.value("region"):
        qs = qs.filter(municipality__region=form.value("region"))
    page = Paginator(_list_queryset(qs, form), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "sort": form.sort_value,
        "regions": [(code, dict(Region.choices).get(code, code)) for code in sorted(regions)],
        "followed": assignments,
        "panels": []
        if htmx.wants_fragment(request)
        else panels.collect(panels.LIAISON_QUEUE, request),
    }
    presenters.decorate(page.object_list)
    return _page(request, "reviews/queue.html", context)


@access(Access.READ)
@require_GET
def referral_list(request: AuthedRequest) -> HttpResponse:
    """The municipality's referrals, for its members."""
    municipality = current_membership(request).municipality
    form = MunicipalFilterForm(request.GET)
    qs = _list_queryset(Referral.objects.filter(municipality=municipality), form)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    presenters.decorate(page.object_list)
    context = {"form": form, "page": page, "sort": form.sort_value}
    return _page(request, "reviews/referral_list.html", context)


# --- the referral ----------------------------------------------------------------------------


def _detail(request: AuthedRequest, seat: Seat, status: int = 200, **forms: Any) -> HttpResponse:
    referral = seat.referral
    thread = list(referral.messages.select_related("author"))
    context = {
        "referral": referral,
        "seat": seat,
        "thread": thread,
        "snap": presenters.snapshot_view(referral.snapshot),
        "question_form": forms.get("question_form") or QuestionForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "opinion_form": forms.get("opinion_form") or OpinionForm(),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    return render(request, "reviews/referral.html", context, status=status)


@access(Access.READ)
@require_GET
def referral_detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    seat = get_referral_for(request, referral_id)
    actions.mark_read(request.user, referral_id=referral_id)
    return _detail(request, seat)


def _done(request: AuthedRequest, referral: Referral, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(referral.get_absolute_url() + "#thread")


def _refused(
    request: AuthedRequest, referral: Referral, error: actions.ReferralError
) -> HttpResponse:
    messages.error(request, str(ERRORS.get(error.code, error.code)))
    return redirect(referral.get_absolute_url())


@access(Access.LIAISON)
@require_POST
def referral_question(request: AuthedRequest, referral_id: int) -> HttpResponse:
    seat = get_referral_for(request, referral_id, Access.LIAISON)
    form = QuestionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, seat, 422, question_form=form)
    try:
        actions.request_information(
            referral_id, request.user, form.cleaned_data["body"], form.cleaned_data["attachment"]
        )
    except actions.ReferralError as error:
        return _refused(request, seat.referral, error)
    return _done(request, seat.referral, _("Your question was sent to the municipality."))


@access(Access.WRITE)
@require_POST
def referral_answer(request: AuthedRequest, referral_id: int) -> HttpResponse:
    seat = get_referral_for(request, referral_id, Access.WRITE)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, seat, 422, answer_form=form)
    try:
        actions.answer(
            referral_id, request.user, form.cleaned_data["body"], form.cleaned_data["attachment"]
        )
    except actions.ReferralError as error:
        return _refused(request, seat.referral, error)
    return _done(request, seat.referral, _("Your answer was sent to the ministry."))


@access(Access.LIAISON)
@require_POST
def referral_opinion(request: AuthedRequest, referral_id: int) -> HttpResponse:
    seat = get_referral_for(request, referral_id, Access.LIAISON)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return _detail(request, seat, 422, opinion_form=form)
    try:
        actions.give_opinion(
            referral_id, request.user, form.cleaned_data["opinion"], form.cleaned_data["reasons"]
        )
    except actions.ReferralError as error:
        return _refused(request, seat.referral, error)
    return _done(request, seat.referral, _("Your opinion was sent to the municipality."))


@access(Access.WRITE)
@require_POST
def referral_close(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """Officers and managers close a referral once they have the opinion; so may the liaison."""
    seat = get_referral_for(request, referral_id)
    if not (seat.liaison or (seat.membership and seat.membership.can_write)):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, seat, 422, close_form=form)
    try:
        actions.close_referral(referral_id, request.user, form.cleaned_data["body"])
    except actions.ReferralError as error:
        return _refused(request, seat.referral, error)
    return _done(request, seat.referral, _("The referral is closed."))


@access(Access.READ)
@require_GET
def attachment(request: AuthedRequest, referral_id: int, message_id: int) -> FileResponse:
    seat = get_referral_for(request, referral_id)
    message = get_object_or_404(Message, pk=message_id, referral=seat.referral)
    if not message.attachment:
        raise Http404
    name = message.attachment_name or PurePath(message.attachment.name or "file").name
    # Always a download: an uploaded file is never rendered by the browser in our origin.
    return FileResponse(message.attachment.open("rb"), as_attachment=True, filename=name)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def request_opinion(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """An officer asks the ministry's opinion on an approved diagnostic."""
    assessment = get_owned(
        request, Assessment.objects.select_related("partnership"), assessment_id, Access.WRITE
    )
    form = RequestOpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.request_opinion(
                assessment.pk, request.user, form.cleaned_data["body"]
            )
        except actions.ReferralError as error:
            messages.error(request, str(ERRORS.get(error.code, error.code)))
        else:
            messages.success(request, _("The partnership is referred to the ministry."))
            return redirect(referral.get_absolute_url())
    context = {"assessment": assessment, "partnership": assessment.partnership, "form": form}
    return render(request, "reviews/request_opinion.html", context)


# --- notifications ---------------------------------------------------------------------------


@access(Access.ACCOUNT)
@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [presenters.notification_row(n) for n in page.object_list]
    return _page(request, "reviews/notifications.html", {"page": page, "rows": rows})


@access(Access.ACCOUNT)
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    actions.mark_read(request.user)
    messages.success(request, _("Every notification is marked read."))
    return redirect("reviews:notifications")


@access(Access.ACCOUNT)
@require_GET
def notification_open(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    actions.mark_read(request.user, pk=notification.pk)
    target = notification.path
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("reviews:notifications")


@access(Access.ACCOUNT)
@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthedRequest) -> HttpResponse:
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "by_email")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        actions.set_preferences(request.user, form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("reviews:preferences")
    return render(request, "reviews/preferences.html", {"form": form})
