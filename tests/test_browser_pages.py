"""Every page of every role in chromium, at a phone's width and a laptop's.

For each role (anonymous visitor, viewer, officer, manager, regional and national liaison) the
access sweep's URL list is placed on one municipality; the pages the role may open (an HTML page
answering 200) are then visited at 1366 px and 390 px. A page fails when it scrolls sideways,
logs a console error, breaks the Content Security Policy, or has an axe-core violation of impact
serious or critical. Minor and moderate violations are printed, to be worked through.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from citydiplo.access import Access
from municipalities.models import Municipality, Role
from tests.browser import chromium  # noqa: F401 — fixture
from tests.conftest import client_for, make_member
from tests.ministry.conftest import national_liaison, rated, regional_liaison
from tests.test_access_sweep import ROUTES, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
BLOCKING = ("serious", "critical")
AXE_SCRIPT = Axe().axe_script  # the axe-core bundled with axe-playwright-python, pinned with it

# The innermost elements that reach past the right edge of the screen, to say what to fix.
WIDEST = """
() => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
    && !Array.from(e.children).some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.className ? "." + e.className : ""))
"""

# Listens before any script of the page runs: each CSP violation is kept on the window.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""

PERSONAS: dict[str, Callable[[Municipality], User | None]] = {
    "anonymous": lambda town: None,
    "manager": lambda town: make_member(town, Role.MANAGER, "manager@a.test"),
    "officer": lambda town: make_member(town, Role.OFFICER, "officer@a.test"),
    "viewer": lambda town: make_member(town, Role.VIEWER, "viewer@a.test"),
    "national liaison": lambda town: national_liaison("national@meae.test"),
    "liaison": lambda town: regional_liaison(town.region, "liaison@meae.test"),
}
# Roles whose pages carry the same controls: axe checks a route for the first of them only
# (a manager's page holds an officer's controls and more; both liaisons see the same pages).
AXE_ONCE_FOR = {"officer": "manager", "liaison": "national liaison"}


Url = tuple[str, Access | None, str]  # route name, what its view does, the URL


def _every_url(town: Municipality) -> list[Url]:
    """Each URL of the access sweep once, its objects created in `town` by the sweep's
    factories."""
    return [(route.name, route.access, _url(route, town)) for route in ROUTES]


def _pages_of(user: User | None, urls: list[Url], not_pages: set[str]) -> list[tuple[str, str]]:
    """The full HTML pages this user can open: files, partials and refusals left out. A route
    that answered a file or a partial once is one for every role (`not_pages`): its PDF is not
    built again."""
    client = client_for(user) if user else Client()
    pages = []
    for name, access, url in urls:
        if (user is None and access != Access.PUBLIC) or name in not_pages:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        if response["Content-Type"].startswith("text/html") and b"<html" in response.content[:300]:
            pages.append((name, url))
        else:
            not_pages.add(name)
    return pages


def _session_cookie(user: User, base_url: str) -> dict[str, str]:
    client = client_for(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def _axe_findings(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (axe injected once per page load)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "targets": [str(n["target"]) for n in v["nodes"]][:3],
        }
        for v in violations
    ]


def test_every_page_of_every_role_fits_and_passes_axe(
    chromium: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
) -> None:
    started = time.monotonic()
    rated(town_a)  # a rated partnership: charts, bands and diagnostics have something to show
    urls = _every_url(town_a)
    print(f"\n{len(urls)} URLs placed in {time.monotonic() - started:.0f} s")
    failures: list[str] = []
    seen: dict[str, set[str]] = {"wide": set()}
    not_pages: set[str] = set()
    for persona, make in PERSONAS.items():
        user = make(town_a)
        started = time.monotonic()
        pages = _pages_of(user, urls, not_pages)
        assert pages, persona
        print(f"{persona}: pages listed in {time.monotonic() - started:.0f} s")
        seen[persona] = seen.get(AXE_ONCE_FOR.get(persona, persona), set())
        failures += _visit_as(persona, user, pages, chromium, live_server.url, seen)
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def _visit_as(
    persona: str,
    user: User | None,
    pages: list[tuple[str, str]],
    browser: Any,
    base_url: str,
    seen: dict[str, set[str]],
) -> list[str]:
    """Visit each page of `persona` at both widths: overflow, console and CSP checked on every
    page. axe runs at 390 px on each route the role (or its group) has not had checked, and at
    1366 px on the first role that opens each route: the roles' pages differ in their controls,
    which the phone's run covers, while the wide layout is the same for all (the suite stays
    within minutes)."""
    started = time.monotonic()
    context = browser.new_context(locale="fr-FR", viewport={"width": WIDTHS[0], "height": 900})
    if user is not None:
        context.add_cookies([_session_cookie(user, base_url)])
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))

    failures: list[str] = []
    minor: Counter[str] = Counter()
    for name, url in pages:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        console.clear()
        page.goto(base_url + url)
        # Sections loaded by htmx on page load are checked once they are in.
        expect(page.locator(".htmx-request")).to_have_count(0)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            where = f"{persona}: {url} at {width} px"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                culprits = page.evaluate(WIDEST)
                failures.append(f"{where}: {overflow} px wider than the screen: {culprits}")
            checked = seen["wide"] if width == WIDTHS[0] else seen[persona]
            if name in checked:
                continue
            checked.add(name)
            for finding in _axe_findings(page):
                if finding["impact"] in BLOCKING:
                    failures.append(f"{where}: axe {finding['id']} {finding['targets']}")
                else:
                    minor[f"{finding['id']} ({finding['impact']}) {url}"] += 1
        for violation in page.evaluate("window.__csp || []"):
            failures.append(f"{persona}: {url}: CSP {violation}")
        failures.extend(f"{persona}: {url}: console {text}" for text in console)
    context.close()
    print(
        f"\n{persona}: {len(pages)} pages at {len(WIDTHS)} widths"
        f" in {time.monotonic() - started:.0f} s"
    )
    for found in sorted(minor):
        print(f"  minor/moderate: {found}")
    return failures
