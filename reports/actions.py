"""Requesting and building portfolio reports: what views, tasks and commands call."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from reports import pdf, portfolio
from reports.models import PortfolioReport, ReportStatus

logger = logging.getLogger(__name__)


def request_portfolio_report(
    municipality: Municipality, user: User, language: str
) -> PortfolioReport:
    """Record the request and hand it to the worker once the row is committed."""
    from reports.tasks import build_portfolio_report

    report = PortfolioReport.objects.create(
        municipality=municipality, created_by=user, language=language
    )

    def enqueue() -> None:
        try:
            build_portfolio_report.delay(report.pk)
        except Exception:  # broker down: say so on the row rather than leave it pending
            logger.exception("could not enqueue portfolio report %s", report.pk)
            _finish(report.pk, ReportStatus.FAILED, error="queue unavailable")

    transaction.on_commit(enqueue)
    return report


def _update(report_id: int, **fields: object) -> None:
    PortfolioReport.objects.filter(pk=report_id).update(**fields)


def _finish(report_id: int, status: str, **fields: object) -> None:
    _update(report_id, status=status, finished_at=timezone.now(), **fields)


def build_portfolio_report(report_id: int) -> PortfolioReport:
    """Build the PDF of a requested report; safe to run twice (a finished report is kept)."""
    report = PortfolioReport.objects.select_related("municipality", "created_by").get(pk=report_id)
    if report.status == ReportStatus.DONE:
        return report
    _update(report_id, status=ReportStatus.RUNNING, progress=5, error="")

    def progress(percent: int) -> None:
        _update(report_id, progress=percent)

    try:
        html, count = portfolio.render_html(
            report.municipality, report.language, report.created_by, progress
        )
        outcome = pdf.html_to_pdf(html, pdf.PORTFOLIO_LIMITS)
        progress(90)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        name = f"portfolio-{report.municipality.insee_code}-{stamp}-{report.language}.pdf"
        report.file.save(name, ContentFile(outcome.data), save=False)
    except pdf.RenderError as error:
        logger.warning("portfolio report %s failed: %s", report_id, error)
        _finish(report_id, ReportStatus.FAILED, error=str(error)[:300])
        report.refresh_from_db()
        return report
    except Exception:
        _finish(report_id, ReportStatus.FAILED, error="unexpected error")
        raise
    _finish(report_id, ReportStatus.DONE, progress=100, file=report.file.name, partnerships=count)
    report.refresh_from_db()
    return report
