"""Shared access rules: every object is fetched through here, scoped to the user's tenancy.

A foreign id answers 404 (never 403, never the object); a member whose role may not do the
action answers 403. Each app builds its `get_<model>_for(request, pk, ...)` on these helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from citydiplo.http import AuthedRequest
from citydiplo.tenancy import TenantQuerySet

if TYPE_CHECKING:
    from municipalities.models import Membership

SESSION_KEY = "municipality_id"


class Access(StrEnum):
    """What a view does, declared on the view so that the access sweep test can check it."""

    PUBLIC = "public"  # reachable signed out (sign-in, password reset)
    ACCOUNT = "account"  # the signed-in user's own things (password, language, switcher)
    READ = "read"  # any member of the municipality
    WRITE = "write"  # officers and managers
    MANAGE = "manage"  # managers only
    LIAISON = "liaison"  # ministry liaisons, for the municipalities they follow


V = TypeVar("V", bound=Callable[..., Any])


def access(kind: Access) -> Callable[[V], V]:
    """Mark a view with what it does; the sweep test refuses URLs whose view lacks a mark."""

    def mark(view: V) -> V:
        view.access = kind  # type: ignore[attr-defined]
        return view

    return mark


def allows(membership: Membership, kind: Access) -> bool:
    if kind == Access.MANAGE:
        return membership.can_manage
    if kind == Access.WRITE:
        return membership.can_write
    return True


def current_membership(request: AuthedRequest, kind: Access = Access.READ) -> Membership:
    """The membership of the municipality the user is working in, checked for `kind`."""
    membership = request.membership
    if membership is None:
        raise Http404("No municipality")
    if not allows(membership, kind):
        raise PermissionDenied
    return membership


def get_owned[M: models.Model](
    request: AuthedRequest,
    queryset: TenantQuerySet[M],
    pk: int,
    kind: Access = Access.READ,
) -> M:
    """Fetch an object of one of the user's municipalities, or answer 404 / 403.

    The queryset's `tenant_path` says which municipality owns the object. When it is another of
    the user's municipalities than the current one, the user is switched to it, so that the
    header always names the municipality whose data is on screen.
    """
    obj: M = get_object_or_404(queryset.visible_to(request.user), pk=pk)
    municipality_id = queryset.tenant_id_of(obj)
    membership = next(
        (m for m in request.memberships if m.municipality_id == municipality_id), None
    )
    if membership is None:  # visible_to and memberships disagree: fail closed
        raise Http404
    if not allows(membership, kind):
        raise PermissionDenied
    if request.membership is None or request.membership.pk != membership.pk:
        request.session[SESSION_KEY] = municipality_id
        request.membership = membership
    return obj
