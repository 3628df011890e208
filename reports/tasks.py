"""Celery tasks of the reports: thin, they take ids and call reports.actions."""

from celery import shared_task

from reports import actions

# The rendering child has its own limits (reports/pdf.py); these bound the whole task.
SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300


@shared_task(acks_late=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT)
def build_portfolio_report(report_id: int) -> str:
    """Build a requested portfolio report; returns its final status."""
    return str(actions.build_portfolio_report(report_id).status)


@shared_task(acks_late=True, ignore_result=True)
def sweep_pending_reports() -> int:
    """Enqueue again the portfolio reports left pending while the broker was down."""
    return actions.sweep_pending()
