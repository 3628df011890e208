"""The guide's pages (shared by every signed-in user), the prefect kit of a partnership, and the
checklist's tick and untick actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from citydiplo.access import Access, access, get_owned
from citydiplo.http import AuthedRequest
from guidance import actions, checklist, panels
from guidance.forms import TickForm, UntickForm
from guidance.models import GlossaryTerm, GuidePage, ModelClause, Section, Source, TrainingModule
from guidance.prefect import prefect_email
from partners.models import Partnership

ERRORS = {
    "document_required": gettext_lazy(
        "This step is proved by a document: choose one of the partnership's documents or add "
        "the file."
    ),
    "already_ticked": gettext_lazy("This step is already ticked."),
    "not_ticked": gettext_lazy("This step is not ticked."),
    "foreign_document": gettext_lazy("Choose a document of this partnership."),
    "already_sent": gettext_lazy("This incident was already sent to the ministry."),
    "no_liaison": gettext_lazy(
        "No ministry liaison follows your municipality yet: ask the platform's administrators."
    ),
    "not_allowed": gettext_lazy("You may not do this on this incident."),
    "already_acknowledged": gettext_lazy("This incident is already acknowledged."),
}


def _pages() -> list[GuidePage]:
    return list(GuidePage.objects.only("slug", "section", "order", "title_fr", "title_en"))


@access(Access.ACCOUNT)
@require_GET
def guide_index(request: AuthedRequest) -> HttpResponse:
    """The guide's table of contents: pages by section, the glossary and the training."""
    pages = list(GuidePage.objects.all())
    sections = [(label, [p for p in pages if p.section == code]) for code, label in Section.choices]
    context = {
        "sections": [(label, items) for label, items in sections if items],
        "modules": list(TrainingModule.objects.all()),
    }
    return render(request, "guidance/index.html", context)


@access(Access.ACCOUNT)
@require_GET
def guide_page(request: AuthedRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(
        GuidePage.objects.prefetch_related(
            Prefetch("sources", queryset=Source.objects.order_by("order", "pk"))
        ),
        slug=slug,
    )
    context = {
        "page": page,
        "pages": _pages(),
        "clauses": list(ModelClause.objects.all()) if page.section == Section.CLAUSES else [],
        "items": checklist.active_items() if page.slug == "checklist" else [],
    }
    return render(request, "guidance/page.html", context)


@access(Access.ACCOUNT)
@require_GET
def glossary(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "guidance/glossary.html",
        {"terms": list(GlossaryTerm.objects.all()), "pages": _pages()},
    )


@access(Access.READ)
@require_GET
def prefect_kit(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """What to send the prefect for this partnership, and the e-mail prefilled from it."""
    partnership = get_owned(
        request,
        Partnership.objects.select_related("partner__country", "municipality"),
        partnership_id,
    )
    documents = list(partnership.documents.all())
    email = prefect_email(partnership, documents, request.user.display_name)
    page = GuidePage.objects.filter(slug="prefect-kit").first()
    context = {"partnership": partnership, "email": email, "page": page, "documents": documents}
    return render(request, "guidance/prefect_kit.html", context)


def _wants_fragment(request: AuthedRequest) -> bool:
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


@access(Access.READ)
@require_GET
def checklist_page(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The partnership's checklist: its own page, or the fragment the partnership page loads."""
    partnership = get_owned(request, Partnership.objects.all(), partnership_id)
    fragment = _wants_fragment(request)
    context = {
        "checklist": panels.checklist_context(request, partnership),
        "standalone": not fragment,
    }
    template = "guidance/checklist.html#panel" if fragment else "guidance/checklist.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _back(request: AuthedRequest, partnership: Partnership) -> HttpResponse:
    """Back where the form was: the checklist's own page, or the partnership page."""
    if request.POST.get("back") == "checklist":
        return redirect(reverse("guidance:checklist", args=[partnership.pk]))
    return redirect(partnership.get_absolute_url() + "#checklist")


@access(Access.WRITE)
@require_POST
def checklist_tick(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    form = TickForm(request.POST, request.FILES, partnership=partnership)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("The step was not ticked: %(errors)s") % {"errors": errors})
        return _back(request, partnership)
    data = form.cleaned_data
    try:
        actions.tick_item(
            partnership,
            data["item"],
            request.user,
            document=data["document"],
            upload=data["file"],
            upload_title=data["title"],
            note=data["note"],
        )
    except actions.GuidanceError as error:
        messages.error(request, str(ERRORS[error.code]))
    else:
        messages.success(request, _("Step ticked: %(step)s") % {"step": data["item"].label})
    return _back(request, partnership)


@access(Access.WRITE)
@require_POST
def checklist_untick(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    form = UntickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step of the checklist."))
        return _back(request, partnership)
    try:
        actions.untick_item(partnership, form.cleaned_data["item"], request.user)
    except actions.GuidanceError as error:
        messages.error(request, str(ERRORS[error.code]))
    else:
        messages.success(
            request, _("Step reopened: %(step)s") % {"step": form.cleaned_data["item"].label}
        )
    return _back(request, partnership)
