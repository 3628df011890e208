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


def _prepare_high_risk_draft(town: Municipality) -> tuple[Assessment, Any]:
    """A draft whose first category is answered at its highest, and that category's first
    control (so that ticking it must lower the residual)."""
    from risks.models import Control
    from tests.factories import questionnaire

    officer = make_member(town, Role.OFFICER, "officer@a.test")
    assessment = actions.start_assessment(make_partnership(town), officer)
    control = Control.objects.filter(questionnaire=questionnaire()).order_by("category", "order")[0]
    for q in questionnaire().questions.filter(category=control.category, depends_on=None):
        top = max(q.choices.values_list("points", flat=True))
        actions.save_answer(assessment.pk, q, top, officer, seen_revision=0)
    return assessment, control


def _residual_cell(browser_page: Any, category: str) -> str:
    from risks import scoring

    row = browser_page.locator("#scorecard tbody tr").nth(scoring.CATEGORIES.index(category))
    return str(row.locator("td").nth(1).inner_text())


def test_a_control_ticked_with_its_justification_is_saved_and_lowers_the_residual(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    assessment, control = _prepare_high_risk_draft(town_a)
    base = live_server.url
    sign_in(page, base, "officer@a.test")
    page.goto(base + assessment.get_absolute_url())
    before = _residual_cell(page, control.category)
    box = page.locator(f"#control-{control.key}")
    with page.expect_response(lambda r: r.url.endswith("/control/")) as ticked:
        box.check()
    assert ticked.value.status == 200
    justification = page.locator(f"#id_control-{control.key}-justification")
    with page.expect_response(lambda r: r.url.endswith("/control/")) as justified:
        justification.fill("Clauses de sortie signées le 3 mars")
        justification.blur()
    assert justified.value.status == 200
    page.wait_for_timeout(50)
    expect(page.locator(f"#control-status-{control.key}")).not_to_be_empty()

    page.reload()
    expect(page.locator(f"#control-{control.key}")).to_be_checked()
    expect(justification).to_have_value("Clauses de sortie signées le 3 mars")
    after = _residual_cell(page, control.category)
    assert after != before
    result = Assessment.objects.get(pk=assessment.pk).result["categories"][control.category]
    assert control.key in Assessment.objects.get(pk=assessment.pk).controls_in_place
    assert after.endswith(f"= {result['residual_score']}")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_the_same_without_javascript_by_the_full_page_save(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    assessment, control = _prepare_high_risk_draft(town_a)
    base = live_server.url
    context = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, base, "officer@a.test")
    plain.goto(base + assessment.get_absolute_url())
    before = _residual_cell(plain, control.category)
    plain.locator(f"#control-{control.key}").check()
    plain.locator(f"#id_control-{control.key}-justification").fill("Vérifié avec la préfecture")
    plain.locator("#diagnostic-form button[type=submit]").click()
    plain.wait_for_load_state("load")

    plain.goto(base + assessment.get_absolute_url())
    expect(plain.locator(f"#control-{control.key}")).to_be_checked()
    expect(plain.locator(f"#id_control-{control.key}-justification")).to_have_value(
        "Vérifié avec la préfecture"
    )
    assert _residual_cell(plain, control.category) != before
    assert control.key in Assessment.objects.get(pk=assessment.pk).controls_in_place
    context.close()
