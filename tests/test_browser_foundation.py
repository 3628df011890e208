"""End to end in chromium: sign in, change a role through htmx without a page load."""

from typing import Any

import pytest
from playwright.sync_api import expect

from municipalities.models import Membership, Municipality, Role
from tests.browser import page  # noqa: F401 — fixture
from tests.conftest import PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_changes_a_role_in_place(page: Any, live_server: Any, town_a: Municipality) -> None:  # noqa: F811
    make_member(town_a, Role.MANAGER, "boss@a.test")
    alice = make_member(town_a, Role.OFFICER, "alice@a.test")

    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Adresse électronique").fill("boss@a.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server.url + "/")

    page.get_by_role("link", name="Membres").click()
    page.evaluate("window.__noReload = true")
    row = page.locator(f"#member-{Membership.objects.get(user=alice).pk}")
    row.get_by_label("Rôle d'Alice").select_option("viewer")
    row.get_by_role("button", name="Modifier le rôle").click()
    expect(page.locator("#live-region")).to_contain_text("Alice")
    assert page.evaluate("window.__noReload") is True  # the page was not reloaded
    assert Membership.objects.get(user=alice).role == Role.VIEWER
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
