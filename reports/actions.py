"""Requesting and building portfolio reports: what views, tasks and commands call."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import pgettext

from accounts.models import User
from citydiplo.queue import send_quietly
from municipalities.models import Municipality
from reports import pdf, portfolio
from reports.models import PortfolioReport, ReportStatus

logger = logging.getLogger(__name__)

# By name: the task module calls this one, which must not import it back.
BUILD_TASK = "reports.tasks.build_portfolio_report"


IN_FLIGHT = (ReportStatus.PENDING, ReportStatus.RUNNING)
# A build still pending or running after this long was lost (worker killed, queue emptied): a
# new request replaces it. Longer than the task's hard time limit plus the sweeper's delay.
LOST_AFTER = timedelta(minutes=15)
SWEEP_AFTER = timedelta(minutes=2)  # pending this long: enqueued again by the sweeper


def request_portfolio_report(
    municipality: Municipality, user: User, language: str
) -> tuple[PortfolioReport, bool]:
    """Record a request and hand it to the worker once committed; (report, True).

    One build per municipality and language at a time: while one is pending or running, a
    second request joins it and gets (that report, False), so repeated clicks cost nothing.
    """
    with transaction.atomic():
        # Requests of one municipality queue here, so two cannot both see "nothing in flight".
        list(Municipality.objects.select_for_update().filter(pk=municipality.pk).values("pk"))
        current = (
            PortfolioReport.objects.filter(
                municipality=municipality, language=language, status__in=IN_FLIGHT
            )
            .order_by("-created_at")
            .first()
        )
        if current is not None:
            if current.created_at > timezone.now() - LOST_AFTER:
                return current, False
            _finish(current.pk, ReportStatus.FAILED, error="lost")
        report = PortfolioReport.objects.create(
            municipality=municipality, created_by=user, language=language
        )
        # With the broker down the report stays pending: the sweeper enqueues it later.
        transaction.on_commit(lambda: enqueue([report.pk]))
    return report, True


def enqueue(report_ids: list[int]) -> None:
    send_quietly(current_app.tasks[BUILD_TASK], ([pk] for pk in report_ids))


def sweep_pending() -> int:
    """Enqueue again the reports still pending after SWEEP_AFTER (the broker was down)."""
    now = timezone.now()
    ids = list(
        PortfolioReport.objects.filter(
            status=ReportStatus.PENDING,
            created_at__lte=now - SWEEP_AFTER,
            created_at__gt=now - LOST_AFTER,
        ).values_list("pk", flat=True)[:100]
    )
    enqueue(ids)
    return len(ids)


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
        with translation.override(report.language):
            word = slugify(pgettext("file name", "portfolio"))
        name = f"{word}-{report.municipality.insee_code}-{stamp}-{report.language}.pdf"
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
