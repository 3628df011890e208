"""The incident log: the municipality's list, an incident with its evidence, sending it to the
ministry; and the liaison's side (the incidents sent by the municipalities they follow)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citydiplo.access import SESSION_KEY, Access, access, allows, current_membership
from citydiplo.http import AuthedRequest
from guidance import actions
from guidance.forms import AcknowledgeForm, EvidenceForm, IncidentForm, SendForm
from guidance.models import Evidence, Incident, IncidentKind
from guidance.views import ERRORS
from municipalities.models import LiaisonAssignment, Membership, Municipality

PAGE_SIZE = 25


@dataclass
class Seat:
    """Where the user sits at an incident: a member of its municipality, or a liaison."""

    incident: Incident
    membership: Membership | None

    @property
    def can_write(self) -> bool:
        return bool(self.membership and self.membership.can_write)

    @property
    def liaison(self) -> bool:
        return self.membership is None


def get_incident_for(request: AuthedRequest, incident_id: int, kind: Access = Access.READ) -> Seat:
    """The incident if the user is a member of its municipality, or a liaison following it once
    it was sent. Anyone else gets 404; a member whose role may not do `kind` gets 403."""
    incident = get_object_or_404(
        Incident.objects.visible_to(request.user).select_related(
            "municipality", "recorded_by", "sent_by", "acknowledged_by"
        ),
        pk=incident_id,
    )
    membership = next(
        (m for m in request.memberships if m.municipality_id == incident.municipality_id), None
    )
    if membership is None:
        if kind not in (Access.READ, Access.LIAISON):
            raise PermissionDenied
        return Seat(incident, None)
    if kind == Access.LIAISON or not allows(membership, kind):
        raise PermissionDenied
    if request.membership is None or request.membership.pk != membership.pk:
        request.session[SESSION_KEY] = membership.municipality_id
        request.membership = membership
    return Seat(incident, membership)


# --- the municipality's log ------------------------------------------------------------------


@access(Access.READ)
@require_GET
def incident_list(request: AuthedRequest) -> HttpResponse:
    membership = current_membership(request)
    kind = request.GET.get("kind", "")
    qs = Incident.objects.filter(municipality=membership.municipality)
    if kind in IncidentKind.values:
        qs = qs.filter(kind=kind)
    qs = (
        qs.select_related("recorded_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-occurred_on", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind if kind in IncidentKind.values else "",
        "kinds": IncidentKind.choices,
        "can_write": membership.can_write,
    }
    return render(request, "guidance/incident_list.html", context)


def _form_page(request: AuthedRequest, incident: Incident | None) -> HttpResponse:
    membership = current_membership(request, Access.WRITE)
    form = IncidentForm(
        request.POST or None, instance=incident, municipality=membership.municipality
    )
    if request.method == "POST" and form.is_valid():
        created = incident is None
        saved = form.save(commit=False)
        saved.municipality = membership.municipality
        actions.save_incident(
            saved,
            request.user,
            partners=form.cleaned_data["partners"],
            partnerships=form.cleaned_data["partnerships"],
        )
        messages.success(request, _("Incident recorded.") if created else _("Changes saved."))
        return redirect(saved)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "guidance/incident_form.html", {"form": form, "incident": incident}, status=status
    )


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def incident_new(request: AuthedRequest) -> HttpResponse:
    return _form_page(request, None)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def incident_edit(request: AuthedRequest, incident_id: int) -> HttpResponse:
    seat = get_incident_for(request, incident_id, Access.WRITE)
    return _form_page(request, seat.incident)


def _detail(request: AuthedRequest, seat: Seat, status: int = 200, **forms: Any) -> HttpResponse:
    incident = seat.incident
    context = {
        "incident": incident,
        "seat": seat,
        "partners": list(incident.partners.all()),
        "partnerships": list(incident.partnerships.all()),
        "evidence": list(incident.evidence.select_related("uploaded_by")),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "send_form": forms.get("send_form") or SendForm(),
        "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
    }
    return render(request, "guidance/incident_detail.html", context, status=status)


@access(Access.READ)
@require_GET
def incident_detail(request: AuthedRequest, incident_id: int) -> HttpResponse:
    seat = get_incident_for(request, incident_id)
    actions.mark_incident_read(seat.incident, request.user)
    return _detail(request, seat)


@access(Access.WRITE)
@require_POST
def evidence_upload(request: AuthedRequest, incident_id: int) -> HttpResponse:
    seat = get_incident_for(request, incident_id, Access.WRITE)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, seat, 422, evidence_form=form)
    actions.add_evidence(
        seat.incident, form.cleaned_data["title"], form.cleaned_data["file"], request.user
    )
    messages.success(request, _("Evidence added."))
    return redirect(seat.incident.get_absolute_url() + "#evidence-title")


def _evidence(request: AuthedRequest, evidence_id: int, kind: Access) -> tuple[Evidence, Seat]:
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=evidence_id)
    return evidence, get_incident_for(request, evidence.incident_id, kind)


@access(Access.READ)
@require_GET
def evidence_download(request: AuthedRequest, evidence_id: int) -> FileResponse:
    evidence, _seat = _evidence(request, evidence_id, Access.READ)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download: an uploaded file is never rendered by the browser in our origin.
    name = PurePath(evidence.file.name or "evidence").name
    return FileResponse(handle, as_attachment=True, filename=name)


@access(Access.WRITE)
@require_POST
def evidence_delete(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    evidence, seat = _evidence(request, evidence_id, Access.WRITE)
    evidence.file.delete(save=False)
    evidence.delete()
    messages.success(request, _("Evidence deleted."))
    return redirect(seat.incident.get_absolute_url() + "#evidence-title")


@access(Access.WRITE)
@require_POST
def incident_send(request: AuthedRequest, incident_id: int) -> HttpResponse:
    seat = get_incident_for(request, incident_id, Access.WRITE)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, seat, 422, send_form=form)
    try:
        actions.send_incident(seat.incident.pk, request.user, form.cleaned_data["note"])
    except actions.GuidanceError as error:
        messages.error(request, str(ERRORS[error.code]))
    else:
        messages.success(request, _("The incident was sent to the ministry."))
    return redirect(seat.incident.get_absolute_url())


# --- the liaison's side ----------------------------------------------------------------------


@access(Access.LIAISON)
@require_POST
def incident_acknowledge(request: AuthedRequest, incident_id: int) -> HttpResponse:
    seat = get_incident_for(request, incident_id, Access.LIAISON)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _detail(request, seat, 422, acknowledge_form=form)
    try:
        actions.acknowledge_incident(seat.incident.pk, request.user, form.cleaned_data["answer"])
    except actions.GuidanceError as error:
        messages.error(request, str(ERRORS[error.code]))
    else:
        messages.success(request, _("Your answer was sent to the municipality."))
    return redirect(seat.incident.get_absolute_url())


@access(Access.LIAISON)
@require_GET
def liaison_incidents(request: AuthedRequest) -> HttpResponse:
    """Every incident sent by the municipalities the liaison follows, waiting ones first."""
    if not LiaisonAssignment.objects.filter(liaison=request.user).exists():
        raise Http404("Not a liaison")
    qs = (
        Incident.objects.sent()
        .filter(municipality__in=Municipality.objects.followed_by(request.user))
        .select_related("municipality")
        .order_by(F("acknowledged_at").asc(nulls_first=True), "-sent_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "guidance/liaison_incidents.html", {"page": page})
