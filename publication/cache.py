"""Cached public responses, keyed by the register's last public change.

The key carries the date of the last change of what the page shows (`Publication.changed_at`,
read in the same query that finds the municipality), so a change becomes visible as soon as its
transaction commits and nothing has to be deleted. When the cache (Redis) is unreachable, a
read is a miss and a write is skipped: the page is built from the database, never an error.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

log = logging.getLogger(__name__)

TIMEOUT = 600  # seconds: bounds how long an edit outside the register (town's name) lingers
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified", "Link")


def _key(request: HttpRequest, version: datetime.datetime | None) -> str:
    stamp = version.timestamp() if version else 0
    fragment = request.headers.get("HX-Request") == "true"
    raw = f"{request.path}?{request.GET.urlencode()}|{get_language()}|{fragment}|{stamp}"
    return "public:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(
    request: HttpRequest,
    version: datetime.datetime | None,
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """The response built by `build`, from the cache when this version of it is there."""
    key = _key(request, version)
    try:
        hit = cache.get(key)
    except Exception:  # Redis down or unreachable: a miss
        log.warning("public cache unreachable on read", exc_info=True)
        hit = None
    if hit is not None:
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response["X-Cache"] = "hit"
        return response
    response = build()
    if response.status_code == 200 and not response.streaming:
        headers = {h: response[h] for h in KEPT_HEADERS if h in response}
        try:
            cache.set(key, (response.content, headers), TIMEOUT)
        except Exception:
            log.warning("public cache unreachable on write", exc_info=True)
    response["X-Cache"] = "miss"
    return response


def cached_value[T](name: str, version: datetime.datetime | None, compute: Callable[[], T]) -> T:
    """A value shared by many pages of one version (e.g. the filter choices), or computed."""
    key = f"public:value:{name}:{version.timestamp() if version else 0}:{get_language()}"
    try:
        hit = cache.get(key)
    except Exception:
        log.warning("public cache unreachable on read", exc_info=True)
        hit = None
    if hit is not None:
        value: T = hit
        return value
    value = compute()
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        log.warning("public cache unreachable on write", exc_info=True)
    return value
