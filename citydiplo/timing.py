"""Opt-in `Server-Timing` header: time in Django and SQL queries of each request (make bench).

Enabled only when CITYDIPLO_SERVER_TIMING=true; otherwise Django drops the middleware at start
(MiddlewareNotUsed) and it costs nothing. Placed first in MIDDLEWARE, it measures every other
middleware and the view. The header reads
`app;dur=12.3, db;dur=4.1;desc="queries=7"` (milliseconds, and the number of SQL statements).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse

from citydiplo.env import env_bool


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not env_bool("CITYDIPLO_SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = _QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - start) * 1000
        db = counter.seconds * 1000
        response["Server-Timing"] = (
            f'app;dur={elapsed:.2f}, db;dur={db:.2f};desc="queries={counter.count}"'
        )
        return response
