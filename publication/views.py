"""Officers record outcomes; managers preview, publish and withdraw. All behind sign-in."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citydiplo.access import Access, access, get_owned
from citydiplo.http import AuthedRequest
from partners.models import Partnership
from publication import actions
from publication.forms import OutcomeForm, PublicationForm
from publication.models import Outcome, Publication
from publication.public import present
from publication.templatetags.publication_tags import section_context


@access(Access.READ)
@require_GET
def outcomes(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The partnership's outcomes and publication: a fragment for htmx, else a page."""
    partnership = _partnership(request, partnership_id, Access.READ)
    context = section_context(partnership, request.membership)
    htmx = request.htmx
    fragment = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    template = "publication/outcomes.html" + ("#section" if fragment else "")
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _partnership(request: AuthedRequest, partnership_id: int, kind: Access) -> Partnership:
    return get_owned(
        request,
        Partnership.objects.select_related("partner__country", "municipality"),
        partnership_id,
        kind,
    )


def _outcome(request: AuthedRequest, outcome_id: int) -> Outcome:
    return get_owned(
        request,
        Outcome.objects.select_related("partnership"),
        outcome_id,
        Access.WRITE,
    )


def _outcome_form(
    request: AuthedRequest, partnership: Partnership, outcome: Outcome | None
) -> HttpResponse:
    form = OutcomeForm(request.POST or None, instance=outcome, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        actions.save_outcome(form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("The outcomes of %(year)s are saved.") % {"year": form.cleaned_data["year"]},
        )
        return redirect(reverse("publication:outcomes", args=[partnership.pk]))
    context = {"form": form, "partnership": partnership, "outcome": outcome}
    status = 422 if request.method == "POST" else 200
    return render(request, "publication/outcome_form.html", context, status=status)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def outcome_create(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = _partnership(request, partnership_id, Access.WRITE)
    return _outcome_form(request, partnership, None)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def outcome_edit(request: AuthedRequest, outcome_id: int) -> HttpResponse:
    outcome = _outcome(request, outcome_id)
    return _outcome_form(request, outcome.partnership, outcome)


@access(Access.WRITE)
@require_POST
def outcome_delete(request: AuthedRequest, outcome_id: int) -> HttpResponse:
    outcome = _outcome(request, outcome_id)
    partnership = outcome.partnership
    actions.delete_outcome(outcome, by=request.user)
    messages.success(request, _("The outcomes of %(year)s are deleted.") % {"year": outcome.year})
    return redirect(reverse("publication:outcomes", args=[partnership.pk]))


def _fingerprint(form: PublicationForm) -> str:
    """What the manager previewed: publishing needs the same values as the preview showed."""
    data = form.cleaned_data
    parts = [
        data["objectives"],
        str(data["deliberation_date"] or ""),
        data["contact_email"],
        ",".join(sorted(str(d.pk) for d in data["documents"])),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@access(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def publish(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """Edit the public texts → preview exactly the public page → publish (or update)."""
    partnership = _partnership(request, partnership_id, Access.MANAGE)
    publication = actions.draft_for(partnership)
    initial: dict[str, Any] = {}
    if publication.pk is None:
        initial["objectives"] = partnership.description[:2000]
    form = PublicationForm(
        request.POST or None, instance=publication, partnership=partnership, initial=initial
    )
    context: dict[str, Any] = {
        "form": form,
        "partnership": partnership,
        "publication": publication,
        "archived": partnership.is_archived,
    }
    if request.method == "GET":
        return render(request, "publication/publish.html", context)
    if not form.is_valid() or partnership.is_archived:
        return render(request, "publication/publish.html", context, status=422)
    fingerprint = _fingerprint(form)
    if request.POST.get("confirm") and request.POST.get("previewed") == fingerprint:
        was_published = publication.is_published
        actions.publish(form.save(commit=False), form.cleaned_data["documents"], by=request.user)
        messages.success(
            request,
            _("The public page is updated.")
            if was_published
            else _("The partnership is published in the public register."),
        )
        return redirect(reverse("publication:outcomes", args=[partnership.pk]))
    if request.POST.get("confirm"):
        messages.warning(request, _("The texts changed since the preview: check them again."))
    draft = form.save(commit=False)
    draft.slug = draft.slug or actions.unique_slug(partnership)
    context.update(
        {
            "preview": present(
                draft,
                outcomes=list(partnership.outcomes.order_by("-year")),
                documents=list(form.cleaned_data["documents"]),
            ),
            "previewed": fingerprint,
        }
    )
    return render(request, "publication/publish.html", context)


@access(Access.MANAGE)
@require_POST
def withdraw(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = _partnership(request, partnership_id, Access.MANAGE)
    publication = Publication.objects.filter(partnership=partnership).first()
    if publication is not None and publication.is_published:
        actions.withdraw(publication, by=request.user)
        messages.success(request, _("The partnership is withdrawn from the public register."))
    return redirect(reverse("publication:outcomes", args=[partnership.pk]))
