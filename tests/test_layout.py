"""The page frame every signed-in page shares: what the browser suite relies on, checked
without a browser."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Membership

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_the_frame_has_skip_link_menu_button_favicon_and_statement_link(
    alice_client: Client,
) -> None:
    body = alice_client.get(reverse("home")).content.decode()
    assert '<a class="skip-link" href="#main">' in body and '<main id="main"' in body
    button = re.search(r'<button type="button" class="menu-button"[^>]*>', body)
    assert button and 'aria-expanded="false"' in button.group(0)
    controlled = re.search(r'aria-controls="([^"]+)"', button.group(0))
    assert controlled and f'id="{controlled.group(1)}"' in body
    assert 'rel="icon"' in body and "favicon.svg" in body and "favicon.ico" in body
    assert reverse("public:accessibility") in body


@pytest.mark.django_db
def test_messages_are_announced_from_a_wrapper_not_from_the_list(
    alice: User, martha_client: Client
) -> None:
    # role="status" on the <ul> hid its list semantics (axe: listitem, aria-allowed-role).
    membership = Membership.objects.get(user=alice)
    url = reverse("municipalities:member_remove", args=[membership.pk])
    body = martha_client.post(url, follow=True).content.decode()
    wrapper = re.search(r'<div class="messages" role="status">\s*<ul>\s*<li class="message', body)
    assert wrapper, "the message list is not inside a status wrapper"
    assert '<ul class="messages"' not in body


def test_no_template_of_a_page_carries_an_inline_style() -> None:
    """The Content Security Policy forbids inline styles: a style attribute would be refused
    by the browser (e-mails, read in mail clients, and the PDFs' base, read by WeasyPrint, are
    not pages)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "email" not in path.parts
        and not path.name.endswith("_pdf.html")
        and re.search(r"\sstyle=|<style", path.read_text())
    ]
    assert offenders == []


def test_every_shipped_font_comes_with_its_licence() -> None:
    fonts = ROOT / "static" / "fonts"
    families = {p.stem.split("-")[0] for p in fonts.glob("*") if p.suffix in (".woff2", ".ttf")}
    licences = {p.name for p in fonts.glob("LICENSE-*")}
    assert families == {"DejaVuSans", "OpenSans"}
    assert {"LICENSE-DejaVu.txt", "LICENSE-OpenSans.txt"} <= licences


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "remedy", "contact"),
    [("", "Défenseur des droits", "accessibilite@"), ("?lang=en", "Remedies", "write to")],
)
def test_the_accessibility_statement_covers_the_application(
    query: str, remedy: str, contact: str
) -> None:
    body = Client().get(reverse("public:accessibility") + query).content.decode()
    assert remedy in body and contact in body
    assert "RGAA" in body and "2026" in body  # conformity framework and audit date
