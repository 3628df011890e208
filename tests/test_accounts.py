"""Sign-in by e-mail, lockout, password change and reset, sign-out."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def test_sign_in_with_email_in_any_case(alice: User) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "ALICE@a.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_says_so_and_keeps_the_address(alice: User) -> None:
    response = Client().post(LOGIN, {"username": "alice@a.test", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="alice@a.test"' in body
    assert "ne correspondent pas" in body  # French by default


def test_lockout_after_repeated_failures(alice: User) -> None:
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "alice@a.test", "password": "wrong"})
    response = client.post(LOGIN, {"username": "alice@a.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_the_session(alice_client: Client) -> None:
    assert alice_client.get(reverse("accounts:logout")).status_code == 405
    response = alice_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert alice_client.get(reverse("home")).status_code == 302


def test_password_change(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass-42",
            "new_password2": "a-new-long-pass-42",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-pass-42")


def test_password_reset_by_email(alice: User) -> None:
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@a.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", str(mail.outbox[0].body))
    assert link is not None
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-pass-77")


def test_password_reset_does_not_reveal_unknown_addresses(alice: User) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@x.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_pages_carry_a_nonce_csp_without_unsafe_inline(alice_client: Client) -> None:
    response = alice_client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    body = response.content.decode()
    assert f'nonce="{nonce.group(1)}"' in body
    assert "/static/django_htmx/htmx-2" in body  # served from our static files, no CDN


def test_language_switch_on_every_page_and_english_works(alice_client: Client) -> None:
    body = alice_client.get(reverse("home")).content.decode()
    assert 'action="/i18n/setlang/"' in body and "Tableau de bord" in body
    alice_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in alice_client.get(reverse("home")).content.decode()
    login_page = Client().get(LOGIN).content.decode()
    assert 'action="/i18n/setlang/"' in login_page


@pytest.fixture
def fresh_counters() -> None:
    """The reset limits count in the cache. Each test run (and each xdist worker) has its own
    key prefix and these tests use addresses no other test uses, so they start from zero
    without flushing a cache other workers are using."""


def test_changing_the_case_of_the_address_does_not_bypass_the_lockout(alice: User) -> None:
    client = Client()
    for variant in (
        "alice@a.test",
        "ALICE@a.test",
        "Alice@A.test",
        " alice@a.TEST",
        "aLiCe@a.test",
    ):
        client.post(LOGIN, {"username": variant, "password": "wrong"})
    response = client.post(LOGIN, {"username": "ALICE@A.TEST", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_across_addresses_lock_the_network_address(
    alice: User, settings: pytest.FixtureRequest
) -> None:
    settings.AXES_IP_FAILURE_LIMIT = 8  # type: ignore[attr-defined]
    client = Client()
    for n in range(8):  # never five on one address: the per-address lockout stays quiet
        client.post(LOGIN, {"username": f"guess{n}@a.test", "password": "wrong"})
    response = client.post(LOGIN, {"username": "alice@a.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "trop" in response.content.decode().lower()
    # another network address is not concerned
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(LOGIN, {"username": "alice@a.test", "password": PASSWORD}).status_code == 302


# Both reset tests clear the counters: one worker runs them, one after the other, each from a
# network address and for addresses no other test uses (the cache is shared by the workers).
@pytest.mark.xdist_group("reset-throttle")
def test_fifteen_reset_requests_do_not_send_fifteen_emails(
    alice: User, fresh_counters: None
) -> None:
    User.objects.create_user(email="fifteen@a.test", password=PASSWORD)
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(15):
        response = client.post(reverse("accounts:password_reset"), {"email": "FIFTEEN@a.test"})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3


@pytest.mark.xdist_group("reset-throttle")
def test_reset_requests_from_one_network_address_are_limited_across_addresses(
    alice: User, fresh_counters: None
) -> None:
    for n in range(12):
        user = User.objects.create_user(email=f"throttled{n}@a.test", password=PASSWORD)
        Client(REMOTE_ADDR="198.51.100.2").post(
            reverse("accounts:password_reset"), {"email": user.email}
        )
    assert len(mail.outbox) == 10
    User.objects.create_user(email="elsewhere@a.test", password=PASSWORD)
    Client(REMOTE_ADDR="192.0.2.9").post(
        reverse("accounts:password_reset"), {"email": "elsewhere@a.test"}
    )
    assert len(mail.outbox) == 11
