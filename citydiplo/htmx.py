"""Responses to htmx requests, written once: a page or its fragment, with the header that tells
caches the two differ, and the live-region announcements the base template reads."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event

from citydiplo.http import AuthedRequest


def wants_fragment(request: AuthedRequest) -> bool:
    """An htmx swap (not a boosted navigation or a history restore, which need the page)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def fragment(
    request: AuthedRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render a fragment ("page.html#name" or a small template) for htmx."""
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def page(
    request: AuthedRequest,
    template: str,
    fragment_name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only its `fragment_name` partial for an htmx swap."""
    name = f"{template}#{fragment_name}" if wants_fragment(request) else template
    return fragment(request, name, context, status=status)


def announce(response: HttpResponse, message: str) -> HttpResponse:
    """Have the page's live region read `message` out (an `announce` client event)."""
    return trigger_client_event(response, "announce", {"value": message})
