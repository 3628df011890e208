"""The members page: a manager invites, changes roles, removes; others read."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Membership, Municipality, Role
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def membership(user: User, town: Municipality) -> Membership:
    return Membership.objects.get(user=user, municipality=town)


def test_viewer_reads_the_members_but_sees_no_controls(victor_client: Client, alice: User) -> None:
    body = victor_client.get(reverse("municipalities:members")).content.decode()
    assert "alice@a.test" in body
    assert "Inviter" not in body and 'name="role"' not in body


def test_manager_invites_a_new_person_who_gets_a_set_password_link(
    martha_client: Client, town_a: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = martha_client.post(
            reverse("municipalities:member_invite"),
            {"email": "New.Person@a.test", "full_name": "New Person", "role": Role.VIEWER},
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@a.test")
    assert not user.has_usable_password()
    assert membership(user, town_a).role == Role.VIEWER
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_inviting_an_existing_member_is_refused_with_a_message(
    martha_client: Client, alice: User
) -> None:
    response = martha_client.post(
        reverse("municipalities:member_invite"), {"email": "alice@a.test", "role": Role.OFFICER}
    )
    assert response.status_code == 422
    assert "déjà membre" in response.content.decode()


def test_invalid_invitation_keeps_what_was_typed(martha_client: Client) -> None:
    response = martha_client.post(
        reverse("municipalities:member_invite"),
        {"email": "not-an-address", "full_name": "Typed Name", "role": Role.OFFICER},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="Typed Name"' in body and 'value="not-an-address"' in body


def test_role_change_by_htmx_returns_the_row_and_announces_it(
    martha_client: Client, alice: User, town_a: Municipality
) -> None:
    target = membership(alice, town_a)
    response = martha_client.post(
        reverse("municipalities:member_role", args=[target.pk]),
        {"role": Role.VIEWER},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="member-{target.pk}"')
    assert "<html" not in body
    assert "Alice" in json.loads(response["HX-Trigger"])["announce"]["value"]
    assert membership(alice, town_a).role == Role.VIEWER


def test_role_change_without_javascript_redirects_with_a_message(
    martha_client: Client, alice: User, town_a: Municipality
) -> None:
    target = membership(alice, town_a)
    response = martha_client.post(
        reverse("municipalities:member_role", args=[target.pk]), {"role": Role.MANAGER}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("municipalities:members")
    assert membership(alice, town_a).role == Role.MANAGER


def test_the_last_manager_cannot_be_demoted_or_removed(
    martha: User, martha_client: Client, town_a: Municipality
) -> None:
    own = membership(martha, town_a)
    response = martha_client.post(
        reverse("municipalities:member_role", args=[own.pk]), {"role": Role.OFFICER}, follow=True
    )
    assert "au moins un responsable" in response.content.decode()
    martha_client.post(reverse("municipalities:member_remove", args=[own.pk]))
    assert membership(martha, town_a).role == Role.MANAGER


def test_manager_removes_a_member(martha_client: Client, alice: User, town_a: Municipality) -> None:
    target = membership(alice, town_a)
    response = martha_client.post(reverse("municipalities:member_remove", args=[target.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_settings_validation(martha_client: Client, town_a: Municipality) -> None:
    url = reverse("municipalities:settings")
    data = {
        "classification": "Diffusion restreinte",
        "risk_tolerance": 30,
        "review_months_low": 36,
        "review_months_moderate": 24,
        "review_months_high": 12,
        "review_months_critical": 6,
    }
    response = martha_client.post(url, data)
    assert response.status_code == 422
    assert "15" in response.content.decode()  # the tolerance is 5 to 15
    data["risk_tolerance"] = 4
    response = martha_client.post(url, data)
    assert response.status_code == 422 and "5" in response.content.decode()
    data["risk_tolerance"] = 12
    data["review_months_critical"] = 48
    assert martha_client.post(url, data).status_code == 422
    data["review_months_critical"] = 6
    assert martha_client.post(url, data).status_code == 302
    town_a.refresh_from_db()
    assert town_a.risk_tolerance == 12


def test_switching_municipality(alice: User, town_a: Municipality, town_b: Municipality) -> None:
    Membership.objects.create(user=alice, municipality=town_b, role=Role.VIEWER)
    client = Client()
    client.force_login(alice)
    assert "Ville A" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("switch_municipality"), {"municipality": town_b.pk}, follow=True)
    assert "Vous travaillez maintenant pour Ville B" in response.content.decode()
    # the members page now lists B's members
    make_member(town_b, Role.OFFICER, "someone@b.test")
    assert "someone@b.test" in client.get(reverse("municipalities:members")).content.decode()


def test_switching_to_a_municipality_one_does_not_belong_to_is_refused(
    alice_client: Client, town_b: Municipality
) -> None:
    response = alice_client.post(
        reverse("switch_municipality"), {"municipality": town_b.pk}, follow=True
    )
    assert "pas membre" in response.content.decode()


def test_csrf_is_enforced_on_htmx_posts(alice: User, town_a: Municipality) -> None:
    manager = make_member(town_a, Role.MANAGER, "boss@a.test")
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    url = reverse("municipalities:member_role", args=[membership(alice, town_a).pk])
    headers = {"HX-Request": "true"}
    assert client.post(url, {"role": Role.VIEWER}, headers=headers).status_code == 403
    assert membership(alice, town_a).role == Role.OFFICER
    client.get(reverse("municipalities:members"))  # sets the CSRF cookie, as the page does
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"role": Role.VIEWER}, headers={**headers, "X-CSRFToken": token})
    assert response.status_code == 200
    assert membership(alice, town_a).role == Role.VIEWER


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("NaN", "/"),
        ("home", "/"),
        ("javascript:alert(1)", "/"),
        ("//evil.example/register/partners/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/register/partners/12/", "/"),
        ("/register/partners/?q=a", "/register/partners/?q=a"),
    ],
)
def test_switching_follows_only_a_local_list_path(
    alice: User, town_a: Municipality, town_b: Municipality, next_url: str, lands_on: str
) -> None:
    Membership.objects.create(user=alice, municipality=town_b, role=Role.VIEWER)
    client = Client()
    client.force_login(alice)
    response = client.post(
        reverse("switch_municipality"), {"municipality": town_b.pk, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == lands_on
