"""A real Celery worker builds a portfolio report (forking its bounded rendering child)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.models import User
from municipalities.models import Municipality
from reports.models import PortfolioReport, ReportStatus
from reports.tasks import build_portfolio_report
from tests.factories import make_partnership
from tests.test_celery_worker import worker  # noqa: F401  (the fixture, reused below)

pytestmark = pytest.mark.integration


@pytest.fixture
def report_worker(
    media_root: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    """The worker of tests/test_celery_worker.py, writing its files where this test reads."""
    monkeypatch.setenv("MEDIA_ROOT", str(media_root))
    queue: str = request.getfixturevalue("worker")
    return queue


def test_a_real_worker_builds_the_portfolio(
    transactional_db: None, report_worker: str, town_a: Municipality, victor: User, media_root: Path
) -> None:
    make_partnership(town_a, title="Partenariat suivi par le conseil", status="active")
    report = PortfolioReport.objects.create(municipality=town_a, created_by=victor)
    result = build_portfolio_report.apply_async(args=(report.pk,), queue=report_worker)
    assert result.get(timeout=120) == ReportStatus.DONE
    report.refresh_from_db()
    assert report.progress == 100 and report.partnerships == 1
    assert (media_root / str(report.file.name)).read_bytes().startswith(b"%PDF")
