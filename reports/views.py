"""Report downloads (READ: viewers may download) and the portfolio page with its progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from citydiplo import htmx
from citydiplo.access import Access, access, current_membership, get_owned
from citydiplo.http import AuthedRequest
from partners.models import Partnership
from reports import actions, partnership
from reports.forms import LanguageForm, PartnershipReportForm
from reports.models import PortfolioReport
from reports.pdf import RenderError
from risks.models import Assessment

PAST_REPORTS = 20


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # classified documents: never cached
    return response


def _report_of(request: AuthedRequest, assessment: Assessment) -> HttpResponse:
    form = PartnershipReportForm(request.GET or None)
    language, edition = form.language(), form.edition_chosen()
    try:
        outcome = partnership.render_partnership_report(assessment, language, request.user, edition)
    except RenderError:
        messages.error(request, _("The report could not be produced. Try again in a moment."))
        return redirect(assessment.get_absolute_url())
    return _pdf_response(outcome.data, partnership.filename_for(assessment, language, edition))


@access(Access.READ)
@require_GET
def assessment_report(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    """The report of this exact diagnostic (a draft prints as a working document)."""
    assessment = get_owned(request, partnership.report_queryset(), assessment_id)
    return _report_of(request, assessment)


@access(Access.READ)
@require_GET
def partnership_report(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The report of the partnership's latest approved diagnostic."""
    owned = get_owned(request, Partnership.objects.all(), partnership_id)
    assessment = partnership.latest_approved(owned)
    if assessment is None:
        return render(request, "reports/no_report.html", {"partnership": owned})
    return _report_of(request, assessment)


def _past_reports(request: AuthedRequest) -> list[PortfolioReport]:
    membership = current_membership(request)
    return list(
        PortfolioReport.objects.filter(municipality_id=membership.municipality_id)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:PAST_REPORTS]
    )


@access(Access.READ)
@require_http_methods(["GET", "POST"])
def portfolio(request: AuthedRequest) -> HttpResponse:
    """The portfolio reports of the municipality; POST asks the worker for a new one.

    Viewers may ask too: a report changes nothing in the register.
    """
    membership = current_membership(request)
    form = LanguageForm(request.POST or None)
    if request.method == "POST":
        _report, created = actions.request_portfolio_report(
            membership.municipality, request.user, form.language()
        )
        if created:
            messages.success(
                request, _("The portfolio report is being built: it will be offered below.")
            )
        else:
            messages.info(
                request,
                _("This report is already being built: it will be offered below when ready."),
            )
        return redirect("reports:portfolio")
    return render(
        request,
        "reports/portfolio_page.html",
        {"form": LanguageForm(initial={"lang": "fr"}), "reports": _past_reports(request)},
    )


@access(Access.READ)
@require_GET
def portfolio_status(request: AuthedRequest, report_id: int) -> HttpResponse:
    """One report's row, polled by htmx every 2 s until it is finished (then polling stops)."""
    report = get_owned(request, PortfolioReport.objects.select_related("created_by"), report_id)
    response = htmx.fragment(request, "reports/portfolio_page.html#report_row", {"report": report})
    response["Cache-Control"] = "no-store"
    return response


@access(Access.READ)
@require_GET
def portfolio_download(request: AuthedRequest, report_id: int) -> HttpResponseBase:
    """The kept file; while it is not ready, the page that shows its progress."""
    report = get_owned(request, PortfolioReport.objects.select_related("created_by"), report_id)
    if not report.is_ready:
        return render(request, "reports/portfolio_wait.html", {"report": report})
    try:
        handle = report.file.open("rb")
    except OSError:  # the row outlived its file (storage cleaned by hand): say so
        return render(request, "reports/portfolio_wait.html", {"report": report, "lost": True})
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=(report.file.name or "").rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
