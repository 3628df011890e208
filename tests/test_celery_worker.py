"""A real Celery worker, on the real Redis broker, runs a task against the test database."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from citydiplo.celery import app
from municipalities.tasks import count_municipalities
from tests.conftest import in_ci, make_municipality

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        message = "the worker test shares the test database: it needs PostgreSQL"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(redis_url: str, transactional_db: None) -> Iterator[str]:
    """Start `celery worker` on a queue of its own; yield the queue name."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "citydiplo",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.update(broker_url=redis_url, result_backend=redis_url)
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if process.returncode not in (0, -15, 1) and output:
            print(output)


def test_a_real_worker_runs_a_task_to_completion(worker: str) -> None:
    make_municipality("Probe-Celery-1")
    make_municipality("Probe-Celery-2")
    result = count_municipalities.apply_async(args=("Probe-Celery",), queue=worker)
    assert result.get(timeout=60) == 2
    assert result.successful()
