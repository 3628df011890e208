"""`make bench`: measure DESIGN §8's budgets at scale, through the real stack.

1. Generate (or reuse) the bench database (bench/generate.py).
2. Serve the app with gunicorn under the PRODUCTION settings (debug off, persistent connections,
   static files collected) on a free loopback port, with CITYDIPLO_SERVER_TIMING=true so that
   each answer carries its server time and SQL query count (citydiplo/timing.py).
3. Sign test users in programmatically (sessions written to the session store, cookie set) and
   load each operation with threads of keep-alive HTTP connections (bench/load.py).
4. Render the partnership and portfolio PDFs in a subprocess (time, peak memory), and time a
   referral change until its e-mail is accepted by a local SMTP server through a real Celery
   worker — when the reports and referrals apps are there; otherwise say "not available yet".
5. Print a table, write bench/results.json, update the figures in docs/performance.md, and exit
   non-zero when a measured operation misses its budget.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.common import BENCH_DIR, ROOT, VAR, bench_env, setup_django

PY = sys.executable
BIN = Path(PY).parent
RESULTS = BENCH_DIR / "results.json"
DOC = ROOT / "docs" / "performance.md"
NOT_AVAILABLE = "not available yet"
PICTURE_QUERIES = 18


@dataclass(frozen=True)
class Budget:
    median_ms: float | None = None
    queries: int | None = None
    p95_ms: float | None = None
    memory_mb: float | None = None

    def text(self) -> str:
        parts = []
        if self.median_ms is not None:
            parts.append(
                f"median ≤ {self.median_ms / 1000:g} s"
                if self.median_ms >= 1000
                else f"median ≤ {self.median_ms:g} ms"
            )
        if self.p95_ms is not None:
            parts.append(f"p95 ≤ {self.p95_ms / 1000:g} s")
        if self.queries is not None:
            parts.append(f"≤ {self.queries} queries")
        if self.memory_mb is not None:
            parts.append(f"≤ {self.memory_mb:g} MB")
        return ", ".join(parts) or "—"


# DESIGN §8, and the query counts pinned by the tests (tests/partners/test_queries.py: 8 for
# list and detail pages; tests/risks/test_diagnostic_views.py: 10 for one answer).
BUDGETS = {
    "floor (/healthz, signed in)": Budget(),
    "partner list": Budget(median_ms=25, queries=8),
    "partnership list": Budget(median_ms=25, queries=8),
    "partnership detail": Budget(queries=8),
    "diagnostic answer (htmx POST)": Budget(median_ms=20, queries=10),
    "liaison queue": Budget(median_ms=60, queries=7),  # pinned by tests/reviews/test_queue.py
    # pinned by tests/test_dashboard.py
    "dashboard (officer, largest municipality)": Budget(median_ms=60, queries=14),
    "dashboard (national liaison)": Budget(median_ms=60, queries=9),
    # pinned by tests/ministry/test_picture_queries.py
    "ministry's national picture": Budget(median_ms=300, queries=PICTURE_QUERIES),
    "partnership PDF": Budget(median_ms=1500),
    "portfolio PDF (300 partnerships)": Budget(median_ms=30_000, memory_mb=400),
    "change → e-mail accepted (SMTP)": Budget(p95_ms=3000),
    # The public register, signed out (bench/public.py); warm: cache hits, cold: every one a miss.
    "public register page (warm cache)": Budget(median_ms=15),
    "public register page (cold cache)": Budget(),
    "public export, largest municipality (cold)": Budget(median_ms=1000),
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), 2):
            return True
    except OSError:
        return False


# --- the machine ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
    except (OSError, TypeError):
        mem_kb = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "postgresql": pg,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# --- sign-in and targets -------------------------------------------------------------------


@dataclass
class Seat:
    """A signed-in user: cookie and CSRF header for the requests."""

    user_id: int
    session: str
    csrf: str

    def headers(self, **extra: str) -> dict[str, str]:
        return {
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
            "Accept-Language": "fr",
            **extra,
        }


def sign_in(user: Any, municipality_id: int | None) -> Seat:
    """A session as the sign-in view would leave it, written to the configured session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from citydiplo.access import SESSION_KEY as MUNICIPALITY_KEY

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if municipality_id is not None:
        store[MUNICIPALITY_KEY] = municipality_id
    store.create()
    # An unmasked 32-character secret is a valid token for the cookie and the header alike.
    csrf = secrets.token_hex(16)
    return Seat(user.pk, store.session_key or "", csrf)


def get(path: str, seat: Seat, label: str, **params: Any) -> load.Request:
    query = urllib.parse.urlencode(params)
    return load.Request("GET", f"{path}?{query}" if query else path, label, None, seat.headers())


@dataclass
class Targets:
    big: Any
    portfolio_town: Any
    reader: Seat
    writers: list[tuple[Seat, int]]  # (seat, draft assessment id)
    liaison: Seat | None
    partnership_ids: list[int]
    partnership_pdf_assessment: int | None
    referral_ids: list[int]


def prepare(threads: int) -> Targets:
    from django.db.models import Count, Q

    from accounts.models import User
    from municipalities.models import Municipality
    from partners.models import Partnership
    from risks import actions
    from risks.models import Assessment, AssessmentStatus

    big = Municipality.objects.annotate(n=Count("partnerships")).order_by("-n").first()
    assert big is not None, "the bench database is empty"
    portfolio_town = (
        Municipality.objects.annotate(
            n=Count(
                "partnerships",
                filter=Q(partnerships__status="active", partnerships__archived_at__isnull=True),
            )
        )
        .filter(n=300)
        .first()
    )
    officer = User.objects.get(email="officer-000@bench.example")
    reader = sign_in(officer, big.pk)
    writers = []
    for n in range(threads):
        user = User.objects.get(email=f"bench-officer-{n}@bench.example")
        draft = Assessment.objects.filter(created_by=user, status=AssessmentStatus.DRAFT).first()
        if draft is None:
            partnership = (
                Partnership.objects.filter(municipality=big, archived_at__isnull=True)
                .filter(assessments__status=AssessmentStatus.APPROVED)
                .exclude(assessments__status__in=["draft", "submitted"])
                .order_by("pk")
                .first()
            )
            assert partnership is not None
            draft = actions.start_assessment(partnership, user)
        writers.append((sign_in(user, big.pk), draft.pk))
    liaison = None
    referral_ids: list[int] = []
    try:
        from reviews.models import Referral

        liaison_user = User.objects.get(email="liaison-all@meae.example")
        if Referral.objects.exists():
            liaison = sign_in(liaison_user, None)
            referral_ids = list(
                Referral.objects.filter(state="open")
                .order_by("pk")
                .values_list("pk", flat=True)[:20]
            )
    except (ImportError, LookupError, Exception) as error:  # reviews not there (or not migrated)
        log(f"referrals: {NOT_AVAILABLE} ({error.__class__.__name__})")
    busy = list(
        Partnership.objects.filter(municipality=big)
        .annotate(n=Count("assessments"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:10]
    )
    plain = list(
        Partnership.objects.filter(municipality=big).order_by("?").values_list("pk", flat=True)[:20]
    )
    pdf_assessment = (
        Assessment.objects.filter(municipality=big, status=AssessmentStatus.APPROVED)
        .annotate(n=Count("answers"))
        .order_by("-n", "-score", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return Targets(
        big,
        portfolio_town,
        reader,
        writers,
        liaison,
        busy + plain,
        pdf_assessment,
        referral_ids,
    )


def list_requests(targets: Targets) -> dict[str, list[load.Request]]:
    from django.db.models import Count
    from django.urls import reverse

    from partners.models import Partner, Partnership

    seat = targets.reader
    big = targets.big
    partners = Partner.objects.filter(municipality=big, archived_at__isnull=True)
    top_country = (
        partners.values("country_id").annotate(n=Count("pk")).order_by("-n")[0]["country_id"]
    )
    rare_country = (
        partners.values("country_id").annotate(n=Count("pk")).order_by("n")[0]["country_id"]
    )
    sample = partners.order_by("pk")[5]
    fragment = sample.city[:5].lower()
    last_partner_page = partners.count() // 25 + 1
    partnerships = Partnership.objects.filter(municipality=big, archived_at__isnull=True)
    last_partnership_page = partnerships.count() // 25 + 1
    partner_list = reverse("partners:partner_list")
    partnership_list = reverse("partners:partnership_list")
    return {
        "partner list": [
            get(partner_list, seat, "default"),
            get(partner_list, seat, "search", q=fragment),
            get(partner_list, seat, "search accents", q="societe"),
            get(partner_list, seat, "country+kind", country=top_country, kind="company"),
            get(
                partner_list,
                seat,
                "rare country, sort -country",
                country=rare_country,
                sort="-country",
            ),
            get(partner_list, seat, "last page", page=last_partner_page),
            get(partner_list, seat, "sort -updated, all states", sort="-updated", state="all"),
            load.Request(
                "GET",
                f"{partner_list}?q=univ",
                "htmx fragment",
                None,
                seat.headers(**{"HX-Request": "true"}),
            ),
        ],
        "partnership list": [
            get(partnership_list, seat, "default"),
            get(partnership_list, seat, "search", q=fragment),
            get(partnership_list, seat, "search title", q="jumelage"),
            get(partnership_list, seat, "sector+sort -partner", sector="ai", sort="-partner"),
            get(partnership_list, seat, "status+deep page", status="active", page=20),
            get(partnership_list, seat, "rating+sort -score", rating="high", sort="-score"),
            get(partnership_list, seat, "country", country=top_country),
            get(partnership_list, seat, "last page", page=last_partnership_page),
            get(partnership_list, seat, "unrated", rating="none", sort="-start"),
        ],
        "partnership detail": [
            get(reverse("partners:partnership_detail", args=[pk]), seat, "detail")
            for pk in targets.partnership_ids
        ],
    }


def answer_source(targets: Targets) -> tuple[load.Source, dict[str, int]]:
    """Each thread answers its own draft: questions in turn, two values alternating, with the
    current revision (read back from each response) so that no write is stale."""
    from django.urls import reverse

    from risks.models import Answer, Assessment
    from risks.structure import structure_of

    stats = {"conflicts": 0}
    states = []
    for seat, draft_id in targets.writers:
        draft = Assessment.objects.get(pk=draft_id)
        structure = structure_of(draft.questionnaire_id)
        questions = [q for q in structure.questions if q.depends_on_id is None]
        revisions = {
            a.question_id: a.revision for a in Answer.objects.filter(assessment_id=draft_id)
        }
        states.append((seat, draft_id, questions, revisions))
    lock = threading.Lock()

    def source(thread: int, n: int) -> tuple[load.Request, Callable[[int, bytes], None] | None]:
        seat, draft_id, questions, revisions = states[thread % len(states)]
        question = questions[n % len(questions)]
        points = sorted(c.points for c in question.choices.all())
        value = points[1] if (n // len(questions)) % 2 == 0 else points[-2]
        prefix = f"q{question.pk}"
        body = urllib.parse.urlencode(
            {
                "question": question.pk,
                f"{prefix}-value": value,
                f"{prefix}-revision": revisions.get(question.pk, 0),
                f"{prefix}-justification": "",
            }
        ).encode()
        request = load.Request(
            "POST",
            reverse("risks:answer", args=[draft_id]),
            "answer",
            body,
            seat.headers(
                **{
                    "HX-Request": "true",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            ),
        )
        pattern = re.compile(rf'name="{prefix}-revision" value="(\d+)"'.encode())

        def follow(status: int, content: bytes) -> None:
            found = pattern.search(content)
            if found:
                revisions[question.pk] = int(found.group(1))
            elif status == 200:
                revisions[question.pk] = revisions.get(question.pk, 0) + 1
            if b'class="question conflict"' in content:
                with lock:
                    stats["conflicts"] += 1

        return request, follow

    return source, stats


def queue_requests(targets: Targets) -> list[load.Request] | None:
    from django.urls import NoReverseMatch, reverse

    if targets.liaison is None:
        return None
    try:
        url = reverse("reviews:queue")
    except NoReverseMatch:
        return None
    seat = targets.liaison
    return [
        get(url, seat, "default (active, by deadline)"),
        get(url, seat, "all states", state=""),
        get(url, seat, "by band", sort="band"),
        get(url, seat, "category", category="ip_capture"),
        get(url, seat, "page 3, all", state="", page=3),
        get(url, seat, "region", region="24", state=""),
    ]


def picture_requests(targets: Targets) -> list[load.Request] | None:
    """The national liaison's picture: every table, unfiltered and with each filter."""
    from django.urls import NoReverseMatch, reverse

    if targets.liaison is None:
        return None
    try:
        url = reverse("ministry:picture")
    except NoReverseMatch:
        return None
    seat = targets.liaison
    return [
        get(url, seat, "national, unfiltered"),
        get(url, seat, "region", region="24"),
        get(url, seat, "country", country="CN"),
        get(url, seat, "category", category="ip_capture"),
        get(url, seat, "band", band="high"),
    ]


# --- gunicorn ------------------------------------------------------------------------------


class Server:
    def __init__(self, workers: int) -> None:
        self.port = free_port()
        env = bench_env()
        env["CITYDIPLO_SERVER_TIMING"] = "true"
        self.log = open(VAR / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "citydiplo.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        import http.client

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {VAR / 'gunicorn.log'}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz in 90 s")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


# --- PDF and e-mail ------------------------------------------------------------------------


def pdf_job(kind: str, object_id: int, repeat: int = 1) -> dict[str, Any]:
    completed = subprocess.run(
        [PY, str(BENCH_DIR / "pdfjob.py"), kind, str(object_id), "--repeat", str(repeat)],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [x for x in completed.stdout.splitlines() if x.startswith("{")]
    if completed.returncode != 0 or not lines:
        return {"available": False, "why": (completed.stderr or completed.stdout)[-600:]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _enough(received: list[Any], seen: int, expected: int) -> bool:
    return len(received) - seen >= expected


def email_latency(targets: Targets, events: int) -> dict[str, Any]:
    """Time from a referral change (the liaison asks, the officer answers) to the last of its
    e-mails accepted by a local SMTP server, delivered by a real Celery worker."""
    try:
        from reviews import actions as review_actions
        from reviews.models import Notification, Referral
    except ImportError as error:
        return {"available": False, "why": str(error)}
    if not targets.referral_ids or not hasattr(review_actions, "request_information"):
        return {"available": False, "why": "no referral to change"}
    from aiosmtpd.controller import Controller

    from accounts.models import User
    from citydiplo.celery import app

    received: list[tuple[float, list[str]]] = []
    arrived = threading.Condition()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with arrived:
                received.append((time.monotonic(), list(envelope.rcpt_tos)))
                arrived.notify_all()
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    env = bench_env()
    env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port))
    app.control.purge()  # leftovers of an interrupted run
    worker_log = open(VAR / "celery.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "citydiplo",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "-n",
            f"bench-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    latencies: list[float] = []
    firsts: list[float] = []
    failures = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(
                timeout=0.5, destination=[f"bench-{os.getpid()}@{socket.gethostname()}"]
            ):
                break
        else:
            return {"available": True, "error": "the Celery worker did not start"}
        liaison = User.objects.get(email="liaison-all@meae.example")
        referrals = Referral.objects.filter(pk__in=targets.referral_ids).order_by("pk")
        for n in range(events):
            referral = referrals[(n // 2) % len(referrals)]
            referral.refresh_from_db()
            before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            with arrived:
                seen = len(received)
            start = time.monotonic()
            if referral.state == "open":
                review_actions.request_information(
                    referral.pk, liaison, "Question du banc d'essai."
                )
            else:
                officer = User.objects.get(
                    memberships__municipality_id=referral.municipality_id,
                    memberships__role="officer",
                    email__startswith="officer-",
                )
                review_actions.answer(referral.pk, officer, "Réponse du banc d'essai.")
            expected = Notification.objects.filter(pk__gt=before, by_email=True).count()
            with arrived:
                ok = arrived.wait_for(partial(_enough, received, seen, expected), timeout=30)
                mine = received[seen:]
            if not ok or not expected:
                failures += 1
                continue
            firsts.append(mine[0][0] - start)
            latencies.append(mine[expected - 1][0] - start)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        worker_log.close()
        controller.stop()
    if not latencies:
        return {"available": True, "error": f"no e-mail arrived ({failures} events)"}
    return {
        "available": True,
        "seconds": latencies,
        "first_seconds": firsts,
        "failures": failures,
    }


# --- results -------------------------------------------------------------------------------


def judge(name: str, row: dict[str, Any]) -> dict[str, Any]:
    budget = BUDGETS[name]
    row["budget"] = budget.text()
    if not row.get("available", True):
        row["within_budget"] = None
        return row
    ok = not row.get("errors")
    if budget.median_ms is not None:
        ok = ok and row.get("median_ms") is not None and row["median_ms"] <= budget.median_ms
    if budget.p95_ms is not None:
        ok = ok and row.get("p95_ms") is not None and row["p95_ms"] <= budget.p95_ms
    if budget.queries is not None:
        ok = ok and row.get("queries") is not None and row["queries"] <= budget.queries
    if budget.memory_mb is not None:
        ok = (
            ok
            and row.get("peak_memory_mb") is not None
            and row["peak_memory_mb"] <= budget.memory_mb
        )
    row["within_budget"] = bool(ok)
    return row


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}" if value < 1000 else f"{value / 1000:,.2f} s"
    return f"{value}{unit}"


def table(results: dict[str, dict[str, Any]]) -> str:
    head = ("operation", "median", "p95", "req/s", "queries", "x floor", "budget", "verdict")
    rows = [head]
    for name, row in results.items():
        if not row.get("available", True):
            why = row.get("why", "")
            shown = why if why.startswith("skipped") else NOT_AVAILABLE
            rows.append((name, shown, "", "", "", "", row["budget"], "—"))
            continue
        verdict = {True: "ok", False: "MISS", None: "—"}[row.get("within_budget")]
        if row.get("errors"):
            verdict += f" ({sum(row['errors'].values())} errors)"
        extra = f" {fmt(row['peak_memory_mb'])} MB" if row.get("peak_memory_mb") else ""
        rows.append(
            (
                name,
                fmt(row.get("median_ms"), " ms"),
                fmt(row.get("p95_ms"), " ms"),
                fmt(row.get("rps")),
                fmt(row.get("queries")),
                fmt(row.get("ratio_to_floor")) if row.get("ratio_to_floor") else "—",
                row["budget"],
                verdict + extra,
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("| " + " | ".join(str(c).ljust(widths[j]) for j, c in enumerate(r)) + " |")
        if i == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def update_doc(text: str) -> None:
    if not DOC.exists():
        return
    content = DOC.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in content or end not in content:
        return
    before = content.split(start)[0]
    after = content.split(end)[1]
    DOC.write_text(f"{before}{start}\n{text}\n{end}{after}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure DESIGN §8's budgets.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2-4)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent connections")
    parser.add_argument("--requests", type=int, default=400, help="per operation")
    parser.add_argument("--seconds", type=float, default=30, help="at most, per operation")
    parser.add_argument("--emails", type=int, default=10, help="change → e-mail events")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words: measure matching HTTP operations only (while tuning)",
    )
    parser.add_argument("--no-extras", action="store_true", help="skip the PDFs and e-mail")
    parser.add_argument(
        "--only-screening", action="store_true", help="measure the sanctions screening only"
    )
    args = parser.parse_args()
    if args.only_screening:
        return screening_bench()[0]
    only = [w for w in args.only.split(",") if w]
    began = time.monotonic()
    env = bench_env()
    for name, url, port in (
        ("PostgreSQL", env["DATABASE_URL"], 5432),
        ("Redis", env["REDIS_URL"], 6379),
    ):
        parts = urllib.parse.urlsplit(url)
        if not reachable(parts.hostname or "127.0.0.1", parts.port or port):
            log(
                f"{name} is not reachable at {url}: start it (or set BENCH_DATABASE_URL / "
                "BENCH_REDIS_URL)"
            )
            return 2
    step = time.monotonic()
    subprocess.run([PY, str(BENCH_DIR / "generate.py")], cwd=ROOT, env=env, check=True)
    generation_s = time.monotonic() - step
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT meta FROM bench_meta")
        meta = cursor.fetchone()[0]
    meta = meta if isinstance(meta, dict) else json.loads(meta)
    info = machine()
    log(f"machine: {info}")
    targets = prepare(args.threads)
    requests = list_requests(targets)
    from bench import public_register as public

    log(f"public register: {public.publish_largest(targets.big)} partnerships published")
    public_requests = public.requests(targets.big)
    results: dict[str, dict[str, Any]] = {}
    server = Server(args.workers)
    log(f"gunicorn on 127.0.0.1:{server.port} with {args.workers} workers")

    def measure(name: str, source: load.Source, warmup: int = 20) -> dict[str, Any]:
        """Latency with one connection (no self-inflicted queueing), then throughput with
        --threads connections; the query count and errors are those of both phases."""
        if only and not any(word in name for word in only):
            return {"available": True, "skipped": True}
        samples, wall = load.run(
            "127.0.0.1",
            server.port,
            source,
            threads=1,
            requests=args.requests,
            seconds=args.seconds,
            warmup=warmup,
        )
        row = load.summarise(samples, wall)
        busy, busy_wall = load.run(
            "127.0.0.1",
            server.port,
            source,
            threads=args.threads,
            requests=max(args.threads, args.requests // 2),
            seconds=args.seconds / 2,
            warmup=0,
        )
        loaded = load.summarise(busy, busy_wall)
        row["rps_one_connection"] = row["rps"]
        row["rps"] = loaded["rps"]
        row[f"median_ms_at_{args.threads}_connections"] = loaded["median_ms"]
        row["queries"] = (
            max(q for q in (row["queries"], loaded["queries"]) if q is not None)
            if row["queries"] is not None or loaded["queries"] is not None
            else None
        )
        for key, count in loaded["errors"].items():
            row["errors"][key] = row["errors"].get(key, 0) + count
        log(
            f"{name}: median {row['median_ms']} ms (db {row['db_median_ms']} ms), "
            f"p95 {row['p95_ms']} ms, {row['rps']} req/s, queries ≤ {row['queries']}, "
            f"errors {row['errors'] or 0}"
        )
        return row

    try:
        results["floor (/healthz, signed in)"] = measure(
            "floor", load.cycle([get("/healthz", targets.reader, "healthz")]), warmup=40
        )
        for name in ("partner list", "partnership list", "partnership detail"):
            results[name] = measure(name, load.cycle(requests[name]))
        source, stats = answer_source(targets)
        results["diagnostic answer (htmx POST)"] = measure("answer", source) | {
            "stale_writes": stats["conflicts"]
        }
        queue = queue_requests(targets)
        results["liaison queue"] = (
            measure("liaison queue", load.cycle(queue)) if queue else {"available": False}
        )
        picture = picture_requests(targets)
        results["ministry's national picture"] = (
            measure("ministry picture", load.cycle(picture)) if picture else {"available": False}
        )
        pages = public_requests["public register page"]
        results["public register page (warm cache)"] = measure(
            "public register page (warm cache)", load.cycle(pages)
        )
        results["public register page (cold cache)"] = measure(
            "public register page (cold cache)", public.cold(pages), warmup=0
        )
        results["public export, largest municipality (cold)"] = measure(
            "public export (cold)", public.cold(public_requests["public export"]), warmup=0
        )
        results["dashboard (officer, largest municipality)"] = measure(
            "dashboard officer", load.cycle([get("/", targets.reader, "officer")])
        )
        results["dashboard (national liaison)"] = (
            measure("dashboard liaison", load.cycle([get("/", targets.liaison, "liaison")]))
            if targets.liaison
            else {"available": False}
        )
    finally:
        server.stop()
    floor = results["floor (/healthz, signed in)"].get("median_ms")
    for row in results.values():
        if row.get("median_ms") and floor:
            row["ratio_to_floor"] = round(row["median_ms"] / floor, 1)

    results = {k: v for k, v in results.items() if not v.get("skipped")}
    results.update(extras(targets, args.emails, skip=args.no_extras))

    for name, row in results.items():
        judge(name, row)
    total_s = time.monotonic() - began
    output = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "data": meta.get("counts"),
        "generation_seconds": meta.get("seconds"),
        "generate_step_seconds": round(generation_s, 1),
        "bench_seconds": round(total_s, 1),
        "settings": {
            "gunicorn_workers": args.workers,
            "client_threads": args.threads,
            "requests_per_operation": args.requests,
        },
        "operations": results,
    }
    screening_rc, screening_rows = screening_bench() if not only else (0, "")
    output["screening"] = screening_rows
    resolve = not only or any(w in ("ministry", "resolution") for w in only)
    ministry_rc, ministry_rows = ministry_bench() if resolve else (0, "")
    output["resolution"] = ministry_rows
    screening_rows = "\n".join(r for r in (screening_rows, ministry_rows) if r)
    RESULTS.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    text = table(results) + ("\n" + screening_rows if screening_rows else "")
    print()
    print(text)
    print()
    summary = (
        f"Data: {meta.get('counts')}; generated in {meta.get('seconds')} s "
        f"(this run's generate step: {generation_s:.0f} s). Whole bench: {total_s:.0f} s."
    )
    print(summary)
    missing = [
        n
        for n, r in results.items()
        if r.get("available") is False and not r.get("why", "").startswith("skipped")
    ]
    if missing:
        print(f"{NOT_AVAILABLE}: {', '.join(missing)}")
    if not args.no_doc:
        update_doc(doc_block(output, text))
    failed = [n for n, r in results.items() if r.get("within_budget") is False]
    if screening_rc:
        failed.append("sanctions screening")
    if ministry_rc:
        failed.append("shared-partner resolution")
    if failed:
        print(f"Over budget: {', '.join(failed)}")
        return 1
    return 0


def ministry_bench() -> tuple[int, str]:
    """bench/ministry.py in its own process (every partner resolved, then one at a time)."""
    log("shared foreign partners: full resolution, then one partner at a time")
    done = subprocess.run(
        [PY, str(BENCH_DIR / "ministry.py")],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout, end="")
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
    return done.returncode, done.stdout.strip()


def screening_bench() -> tuple[int, str]:
    """bench/screening.py in its own process (50,000 entries, 20,000 partners): its table rows."""
    log("sanctions screening: 50,000-entry list, one partner, every partner")
    done = subprocess.run(
        [PY, str(BENCH_DIR / "screening.py")],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout, end="")
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
    return done.returncode, done.stdout.strip()


def extras(targets: Targets, emails: int, *, skip: bool) -> dict[str, dict[str, Any]]:
    """The PDFs (each in a fresh process, as a worker renders them) and change → e-mail."""
    names = (
        "partnership PDF",
        "portfolio PDF (300 partnerships)",
        "change → e-mail accepted (SMTP)",
    )
    if skip:
        return {name: {"available": False, "why": "skipped (--no-extras)"} for name in names}
    out = {}
    if targets.partnership_pdf_assessment is not None:
        job = pdf_job("partnership", targets.partnership_pdf_assessment, repeat=5)
    else:
        job = {"available": False, "why": "no approved diagnostic"}
    out[names[0]] = pdf_row(job)
    log(f"{names[0]}: {out[names[0]]}")
    if targets.portfolio_town is not None:
        job = pdf_job("portfolio", targets.portfolio_town.pk)
    else:
        job = {"available": False, "why": "no municipality with 300 active partnerships"}
    out[names[1]] = pdf_row(job)
    log(f"{names[1]}: {out[names[1]]}")
    out[names[2]] = mail_row(email_latency(targets, emails))
    log(f"{names[2]}: {out[names[2]]}")
    return out


def pdf_row(job: dict[str, Any]) -> dict[str, Any]:
    if not job.get("available"):
        return {"available": False, "why": job.get("why", "")}
    seconds = job.get("seconds") or []
    ms = [s * 1000 for s in seconds]
    return {
        "available": True,
        "median_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(load.percentile(ms, 95), 1) if ms else None,
        "rps": None,
        "queries": None,
        "runs": len(ms),
        "pages": job.get("pages"),
        "bytes": job.get("bytes"),
        "partnerships": job.get("partnerships"),
        "peak_memory_mb": max(job.get("self_mb", 0), job.get("children_mb", 0)),
        "memory": {"worker_mb": job.get("self_mb"), "renderer_mb": job.get("children_mb")},
    }


def mail_row(mail: dict[str, Any]) -> dict[str, Any]:
    if not mail.get("available"):
        return {"available": False, "why": mail.get("why", "")}
    if mail.get("error"):
        return {"available": True, "errors": {mail["error"]: 1}, "median_ms": None}
    ms = [s * 1000 for s in mail["seconds"]]
    return {
        "available": True,
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(load.percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "first_email_median_ms": round(
            statistics.median(s * 1000 for s in mail["first_seconds"]), 1
        ),
        "events": len(ms),
        "errors": {"events without their e-mails": mail["failures"]} if mail["failures"] else {},
        "rps": None,
        "queries": None,
    }


def doc_block(output: dict[str, Any], text: str) -> str:
    m = output["machine"]
    return "\n".join(
        [
            f"Run of {output['when']} on {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, "
            f"PostgreSQL {m['postgresql']}, Python {m['python']}; load average at start "
            f"{m['load_average_at_start']} (the machine is shared: figures are noisy).",
            f"gunicorn {output['settings']['gunicorn_workers']} sync workers, "
            f"{output['settings']['client_threads']} client connections, up to "
            f"{output['settings']['requests_per_operation']} requests per operation.",
            f"Data: {output['data']}; generated in {output['generation_seconds']} s; "
            f"whole `make bench`: {output['bench_seconds']} s.",
            "",
            text,
            "",
            "Slowest filter of each page (median): "
            + "; ".join(
                f"{name}: {row['worst_variant']['name']} {row['worst_variant']['median_ms']} ms"
                for name, row in output["operations"].items()
                if row.get("worst_variant") and not name.startswith("floor")
            )
            + ".",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
