"""`make test`: probe PostgreSQL and Redis, lint, type-check and lint the Dockerfile, then pytest.

Without the services the suite runs what it can on SQLite and says so in one line; with
CI=true an unreachable service is a failure, never a skip.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/citydiplo"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def main() -> int:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    missing = []
    if not reachable(env["DATABASE_URL"], 5432):
        missing.append(f"PostgreSQL ({env['DATABASE_URL']})")
    if not reachable(env["REDIS_URL"], 6379):
        missing.append(f"Redis ({env['REDIS_URL']})")
    if missing:
        if ci:
            print(f"CI: cannot reach {' and '.join(missing)}: failing.", flush=True)
            return 1
        print(
            f"Cannot reach {' and '.join(missing)}: running on SQLite; "
            "tests that need the missing services are skipped.",
            flush=True,
        )
        if any(m.startswith("PostgreSQL") for m in missing):
            env.pop("DATABASE_URL")
            env["CITYDIPLO_VAR_DIR"] = str(ROOT / "var" / "test")
        if any(m.startswith("Redis") for m in missing):
            env.pop("REDIS_URL")
    env["DJANGO_DEBUG"] = "false"
    env.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 40)
    env["DJANGO_SECURE"] = "false"
    env["DJANGO_STATIC_MANIFEST"] = "false"  # tests do not run collectstatic
    env["DB_CONN_MAX_AGE"] = "0"  # live-server threads must not hold the test database open
    # Tests run tasks in-process unless they start a real worker themselves.
    env["CELERY_TASK_ALWAYS_EAGER"] = "true"

    for command in (
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy"), "."],
        [str(BIN / "hadolint"), "Dockerfile"],
        [str(BIN / "lint-imports"), "--no-cache"],  # the layers of pyproject's importlinter
    ):
        print(
            "$",
            " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command)),
            flush=True,
        )
        if subprocess.run(command, cwd=ROOT, env={**env, "DJANGO_DEBUG": "true"}).returncode:
            return 1
    # Two processes, each with its own test database (pytest-django names them per worker);
    # tests that start services share one of them (see tests/conftest.py). TEST_WORKERS=0: one.
    workers = env.get("TEST_WORKERS", "2")
    pytest = [str(BIN / "pytest"), "-n", workers, "--dist", "loadgroup", *sys.argv[1:]]
    print("$ pytest", " ".join(sys.argv[1:]), flush=True)
    return subprocess.run(pytest, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
