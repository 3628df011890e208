"""The outbox end to end: a REAL Celery worker, a REAL Redis broker, a REAL SMTP server.

The SMTP server is aiosmtpd, in this process on a free port; the worker is `celery worker` in a
subprocess, on the test database and a queue of its own (as tests/test_celery_worker.py). The
outage test starts its own `redis-server` on a free port, so stopping it disturbs nothing else.
These tests fail (never skip) in CI when Redis or PostgreSQL are missing.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes
from email.message import Message as EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from accounts.models import User
from citydiplo.celery import app
from reviews import tasks
from reviews.models import EventKind, Notification, Referral
from tests.conftest import in_ci
from tests.test_celery_worker import database_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.integration,
    # the worker reads what this process commits; the countries and questionnaire come back
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


# --- the SMTP server -------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[float, list[str], EmailMessage]] = []
        self.port = 0
        self.delay = 0.0  # seconds before the server answers the message's transfer

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        content = envelope.original_content or envelope.content
        self.messages.append(
            (time.monotonic(), list(envelope.rcpt_tos), message_from_bytes(content))
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for _, rcpt, m in self.messages if address in rcpt]

    def arrival(self, address: str) -> float:
        return next(t for t, rcpt, _ in self.messages if address in rcpt)


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


# --- Redis and the worker --------------------------------------------------------------------


class RedisServer:
    """A throwaway `redis-server` on its own port, that the test may stop and restart."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, "redis-server to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_producers() -> None:
    """Forget pooled broker connections: the next task goes to the broker now configured."""
    app._pool = None  # type: ignore[attr-defined]
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextmanager
def worker(broker_url: str, smtp: Mailbox, **extra_env: str) -> Iterator[str]:
    """`celery worker` on a queue of its own; this process sends its tasks there."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": broker_url,
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": "https://citydiplo.example",
        **extra_env,
    }
    log = open(ROOT / "var" / f"worker-{queue}.log", "w+")  # noqa: SIM115
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
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = {
        key: app.conf[key]
        for key in ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=broker_url,
        result_backend=broker_url,
        task_default_queue=queue,
    )
    _reset_producers()
    try:
        wait_for(lambda: "ready" in Path(log.name).read_text(), 30, "the worker to be ready")
        yield queue
    finally:
        app.conf.update(saved)
        _reset_producers()
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.seek(0)
        output = log.read()
        log.close()
        Path(log.name).unlink(missing_ok=True)
        if process.returncode not in (0, -15, 1):
            print(output)


def give_opinion(liaison: User, referral: Referral) -> tuple[int, float]:
    client = Client()
    client.force_login(liaison)
    started = time.monotonic()
    response = client.post(
        reverse("reviews:opinion", args=[referral.pk]),
        {"opinion": "advise_against", "reasons": "Transfert de technologies sensibles."},
    )
    return response.status_code, started


# --- the tests -------------------------------------------------------------------------------


def test_an_opinion_given_reaches_the_officers_mailbox(
    redis_url: str, smtp: Mailbox, referral: Referral, liaison: User, alice: User
) -> None:
    with worker(redis_url, smtp):
        code, started = give_opinion(liaison, referral)
        assert code == 302
        wait_for(lambda: smtp.to(alice.email), 30, "the officer's e-mail")
        latency = smtp.arrival(alice.email) - started
        print(f"\nchange → e-mail accepted by SMTP: {latency:.2f}s")
        assert latency < 3, "DESIGN §8: change → e-mail accepted by SMTP ≤ 3 s"
        (message,) = smtp.to(alice.email)
        assert message.is_multipart()
        types = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= types
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        body = text.get_payload(decode=True).decode()  # type: ignore[union-attr]
        assert f"https://citydiplo.example{referral.get_absolute_url()}" in body
        wait_for(
            lambda: (
                not Notification.objects.filter(kind=EventKind.OPINION_GIVEN, sent_at=None).exists()
            ),
            10,
            "the rows to be marked sent",
        )


def test_with_the_broker_down_the_page_answers_and_the_sweeper_delivers_once(
    own_redis: RedisServer,
    smtp: Mailbox,
    referral: Referral,
    liaison: User,
    alice: User,
    transactional_db: None,
) -> None:
    with worker(own_redis.url, smtp):
        own_redis.stop()
        code, started = give_opinion(liaison, referral)
        elapsed = time.monotonic() - started
        print(f"\nopinion POST with the broker down answered in {elapsed:.2f}s")
        assert code == 302
        assert elapsed < 2, "enqueueing must not block the page when Redis is down"
        waiting = Notification.objects.filter(kind=EventKind.OPINION_GIVEN, sent_at=None)
        assert waiting.count() == 2  # the officer's and the manager's rows wait
        referral.refresh_from_db()
        assert referral.state == "opinion_given"  # the change itself is kept

        own_redis.start()
        swept_at = time.monotonic()
        assert tasks.sweep(older_than=timedelta(0)) >= 2
        wait_for(lambda: smtp.to(alice.email), 60, "the swept e-mail")
        print(f"restart → swept e-mail accepted: {smtp.arrival(alice.email) - swept_at:.2f}s")
        wait_for(lambda: not waiting.exists(), 20, "the rows to be marked sent")
        # a second sweep (or a late duplicate task) sends nothing more
        assert tasks.sweep(older_than=timedelta(0)) == 0
        time.sleep(1.5)
        assert len(smtp.to(alice.email)) == 1


def test_a_task_run_twice_sends_one_email(
    redis_url: str, smtp: Mailbox, referral: Referral, liaison: User
) -> None:
    row = Notification.objects.get(recipient=liaison, kind=EventKind.REFERRAL_OPENED)
    Notification.objects.filter(pk=row.pk).update(sent_at=None, attempts=0)
    with worker(redis_url, smtp) as queue:
        for _ in range(2):
            tasks.deliver_notification.apply_async((row.pk,), queue=queue)
        wait_for(lambda: smtp.to(liaison.email), 30, "the liaison's e-mail")
        wait_for(
            lambda: Notification.objects.filter(pk=row.pk, sent_at__isnull=False).exists(),
            10,
            "the row to be marked sent",
        )
        tasks.deliver_notification.apply_async((row.pk,), queue=queue)  # and a late third
        time.sleep(1.5)
    assert len(smtp.to(liaison.email)) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_an_smtp_server_slower_than_the_timeout_gets_one_copy(
    redis_url: str, smtp: Mailbox, referral: Referral, liaison: User
) -> None:
    """The server answers the transfer after EMAIL_TIMEOUT: the worker waits for its verdict
    instead of giving up and sending the message again."""
    smtp.delay = 2.5
    row = Notification.objects.get(recipient=liaison, kind=EventKind.REFERRAL_OPENED)
    Notification.objects.filter(pk=row.pk).update(sent_at=None, attempts=0)
    with worker(redis_url, smtp, EMAIL_TIMEOUT="1") as queue:
        tasks.deliver_notification.apply_async((row.pk,), queue=queue)
        wait_for(
            lambda: Notification.objects.filter(pk=row.pk, sent_at__isnull=False).exists(),
            30,
            "the row to be marked sent",
        )
        time.sleep(3)  # a retry would deliver its copy by now
    assert len(smtp.to(liaison.email)) == 1
    row.refresh_from_db()
    assert row.attempts == 1 and row.last_error == ""
