"""End to end in chromium: an officer answers a diagnostic by clicking, a manager approves it."""

from typing import Any

import pytest
from playwright.sync_api import expect

from municipalities.models import Municipality, Role
from risks import actions
from risks.models import Assessment, AssessmentStatus
from tests.browser import page  # noqa: F401 — fixture
from tests.conftest import PASSWORD, make_member
from tests.factories import make_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser_page: Any, base: str, email: str) -> None:
    browser_page.goto(base + "/accounts/login/")
    browser_page.locator("main input[name=username]").fill(email)
    browser_page.locator("main input[name=password]").fill(PASSWORD)
    browser_page.locator("main button[type=submit]").click()
    browser_page.wait_for_url(base + "/")


def test_officer_answers_by_clicking_and_manager_approves(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    officer = make_member(town_a, Role.OFFICER, "officer@a.test")
    make_member(town_a, Role.MANAGER, "manager@a.test")
    assessment = actions.start_assessment(make_partnership(town_a, sectors=["ai"]), officer)
    base = live_server.url

    sign_in(page, base, "officer@a.test")
    page.goto(base + assessment.get_absolute_url())
    page.evaluate("window.__noReload = true")
    rating = page.locator("#scorecard .rating")
    before = rating.inner_text()

    for code in ("ip_capture", "disinformation", "imported_conflict"):
        section = f"#category-{code}"
        visible = f"{section} fieldset.question:not([hidden])"
        index = 0
        # Answers can reveal dependent questions, so the count is read again after each one.
        while index < page.locator(visible).count():
            choice = page.locator(visible).nth(index).locator("input[type=radio]")
            with page.expect_response(lambda r: r.url.endswith("/answer/")) as answered:
                choice.nth(1).check()
            assert answered.value.status == 200
            page.wait_for_timeout(50)  # let htmx swap the section in
            expect(
                page.locator(visible).nth(index).locator("input[type=radio]").nth(1)
            ).to_be_checked()
            index += 1
        expect(page.locator(f"{section} .completeness strong")).to_be_visible()

    expect(rating).not_to_have_text(before)
    assert page.evaluate("window.__noReload") is True  # every answer saved without a page load
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []

    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state("networkidle")
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, base, "manager@a.test")
    page.goto(base + assessment.get_absolute_url())
    page.locator("form[action$='/approve/'] button").click()
    page.wait_for_load_state("networkidle")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    assert assessment.approved_by is not None and assessment.approved_by.email == "manager@a.test"
