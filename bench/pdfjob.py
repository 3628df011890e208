"""Render the PDF reports in a fresh process, as a worker would; print times and peak memory.

    python bench/pdfjob.py partnership <assessment id> [--repeat 5]
    python bench/pdfjob.py portfolio <municipality id>

Peak memory is `ru_maxrss` of this process and of its children (the reports render WeasyPrint
in a bounded child process): the larger of the two is what one rendering costs at its peak.
Prints one JSON line; {"available": false, ...} when the reports app has not landed yet.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django


def _maxrss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(children, 1)}


def _pages(data: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(data)).pages)


def partnership(assessment_id: int, repeat: int) -> dict[str, Any]:
    from reports import partnership as report
    from risks.models import Assessment

    assessment = report.report_queryset().get(pk=assessment_id)
    author = Assessment.objects.get(pk=assessment_id).created_by
    times = []
    data = b""
    for _ in range(repeat):
        # Each rendering reads the diagnostic afresh, as the view does for each download.
        assessment = report.report_queryset().get(pk=assessment_id)
        start = time.perf_counter()
        outcome = report.render_partnership_report(assessment, "fr", author)
        times.append(time.perf_counter() - start)
        data = outcome.data
    return {"seconds": times, "bytes": len(data), "pages": _pages(data), **_maxrss_mb()}


def portfolio(municipality_id: int) -> dict[str, Any]:
    from municipalities.models import Membership
    from reports import actions
    from reports.models import PortfolioReport

    manager = (
        Membership.objects.filter(municipality_id=municipality_id, role="manager")
        .select_related("user")
        .first()
    )
    assert manager is not None
    report = PortfolioReport.objects.create(
        municipality_id=municipality_id, created_by=manager.user, language="fr"
    )
    start = time.perf_counter()
    done = actions.build_portfolio_report(report.pk)  # what the Celery task runs
    seconds = time.perf_counter() - start
    data = done.file.read() if done.file else b""
    return {
        "seconds": [seconds],
        "status": str(done.status),
        "partnerships": getattr(done, "partnerships", None),
        "bytes": len(data),
        "pages": _pages(data) if data else None,
        **_maxrss_mb(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["partnership", "portfolio"])
    parser.add_argument("object_id", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    try:
        if args.kind == "partnership":
            from reports.partnership import render_partnership_report  # noqa: F401
        else:
            from reports.actions import build_portfolio_report  # noqa: F401
    except ImportError as error:
        print(json.dumps({"available": False, "why": str(error)}))
        return 0
    if args.kind == "partnership":
        result = partnership(args.object_id, args.repeat)
    else:
        result = portfolio(args.object_id)
    print(json.dumps({"available": True, **result}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
