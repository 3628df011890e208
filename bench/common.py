"""What the bench scripts share: the environment they run the app with, and Django's set-up.

Every script of `bench/` runs the project with its PRODUCTION settings (debug off, a secret,
persistent connections) against a dedicated PostgreSQL database and Redis database, so that the
bench never touches the development or test data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR = ROOT / "var" / "bench"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/citydiplo_bench"
# Its own Redis database: the tests' workers (database 0) must not take the bench's tasks.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
PASSWORD = "bench-citydiplo-2026"
SECRET_KEY = "bench-secret-key-not-for-production-" + "b" * 40


def bench_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The production-like environment of every bench process (BENCH_* variables override)."""
    env = dict(os.environ if base is None else base)
    env["DATABASE_URL"] = env.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env["REDIS_URL"] = env.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    env["DJANGO_DEBUG"] = "false"
    env["DJANGO_SECRET_KEY"] = SECRET_KEY
    env["DJANGO_SECURE"] = "false"  # plain HTTP on loopback
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env["DB_CONN_MAX_AGE"] = "600"
    env["CELERY_TASK_ALWAYS_EAGER"] = "false"
    env["CITYDIPLO_VAR_DIR"] = str(VAR)
    env["STATIC_ROOT"] = str(VAR / "static")
    env["MEDIA_ROOT"] = str(VAR / "media")
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    env["DJANGO_SETTINGS_MODULE"] = "citydiplo.settings"
    env.pop("EMAIL_HOST", None)
    return env


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database, to drop and create the bench database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def setup_django() -> None:
    """Apply the bench environment to this process and set Django up."""
    os.environ.update(bench_env())
    VAR.mkdir(parents=True, exist_ok=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
