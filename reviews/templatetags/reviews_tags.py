"""The header's notification badge and liaison link (see reviews/header.py)."""

from __future__ import annotations

from typing import Any

from django import template

from reviews.header import HeaderStatus, header_status_for

register = template.Library()


@register.simple_tag(takes_context=True)
def header_status(context: Any) -> HeaderStatus:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return HeaderStatus()
    cached: HeaderStatus | None = getattr(request, "_reviews_header", None)
    if cached is None:
        cached = header_status_for(user)
        request._reviews_header = cached
    return cached
