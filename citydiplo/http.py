"""A request type that says what our middleware adds, so views are type-checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User
    from municipalities.models import Membership


class AuthedRequest(HttpRequest):
    """A request of a signed-in user (LoginRequiredMiddleware guarantees it on our views)."""

    user: User
    htmx: HtmxDetails
    membership: Membership | None
    memberships: list[Membership]
