"""The only way a report reaches a file: the project's static files and uploaded logos.

Report templates are rendered against a base URL on a reserved, never-resolving host
(`REPORT_BASE_URL`): `{% static %}` and a logo's `.url` become URLs on that host, and this
fetcher maps them back to files on disk, after checking that the resolved path stays inside
the static directories or MEDIA_ROOT/logos. Everything else — `file://` anywhere, any other
host, `http(s)://` to the network, `data:` — is refused: WeasyPrint then leaves the resource
out and the rendering goes on. User text never becomes markup (templates escape it), so these
refusals are the second wall, not the first.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import ssl
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

REPORT_HOST = "report.citydiplo.invalid"  # .invalid never resolves (RFC 2606)
REPORT_BASE_URL = f"https://{REPORT_HOST}/"
LOGO_DIR = "logos"
ALLOWED_TYPES = {
    "text/css",
    "font/ttf",
    "font/otf",
    "font/woff",
    "font/woff2",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/svg+xml",
}


class RefusedURL(ValueError):
    """A report asked for a resource outside the project's static files and logos."""


def _url_path(setting: str) -> str:
    """The path part of STATIC_URL or MEDIA_URL, with a trailing slash ("/static/")."""
    path = urlsplit(str(getattr(settings, setting))).path or "/"
    return path if path.endswith("/") else path + "/"


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _static_file(relative: str) -> Path | None:
    """A collected (STATIC_ROOT) or source (finders) static file, never outside them."""
    root = Path(settings.STATIC_ROOT)
    candidate = root / relative
    if candidate.is_file() and _inside(candidate, root):
        return candidate.resolve()
    try:
        found = finders.find(relative)
    except Exception:  # SuspiciousFileOperation on traversal, among others
        return None
    # Finders only look inside the directories they own (safe_join refuses traversal).
    if isinstance(found, str) and Path(found).is_file():
        return Path(found).resolve()
    return None


def _logo_file(relative: str) -> Path | None:
    root = Path(settings.MEDIA_ROOT) / LOGO_DIR
    candidate = Path(settings.MEDIA_ROOT) / relative
    if candidate.is_file() and _inside(candidate, root):
        return candidate.resolve()
    return None


def resolve(url: str) -> Path:
    """The file a report URL stands for, or RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != REPORT_HOST:
        raise RefusedURL(f"not a report resource: {url[:200]}")
    # Normalise before matching: "/static/../media/…" must not pass as a static file.
    path = posixpath.normpath(unquote(parts.path))
    if "\x00" in path:
        raise RefusedURL("NUL in path")
    static, media = _url_path("STATIC_URL"), _url_path("MEDIA_URL")
    found: Path | None = None
    if path.startswith(static):
        found = _static_file(path.removeprefix(static))
    elif path.startswith(f"{media}{LOGO_DIR}/"):
        found = _logo_file(path.removeprefix(media))
    if found is None:
        raise RefusedURL(f"no such report resource: {url[:200]}")
    return found


class ReportURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, cut down to the project's static files and uploaded logos."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allowed_protocols", ("https",))
        # Never used (nothing goes to the network); a bare context skips loading the CA store.
        kwargs.setdefault("ssl_context", ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        kwargs.setdefault("allow_redirects", False)
        super().__init__(**kwargs)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = resolve(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("report resource refused: %.200s", url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or ""
        if content_type not in ALLOWED_TYPES:
            self.refused.append(url)
            raise RefusedURL(f"type not allowed in a report: {content_type or path.suffix}")
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})
