"""A small load generator: threads with keep-alive `http.client` connections on loopback.

Each operation is a list of requests (cycled); every thread sends them one after the other for
a bounded number of requests and a bounded time, and the `Server-Timing` header of each answer
(see citydiplo/timing.py) gives the server time and the SQL query count.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TIMING = re.compile(r"app;dur=([\d.]+)")
DB_TIMING = re.compile(r"db;dur=([\d.]+)")
QUERIES = re.compile(r"queries=(\d+)")


@dataclass
class Request:
    method: str
    path: str
    label: str = ""
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Sample:
    label: str
    status: int
    server_ms: float | None
    client_ms: float
    queries: int | None
    db_ms: float | None = None


# A thread's request source: called with (thread index, sequence number), returns the request
# and an optional callback given the response body (to follow revisions, for instance).
Source = Callable[[int, int], tuple[Request, Callable[[int, bytes], None] | None]]


def cycle(requests: list[Request]) -> Source:
    def source(thread: int, n: int) -> tuple[Request, None]:
        return requests[(n * 7 + thread) % len(requests)], None

    return source


def _worker(
    host: str,
    port: int,
    thread: int,
    source: Source,
    quota: int,
    deadline: float,
    out: list[Sample],
    record: bool,
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    n = 0
    while n < quota and time.monotonic() < deadline:
        request, callback = source(thread, n)
        n += 1
        headers = {"Host": f"{host}:{port}", **request.headers}
        start = time.perf_counter()
        try:
            conn.request(request.method, request.path, body=request.body, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
            out.append(Sample(request.label, 0, None, 0.0, None))
            continue
        client_ms = (time.perf_counter() - start) * 1000
        if response.getheader("Connection", "").lower() == "close" or response.will_close:
            conn.close()
        header = response.getheader("Server-Timing", "")
        timing = TIMING.search(header)
        queries = QUERIES.search(header)
        db = DB_TIMING.search(header)
        if callback is not None:
            callback(response.status, body)
        if record:
            out.append(
                Sample(
                    request.label,
                    response.status,
                    float(timing.group(1)) if timing else None,
                    client_ms,
                    int(queries.group(1)) if queries else None,
                    float(db.group(1)) if db else None,
                )
            )
    conn.close()


def run(
    host: str,
    port: int,
    source: Source,
    *,
    threads: int,
    requests: int,
    seconds: float,
    warmup: int,
) -> tuple[list[Sample], float]:
    """Warm up, then send `requests` in all (or stop after `seconds`); samples and wall time."""
    if warmup:
        _worker(host, port, 0, source, warmup, time.monotonic() + seconds, [], False)
    out: list[Sample] = []
    deadline = time.monotonic() + seconds
    per_thread = max(1, requests // threads)
    workers = [
        threading.Thread(
            target=_worker,
            args=(host, port, t, source, per_thread, deadline, out, True),
            daemon=True,
        )
        for t in range(threads)
    ]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return out, time.perf_counter() - start


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _typical(samples: list[Sample]) -> int | None:
    counts = sorted(s.queries for s in samples if s.queries is not None)
    return counts[(len(counts) - 1) // 2 + (len(counts) - 1) % 2] if counts else None


def summarise(samples: list[Sample], wall: float) -> dict[str, Any]:
    ok = [s for s in samples if 200 <= s.status < 300]
    server = [s.server_ms for s in ok if s.server_ms is not None]
    queries = [s.queries for s in ok if s.queries is not None]
    db = [s.db_ms for s in ok if s.db_ms is not None]
    variants: dict[str, dict[str, Any]] = {}
    for label in sorted({s.label for s in ok}):
        mine = [s for s in ok if s.label == label]
        times = [s.server_ms for s in mine if s.server_ms is not None]
        variants[label] = {
            "requests": len(mine),
            "median_ms": round(statistics.median(times), 2) if times else None,
            "queries": _typical(mine),
        }
    errors: dict[str, int] = {}
    for s in samples:
        if not 200 <= s.status < 300:
            key = f"{s.label}: HTTP {s.status}"
            errors[key] = errors.get(key, 0) + 1
    worst = max(
        (v for v in variants.items() if v[1]["median_ms"] is not None),
        key=lambda v: v[1]["median_ms"],
        default=None,
    )
    return {
        "requests": len(samples),
        "worst_variant": {"name": worst[0], "median_ms": worst[1]["median_ms"]} if worst else None,
        "errors": errors,
        "median_ms": round(statistics.median(server), 2) if server else None,
        "p95_ms": round(percentile(server, 95), 2) if server else None,
        "db_median_ms": round(statistics.median(db), 2) if db else None,
        "client_median_ms": round(statistics.median(s.client_ms for s in ok), 2) if ok else None,
        "rps": round(len(ok) / wall, 1) if wall > 0 else None,
        # The typical request's count, as the tests pin it; the first request a gunicorn worker
        # serves also fills its per-process caches (the questionnaire: 4 queries), hence the max.
        "queries": _typical(ok),
        "queries_max": max(queries) if queries else None,
        "variants": variants,
    }
