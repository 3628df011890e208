"""`make run` (DJANGO_DEBUG=true) behaves as the product does: the app's own error pages, quiet
refusals, and links that point at the address actually served."""

import logging
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality, Role

ROOT = Path(__file__).resolve().parent.parent


def _development_env(tmp_path: Path) -> dict[str, str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE", "REDIS"))
    }
    # As `make run` starts it: debug on, nothing else set, SQLite in a folder of its own.
    return {**base, "DJANGO_DEBUG": "true", "CITYDIPLO_VAR_DIR": str(tmp_path)}


def test_make_run_serves_and_links_the_port_it_is_given() -> None:
    env = {**os.environ, "PORT": "8101"}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert [c.split("manage.py ")[1] for c in commands] == [
        "migrate --no-input",
        "load_demo",
        "runserver 127.0.0.1:8101",
    ]
    assert all("SITE_URL=${SITE_URL:-http://127.0.0.1:8101}" in c for c in commands)


def test_development_mode_shows_the_apps_own_404_page(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "response = client.get('/no-such-page/', HTTP_ACCEPT_LANGUAGE='fr')\n"
        "print(settings.DEBUG, response.status_code)\n"
        "print(response.content.decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=_development_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, page = result.stdout.split("\n", 1)
    assert first == "False 404"
    assert "<h1>Page introuvable</h1>" in page
    assert "Using the URLconf" not in page and "DEBUG = True" not in page


@pytest.mark.django_db
def test_an_ordinary_refusal_is_logged_in_one_line_without_traceback(
    victor_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # A viewer may not change the municipality's settings: 403, as the access rules say.
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = victor_client.post(reverse("municipalities:settings"), {})
    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert refusals and all(r.exc_info is None for r in refusals)
    assert "Forbidden" in refusals[0].getMessage()
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_demo_data_and_invitations_use_the_served_address(
    settings: Any,
    martha_client: Client,
    town_a: Municipality,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8101"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Sign in at http://127.0.0.1:8101/" in out.getvalue()
    assert ":8000" not in out.getvalue()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        martha_client.post(
            reverse("municipalities:member_invite"),
            {"email": "new.person@a.test", "full_name": "New Person", "role": Role.VIEWER},
        )
    assert User.objects.filter(email="new.person@a.test").exists()
    (message,) = mail.outbox
    assert "http://127.0.0.1:8101/" in message.body
    assert ":8000" not in message.body
