"""The ministry's picture at scale (DESIGN §8): resolving shared partners across every
partner of the bench database, in full (the nightly worker task) and one partner at a time
(what a save costs in the worker).

Run alone with `python bench/ministry.py`; `make bench` runs it after the HTTP operations
(the national picture itself is measured over HTTP by bench/run.py).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django

SAMPLE = 50
FULL_BUDGET_S = 600
ONE_BUDGET_MS = 1000


def measure() -> dict[str, Any]:
    from ministry import resolution
    from partners.models import Partner

    began = time.perf_counter()
    report = resolution.full_run()
    full_s = time.perf_counter() - began
    ids = list(Partner.objects.current().order_by("?").values_list("pk", flat=True)[:SAMPLE])
    times = []
    for pk in ids:
        started = time.perf_counter()
        resolution.resolve_partner(pk)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "partners": report["partners"],
        "pairs_compared": report["pairs_compared"],
        "entities": report["entities"],
        "full_s": round(full_s, 1),
        "one_partner_median_ms": round(statistics.median(times), 1),
        "one_partner_max_ms": round(max(times), 1),
    }


def report(result: dict[str, Any]) -> str:
    ok_full = result["full_s"] <= FULL_BUDGET_S
    ok_one = result["one_partner_max_ms"] <= ONE_BUDGET_MS
    return "\n".join(
        [
            f"| resolving shared partners, {result['partners']:,} partners in full "
            f"({result['pairs_compared']:,} pairs, {result['entities']:,} entities) | ≤ 10 min | "
            f"{result['full_s']} s | {'ok' if ok_full else 'MISSED'} |",
            f"| resolving one changed partner | ≤ 1 s | median {result['one_partner_median_ms']} "
            f"ms, max {result['one_partner_max_ms']} ms | {'ok' if ok_one else 'MISSED'} |",
        ]
    )


def main() -> int:
    setup_django()
    result = measure()
    print(report(result))
    print(json.dumps(result), file=sys.stderr)
    ok = result["full_s"] <= FULL_BUDGET_S and result["one_partner_max_ms"] <= ONE_BUDGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
