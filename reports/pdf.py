"""HTML → PDF with WeasyPrint, through the safe fetcher, in a bounded child process."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import weasyprint

from reports import sandbox
from reports.fetcher import REPORT_BASE_URL, ReportURLFetcher
from reports.sandbox import RenderError

logger = logging.getLogger(__name__)

__all__ = ["Limits", "RenderError", "html_to_pdf", "render_in_process"]


@dataclass(frozen=True)
class Limits:
    """How long and how much memory (on top of the worker's) one rendering may take."""

    seconds: float
    memory_mb: int


PARTNERSHIP_LIMITS = Limits(seconds=30, memory_mb=600)
PORTFOLIO_LIMITS = Limits(seconds=120, memory_mb=900)


def render_in_process(html: str, fetcher: ReportURLFetcher | None = None) -> bytes:
    """Render without the child process (tests inspect the fetcher; the child calls this)."""
    document = weasyprint.HTML(
        string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher or ReportURLFetcher()
    )
    # Tagged, PDF/UA-1: headings, tables and reading order reach a screen reader, and the
    # document declares its title and language.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return pdf


_warm = threading.Lock()
_warmed = False
WARM_UP_HTML = (
    '<html><head><link rel="stylesheet" href="/static/css/report.css"></head>'
    "<body><p>CityDiplo <b>CityDiplo</b> <i>CityDiplo</i></p></body></html>"
)


def warm_up() -> None:
    """Render a tiny document of our own once per process, before the first fork.

    Fontconfig, Pango and the font files are then loaded in the parent and shared by every
    child, which saves each report about 0.4 s (measured by bench_reports).
    """
    global _warmed
    with _warm:
        if not _warmed:
            render_in_process(WARM_UP_HTML)
            _warmed = True


def html_to_pdf(html: str, limits: Limits) -> sandbox.Outcome:
    """Render `html` in a child bounded by `limits`; RenderError when it fails or overruns."""
    warm_up()
    outcome = sandbox.run(
        lambda: render_in_process(html), timeout=limits.seconds, memory_mb=limits.memory_mb
    )
    logger.info(
        "report rendered: %d bytes in %.2f s, child peak %.0f MB",
        len(outcome.data),
        outcome.seconds,
        outcome.child_max_rss_mb,
    )
    return outcome
