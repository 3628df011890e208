"""Limits on what one address, or one network address, can make the sign-in pages do.

- The sign-in lockout (django-axes) keys on the e-mail address as sign-in matches it:
  stripped and case-folded, so "ALICE@x" and "alice@x" count as one address.
- Failures from one network address are also counted across e-mail addresses: past
  IP_FAILURE_LIMIT within the cool-off, that network address may not try again.
- Password-reset e-mails are limited per address and per network address, so that the form
  cannot be used to flood someone's mailbox.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def normalise_email(value: str) -> str:
    """The form of an address that sign-in, the lockout and the reset limits all use."""
    return value.strip().lower()


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the address a failure is counted against, normalised."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return normalise_email(str(raw or ""))


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""


def ip_failures(ip: str) -> int:
    """Failed sign-ins from this network address, over every e-mail address, still counted."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


def ip_locked_out(request: HttpRequest) -> bool:
    ip = client_ip(request)
    return bool(ip) and ip_failures(ip) >= settings.AXES_IP_FAILURE_LIMIT


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one more use of `key` in its window; False once past `limit`.

    The counter lives in the cache: with the cache down the limit is not applied (the
    sign-in lockout, kept in the database, still is).
    """
    key = f"throttle:{key}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between the two calls
        return True
    return count is None or count <= limit


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Whether a reset e-mail may go to `email` for this request (both limits counted)."""
    window = settings.PASSWORD_RESET_THROTTLE_SECONDS
    by_address = allow(
        f"reset:email:{normalise_email(email)}", settings.PASSWORD_RESETS_PER_ADDRESS, window
    )
    by_ip = allow(f"reset:ip:{client_ip(request)}", settings.PASSWORD_RESETS_PER_IP, window)
    return by_address and by_ip
