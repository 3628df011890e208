"""Notifications of a diagnostic's lifecycle, written in the action's transaction (outbox).

submitted → the municipality's managers; approved or returned to draft → its officers (the
diagnostic's author and whoever submitted it). The person who acted is never told of their own
step. Signal receivers, connected in `reviews.apps`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from accounts.models import User
from municipalities.models import Role
from reviews.actions import notify
from reviews.models import EventKind

if TYPE_CHECKING:
    from risks.models import Assessment

WRITER_ROLES = (Role.OFFICER, Role.MANAGER)


def managers_of(municipality_id: int) -> list[User]:
    """The active managers of a municipality: who approves a diagnostic."""
    return list(
        User.objects.filter(
            memberships__municipality_id=municipality_id,
            memberships__role=Role.MANAGER,
            is_active=True,
        ).order_by("pk")
    )


def officers_of(assessment: Assessment) -> list[User]:
    """The diagnostic's author and its submitter, while they still write for the municipality."""
    ids = [pk for pk in (assessment.created_by_id, assessment.submitted_by_id) if pk is not None]
    return list(
        User.objects.filter(
            pk__in=ids,
            memberships__municipality_id=assessment.municipality_id,
            memberships__role__in=WRITER_ROLES,
            is_active=True,
        ).order_by("pk")
    )


def _send(assessment: Assessment, kind: str, users: list[User], actor: User | None) -> None:
    recipients = [u for u in users if actor is None or u.pk != actor.pk]
    notify(
        recipients,
        kind,
        params={
            "title": assessment.partnership.title,
            "municipality": assessment.municipality.name,
            "who": actor.display_name if actor is not None else "",
            "rating": assessment.rating,
        },
        path=reverse("risks:assessment", args=[assessment.pk]),
    )


def submitted(sender: Any, assessment: Assessment, user: User | None = None, **kw: Any) -> None:
    _send(assessment, EventKind.DIAGNOSTIC_SUBMITTED, managers_of(assessment.municipality_id), user)


def approved(sender: Any, assessment: Assessment, user: User | None = None, **kw: Any) -> None:
    _send(assessment, EventKind.DIAGNOSTIC_APPROVED, officers_of(assessment), user)


def returned(sender: Any, assessment: Assessment, user: User | None = None, **kw: Any) -> None:
    _send(assessment, EventKind.DIAGNOSTIC_RETURNED, officers_of(assessment), user)
