"""`make soak`: N concurrent clients for S seconds on the partnership list, through gunicorn
under the production settings on PostgreSQL and Redis (the bench database, bench/generate.py).

Prints the machine, the client-side p50/p95, the throughput and the errors (any answer that is
not 2xx, or a connection that failed), and exits non-zero on any error.

    make soak                                  # 50 clients, 60 s, 3 workers, full-scale data
    make soak ARGS="--clients 50 --seconds 60 --scale 0.25"
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.common import BENCH_DIR, ROOT, bench_env, setup_django
from bench.run import PY, Server, get, log, machine, sign_in


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--scale", type=float, default=1.0, help="bench data scale")
    args = parser.parse_args()
    env = bench_env()
    subprocess.run(
        [PY, str(BENCH_DIR / "generate.py"), "--scale", str(args.scale)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    setup_django()
    from django.db.models import Count

    from accounts.models import User
    from municipalities.models import Municipality

    big = Municipality.objects.annotate(n=Count("partnerships")).order_by("-n").first()
    assert big is not None, "the bench database is empty"
    officer = User.objects.get(email="officer-000@bench.example")
    seat = sign_in(officer, big.pk)
    path = "/register/partnerships/"
    source = load.cycle(
        [
            get(path, seat, "first page"),
            get(path, seat, "page 3", page=3),
            get(path, seat, "sorted by score", sort="-score"),
            get(path, seat, "search", q="univ"),
        ]
    )
    server = Server(args.workers)
    try:
        log(f"gunicorn on 127.0.0.1:{server.port}, {args.workers} workers; {args.clients} clients")
        samples, wall = load.run(
            "127.0.0.1",
            server.port,
            source,
            threads=args.clients,
            requests=10**9,
            seconds=args.seconds,
            warmup=20,
        )
    finally:
        server.stop()
    times = [s.client_ms for s in samples if 200 <= s.status < 300]
    errors: dict[str, int] = {}
    for s in samples:
        if not 200 <= s.status < 300:
            errors[f"HTTP {s.status or 'connection failed'}"] = (
                errors.get(f"HTTP {s.status or 'connection failed'}", 0) + 1
            )
    result: dict[str, Any] = {
        "machine": machine(),
        "clients": args.clients,
        "seconds": round(wall, 1),
        "workers": args.workers,
        "scale": args.scale,
        "partnerships_in_town": big.n,  # type: ignore[attr-defined]
        "requests": len(samples),
        "errors": errors,
        "p50_ms": round(load.percentile(times, 50), 1),
        "p95_ms": round(load.percentile(times, 95), 1),
        "throughput_rps": round(len(samples) / wall, 1),
    }
    print(json.dumps(result, indent=2))
    return 1 if errors or not samples else 0


if __name__ == "__main__":
    sys.exit(main())
