"""End to end in chromium: the dashboard and the notifications lead each person to their step,
and the partnership's page leads to the referral and shows the ministry's opinion."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipalities.models import Municipality, Region, Role
from reviews.models import Referral
from risks import actions
from risks.models import Assessment, AssessmentStatus
from tests.browser import page  # noqa: F401 — fixture
from tests.conftest import make_member
from tests.factories import make_partnership, set_regime
from tests.reviews.conftest import answer_quickly, approved_assessment, make_liaison
from tests.test_browser_diagnostic import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def mail_in_memory(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_a_manager_finds_the_submitted_diagnostic_and_approves_it(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    officer = make_member(town_a, Role.OFFICER, "officer@a.test")
    make_member(town_a, Role.MANAGER, "manager@a.test")
    assessment = actions.start_assessment(
        make_partnership(town_a, title="Jumelage fluvial"), officer
    )
    answer_quickly(assessment, officer, 1)
    actions.submit_assessment(assessment.pk, officer)
    base = live_server.url

    sign_in(page, base, "manager@a.test")
    awaiting = page.locator("#awaiting")
    expect(awaiting).to_contain_text("1 diagnostic à approuver")
    expect(
        awaiting.locator("[data-item=to_approve]").get_by_role("link", name="Jumelage fluvial")
    ).to_be_visible()

    expect(page.locator(".notification-link .count-badge")).to_contain_text("1")
    page.locator(".notification-link").click()
    notification = page.locator("li.notification").first
    expect(notification).to_contain_text("Jumelage fluvial")
    notification.get_by_role("link").click()
    page.wait_for_url(base + assessment.get_absolute_url())

    page.locator("form[action$='/approve/'] button").click()
    page.wait_for_load_state("networkidle")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    page.goto(base + "/")
    expect(page.locator("#awaiting")).not_to_contain_text("1 diagnostic à approuver")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_the_officer_opens_the_referral_and_sees_the_liaisons_opinion(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    officer = make_member(town_a, Role.OFFICER, "officer@a.test")
    manager = make_member(town_a, Role.MANAGER, "manager@a.test")
    make_liaison("liaison@meae.test", region=Region.CENTRE_VAL_DE_LOIRE)
    set_regime("DE", 0)
    flagged: Assessment = approved_assessment(officer, manager, town=town_a)
    referral = Referral.objects.get(assessment=flagged)
    partnership_url = live_server.url + flagged.partnership.get_absolute_url()
    base = live_server.url

    sign_in(page, base, "officer@a.test")
    page.goto(partnership_url)
    page.locator("#ministry").get_by_role("link", name="Ouvrir la saisine").click()
    page.wait_for_url(base + referral.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(flagged.partnership.title)

    page.context.clear_cookies()
    sign_in(page, base, "liaison@meae.test")
    expect(page.locator("#liaison-new")).to_contain_text(flagged.partnership.title)
    page.locator("#liaison-new").get_by_role("link", name=flagged.partnership.title).click()
    page.wait_for_url(base + referral.get_absolute_url())
    form = page.locator("#opinion-form")
    form.get_by_label("vigilance").check()
    form.locator("textarea[name=reasons]").fill("Exclure tout transfert de données de recherche.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, base, "officer@a.test")
    page.goto(partnership_url)
    ministry = page.locator("#ministry")
    expect(ministry).to_contain_text("Avis du ministère : vigilance")
    expect(ministry).to_contain_text("Exclure tout transfert de données de recherche.")
