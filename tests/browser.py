"""Playwright driving Debian's chromium, for the end-to-end tests."""

import os
import shutil
from collections.abc import Iterator

import pytest
from django.db import connections

from tests.conftest import in_ci

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_chromium() -> None:
    if not shutil.which(CHROMIUM):
        message = f"no chromium at {CHROMIUM} (Debian: apt install chromium)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself between steps are safe, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One browser for a whole module: each test opens its own context (cookies, viewport)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
    connections.close_all()


@pytest.fixture
def page(live_server: object) -> Iterator[object]:
    need_chromium()
    from playwright.sync_api import ConsoleMessage, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []

        def keep_errors(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("console", keep_errors)
        page.console_errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()
        # ORM calls made while Playwright's loop runs get connections of their own context:
        # close them here, or the test database cannot be dropped at the end of the run.
        connections.close_all()
