"""The report fetcher serves the project's static files and uploaded logos, nothing else."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts.models import User
from municipalities.models import Municipality
from reports import partnership as report
from reports.fetcher import REPORT_BASE_URL, RefusedURL, ReportURLFetcher
from reports.pdf import render_in_process
from tests.reports.conftest import diagnosed_partnership, pdf_pages

# A one-pixel transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class Listener:
    """A local TCP port that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "data:text/plain,hello",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        "ftp://127.0.0.1/x",
        f"{REPORT_BASE_URL}static/../../../../etc/passwd",
        f"{REPORT_BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{REPORT_BASE_URL}media/logos/../../../etc/passwd",
        f"{REPORT_BASE_URL}media/evidence/1/1/secret.pdf",
        f"{REPORT_BASE_URL}etc/passwd",
        "https://report.citydiplo.invalid.example.com/static/css/report.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_files(url: str) -> None:
    with pytest.raises((RefusedURL, ValueError)):
        ReportURLFetcher().fetch(url)


def test_the_fetcher_never_reaches_the_network(listener: Listener) -> None:
    for url in (f"http://127.0.0.1:{listener.port}/x.png", f"https://127.0.0.1:{listener.port}/"):
        with pytest.raises((RefusedURL, ValueError)):
            ReportURLFetcher().fetch(url)
    assert listener.connections == 0


def test_the_fetcher_serves_static_files_and_logos(settings: object, media_root: Path) -> None:
    css = ReportURLFetcher().fetch(f"{REPORT_BASE_URL}static/css/report.css")
    assert css.content_type == "text/css" and b"@font-face" in css.read()
    font = ReportURLFetcher().fetch(f"{REPORT_BASE_URL}static/fonts/DejaVuSans.ttf")
    assert len(font.read()) > 100_000
    (media_root / "logos" / "45000.png").write_bytes(PNG)
    logo = ReportURLFetcher().fetch(f"{REPORT_BASE_URL}media/logos/45000.png")
    assert logo.content_type == "image/png" and logo.read() == PNG


def test_a_symlink_out_of_the_logos_folder_is_refused(media_root: Path) -> None:
    (media_root / "logos" / "evil.png").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        ReportURLFetcher().fetch(f"{REPORT_BASE_URL}media/logos/evil.png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "logo", ["file:///etc/passwd", "../../../../etc/passwd", "/etc/passwd", "http"]
)
def test_hostile_references_in_user_text_and_in_the_logo_field_are_refused(
    logo: str,
    listener: Listener,
    town_a: Municipality,
    alice: User,
    martha: User,
) -> None:
    remote = f"http://127.0.0.1:{listener.port}/"
    hostile = (
        f'<img src="file:///etc/passwd"><img src="{remote}leak.png">'
        f'<link rel="stylesheet" href="{remote}x.css"><style>@import "{remote}y.css";</style>'
    )
    town_a.logo.name = f"{remote}logo.png" if logo == "http" else logo
    town_a.classification = f'Diffusion restreinte <img src="{remote}c.png">'
    town_a.save()
    _partnership, assessment = diagnosed_partnership(
        town_a, alice, martha, partner_name=f"<img src={remote}p.png>", justification=hostile
    )
    assessment = report.report_queryset().get(pk=assessment.pk)
    fetcher = ReportURLFetcher()
    # The internal annex: it prints the justification (the council edition does not).
    html = report.render_html(assessment, "fr", alice, report.INTERNAL)
    pages = pdf_pages(render_in_process(html, fetcher))
    flat = " ".join("\n".join(pages).replace("\u2010\n", "").split())
    # User text is printed as text...
    assert f"<img src={remote}p.png>" in flat
    assert '<img src="file:///etc/passwd">' in flat
    # ...the logo reference reached the fetcher only to be refused, and nothing left the machine.
    assert fetcher.refused, "the logo reference reaches the fetcher, which refuses it"
    assert all("report.citydiplo.invalid/static/" not in url for url in fetcher.refused)
    assert listener.connections == 0
    assert "root:x:0:0" not in flat


@pytest.mark.django_db
def test_an_uploaded_logo_is_printed(
    town_a: Municipality, alice: User, martha: User, media_root: Path
) -> None:
    (media_root / "logos" / f"{town_a.insee_code}.png").write_bytes(PNG)
    town_a.logo.name = f"logos/{town_a.insee_code}.png"
    town_a.save()
    _partnership, assessment = diagnosed_partnership(town_a, alice, martha)
    fetcher = ReportURLFetcher()
    render_in_process(report.render_html(assessment, "fr", alice), fetcher)
    assert fetcher.refused == []
