"""The portfolio report: built by the task, progress polled by htmx, file kept and listed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from municipalities.models import Municipality
from reports import actions
from reports import pdf as report_pdf
from reports.models import PortfolioReport, ReportStatus
from tests.factories import make_partnership
from tests.reports.conftest import diagnosed_partnership, pdf_pages

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def portfolio(china: None, town_a: Municipality, alice: User, martha: User) -> list[Any]:
    """Three rated partnerships (different scores), one unrated, one ended (left out)."""
    rated = [
        diagnosed_partnership(
            town_a,
            alice,
            martha,
            points=p,
            title=f"Partenariat noté {p}",
            partner_name=f"Institut n° {p}",
        )
        for p in (1, 4, 2)
    ]
    make_partnership(town_a, title="Partenariat sans diagnostic", status="active")
    make_partnership(town_a, title="Partenariat terminé", status="ended")
    return rated


def read_back(report: PortfolioReport) -> list[str]:
    with report.file.open("rb") as handle:
        return pdf_pages(handle.read())


def request_and_build(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any], lang: str
) -> PortfolioReport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:portfolio"), {"lang": lang})
    assert response.status_code == 302
    return PortfolioReport.objects.get()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_viewer_builds_and_downloads_the_portfolio(
    portfolio: list[Any],
    victor: User,
    victor_client: Client,
    language: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    report = request_and_build(victor_client, django_capture_on_commit_callbacks, language)
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.language == language and report.created_by == victor
    assert report.partnerships == 4
    pages = read_back(report)
    flat = " ".join("\n".join(pages).replace("\u2010\n", "").split())  # hyphenation joined
    with translation.override(language):
        assert gettext("Portfolio of international partnerships") in flat
        for code in ("low", "moderate", "high", "critical"):
            assert gettext(code).capitalize() in flat
    assert "Ville A" in pages[0]
    # Sorted by residual score, worst first; the unrated one last; the ended one left out.
    titles = re.findall(r"Partenariat (noté \d|sans diagnostic|terminé)", flat)
    assert titles == ["noté 4", "noté 2", "noté 1", "sans diagnostic"]
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in page

    response = victor_client.get(reverse("reports:portfolio_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")


def test_the_page_lists_past_reports_and_polls_until_done(
    town_a: Municipality, victor: User, victor_client: Client, django_assert_max_num_queries: Any
) -> None:
    pending = PortfolioReport.objects.create(
        municipality=town_a, created_by=victor, progress=40, status=ReportStatus.RUNNING
    )
    victor_client.get(reverse("reports:portfolio"))  # warm the session
    with django_assert_max_num_queries(8):
        body = victor_client.get(reverse("reports:portfolio")).content.decode()
    assert 'hx-trigger="every 2s"' in body and "40 %" in body
    status_url = reverse("reports:portfolio_status", args=[pending.pk])
    assert status_url in body

    fragment = victor_client.get(status_url, headers=HTMX)
    assert fragment.status_code == 200
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    pending.status, pending.progress, pending.file = ReportStatus.DONE, 100, "reports/x.pdf"
    pending.save()
    done = victor_client.get(status_url, headers=HTMX).content.decode()
    assert "hx-trigger" not in done  # polling stops
    assert reverse("reports:portfolio_download", args=[pending.pk]) in done


def test_a_report_not_ready_yet_shows_its_progress_instead_of_a_file(
    town_a: Municipality, victor_client: Client
) -> None:
    report = PortfolioReport.objects.create(municipality=town_a)
    response = victor_client.get(reverse("reports:portfolio_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_failed_rendering_is_recorded_on_the_row(
    town_a: Municipality, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(html: str, limits: report_pdf.Limits) -> Any:
        raise report_pdf.RenderError("rendering took more than 1 s")

    monkeypatch.setattr(report_pdf, "html_to_pdf", fail)
    report = PortfolioReport.objects.create(municipality=town_a, created_by=alice)
    actions.build_portfolio_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "more than 1 s" in report.error
    assert not report.file


def test_building_twice_keeps_the_first_file(town_a: Municipality, alice: User) -> None:
    report = PortfolioReport.objects.create(municipality=town_a, created_by=alice)
    first = actions.build_portfolio_report(report.pk)
    assert first.status == ReportStatus.DONE
    again = actions.build_portfolio_report(report.pk)
    assert again.file.name == first.file.name


def test_outsiders_get_404_on_reports_of_another_municipality(
    town_a: Municipality, oscar_client: Client
) -> None:
    report = PortfolioReport.objects.create(municipality=town_a)
    for name in ("reports:portfolio_status", "reports:portfolio_download"):
        assert oscar_client.get(reverse(name, args=[report.pk])).status_code == 404
    assert "Ville A" not in oscar_client.get(reverse("reports:portfolio")).content.decode()


def test_the_register_nav_links_to_the_portfolio(victor_client: Client) -> None:
    body = victor_client.get(reverse("partners:partnership_list")).content.decode()
    assert reverse("reports:portfolio") in body


def test_repeated_requests_join_the_build_in_flight(
    town_a: Municipality,
    victor_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Ten clicks of a viewer queue one build per language, not ten."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        for _ in range(10):
            response = victor_client.post(reverse("reports:portfolio"), {"lang": "fr"}, follow=True)
            assert response.status_code == 200
        victor_client.post(reverse("reports:portfolio"), {"lang": "en"})
    assert len(queued) == 2
    assert sorted(PortfolioReport.objects.values_list("language", flat=True)) == ["en", "fr"]
    assert "déjà en cours de préparation" in response.content.decode()

    # once the build is over, a new request starts a new one
    PortfolioReport.objects.filter(language="fr").update(status=ReportStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        victor_client.post(reverse("reports:portfolio"), {"lang": "fr"})
    assert len(queued) == 1
    assert PortfolioReport.objects.filter(language="fr").count() == 2


def test_a_lost_build_does_not_block_the_next_request(
    town_a: Municipality, victor: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        stuck, _created = actions.request_portfolio_report(town_a, victor, "fr")
    PortfolioReport.objects.filter(pk=stuck.pk).update(
        status=ReportStatus.RUNNING, created_at=stuck.created_at - actions.LOST_AFTER
    )
    with django_capture_on_commit_callbacks(execute=False):
        fresh, created = actions.request_portfolio_report(town_a, victor, "fr")
    assert created and fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED


def test_the_report_covers_every_partnership_in_progress_with_the_dashboards_totals(
    china: None, town_a: Municipality, alice: User, martha: User, victor: User
) -> None:
    from dashboard import figures
    from partners.models import Partnership

    critical, assessment = diagnosed_partnership(
        town_a, alice, martha, points=4, title="Centre de recherche proposé", partner_name="Lab"
    )
    assert assessment.rating == "critical"
    Partnership.objects.filter(pk=critical.pk).update(status="proposed")
    suspended, _ = diagnosed_partnership(
        town_a, alice, martha, points=1, title="Échange suspendu", partner_name="Ecole"
    )
    Partnership.objects.filter(pk=suspended.pk).update(status="suspended")
    diagnosed_partnership(town_a, alice, martha, points=2, title="Projet actif", partner_name="U")
    make_partnership(town_a, title="Partenariat terminé", status="ended")

    report = actions.build_portfolio_report(
        PortfolioReport.objects.create(municipality=town_a, created_by=victor).pk
    )
    assert report.partnerships == 3
    flat = " ".join("\n".join(read_back(report)).replace("\u2010\n", "").split())
    assert "Centre de recherche proposé (proposé)" in flat
    assert "Partenariats proposés (pas encore en vigueur)" in flat
    assert "Partenariats suspendus" in flat and "Échange suspendu" in flat
    assert "Partenariat terminé" not in flat

    dashboard = figures.portfolio(town_a)
    bands = [dashboard.by_band[code] for code in ("low", "moderate", "high", "critical", "")]
    expected = " ".join(str(n) for n in [*bands, dashboard.total])
    assert f"Faible Modéré Élevé Critique Non coté Total {expected}" in flat
    assert dashboard.by_band["critical"] >= 1 and dashboard.total == 3
