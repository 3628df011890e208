"""The public pages in chromium: no serious or critical axe-core violation, no horizontal
scroll at 390 px, and the language link works signed out.

axe-core comes with the `axe-playwright-python` dev dependency (its bundled `axe.min.js`, pinned
with the package), so CI installs it from requirements.lock like everything else.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from publication import actions
from publication.models import Outcome
from tests.browser import page  # noqa: F401 — fixture
from tests.factories import make_partner, make_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)


def _publish_some(town: Municipality, by: User) -> str:
    slug = ""
    for n, (title, country) in enumerate(
        [
            ("Jumelage avec la ville de Brunnfeld-an-der-Weißach-Oberland", "DE"),
            ("Convention eau et assainissement", "SN"),
            ("Échanges scolaires", "IT"),
        ]
    ):
        partner = make_partner(town, country=country, name=f"Ville partenaire {n}")
        partnership = make_partnership(partner, title=title, status="active")
        for year in (2024, 2025):
            actions.save_outcome(
                Outcome(
                    partnership=partnership,
                    year=year,
                    activities="Échange de 24 collégiens et tournoi sportif des deux villes",
                    people_involved=120,
                    municipal_budget=Decimal("12500.50"),
                    co_financing=Decimal("4000"),
                    narrative="Les deux villes ont comparé leur collecte des biodéchets.",
                ),
                by=by,
            )
        draft = actions.draft_for(partnership)
        draft.objectives = "Faire se rencontrer les habitants des deux villes. " * 3
        draft.contact_email = "relations-internationales@ville-a.test"
        slug = actions.publish(draft, [], by=by).slug
    return slug


def test_public_pages_pass_axe_and_fit_a_phone(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
    martha: User,
    tmp_path: Path,
) -> None:
    slug = _publish_some(town_a, martha)
    insee = town_a.insee_code
    urls = [
        reverse("public:index"),
        reverse("public:register", kwargs={"insee": insee}),
        reverse("public:register", kwargs={"insee": insee}) + "?country=DE&lang=en",
        reverse("public:partnership", kwargs={"insee": insee, "slug": slug}),
        reverse("public:accessibility"),
    ]
    axe = Axe()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(live_server.url + url)
            results = axe.run(page)
            bad = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert bad == [], f"{url} at {width} px: {bad}"
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways at {width} px ({overflow} px)"
            name = url.strip("/").replace("/", "_").replace("?", "_") or "root"
            page.screenshot(path=str(tmp_path / f"{width}-{name}.png"), full_page=True)
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_the_language_link_works_signed_out(
    page: Any,  # noqa: F811
    live_server: Any,
    town_a: Municipality,
    martha: User,
) -> None:
    _publish_some(town_a, martha)
    page.goto(live_server.url + reverse("public:register", kwargs={"insee": town_a.insee_code}))
    assert page.locator("h1").inner_text() == "Partenariats internationaux de Ville A"
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "International partnerships of Ville A"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Partenariats internationaux de Ville A"
