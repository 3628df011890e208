"""Settings refuse bad values at start-up, and the production configuration is deploy-clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from citydiplo.env import ConfigurationError, env_bool, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parent.parent

# The production environment documented in README.md (Configuration section).
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k7Qz-production-like-secret-9f3b1c2d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
    "DJANGO_ALLOWED_HOSTS": "citydiplo.example.fr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://citydiplo.example.fr",
    "SITE_URL": "https://citydiplo.example.fr",
    "DJANGO_BEHIND_TLS_PROXY": "true",
    "DATABASE_URL": "postgres://citydiplo:secret@db:5432/citydiplo",
    "REDIS_URL": "redis://redis:6379/0",
    "EMAIL_HOST": "mail",
    "EMAIL_PORT": "1025",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE", "REDIS"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_the_production_environment() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_secret_key_is_required_without_debug() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_a_malformed_variable_stops_the_start() -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr
    result = run_manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "mysql://x/y"})
    assert "DATABASE_URL must start with" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("YES", True), ("0", False), ("off", False), ("", False)]
)
def test_env_bool(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_helpers_refuse_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ConfigurationError, match="X_INT must be an integer"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-3")
    with pytest.raises(ConfigurationError, match="at least 0"):
        env_int("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_URL", "ftp://host")
    with pytest.raises(ConfigurationError, match="X_URL must start with"):
        env_url("X_URL", ("redis",))
    monkeypatch.setenv("X_LIST", " a.fr, ,b.fr ")
    assert env_list("X_LIST") == ["a.fr", "b.fr"]
