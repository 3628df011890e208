"""Signed-in pages are never stored by a cache; the admin lives where the operator says."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_settings import PRODUCTION_ENV, run_manage


@pytest.mark.parametrize(
    "name", ["home", "partners:partner_list", "partners:partnership_list", "accounts:login"]
)
def test_signed_in_pages_are_private_and_not_stored(alice_client: Client, name: str) -> None:
    response = alice_client.get(reverse(name), follow=True)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_an_htmx_fragment_of_a_signed_in_user_is_not_stored(alice_client: Client) -> None:
    response = alice_client.get(
        reverse("partners:partner_list"), {"q": "x"}, headers={"HX-Request": "true"}
    )
    assert "no-store" in response["Cache-Control"]


def test_a_public_answer_to_a_visitor_is_left_alone(client: Client, db: None) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert "Cache-Control" not in response


def test_the_admin_lives_at_the_configured_path() -> None:
    script = "from django.urls import reverse; print(reverse('admin:index'))"
    env = {**PRODUCTION_ENV, "DJANGO_ADMIN_PATH": "/gestion-7f3k/"}
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/gestion-7f3k/"


def test_a_malformed_admin_path_stops_the_start() -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_ADMIN_PATH": "../x y"})
    assert result.returncode != 0
    assert "DJANGO_ADMIN_PATH" in result.stderr
