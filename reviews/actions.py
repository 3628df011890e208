"""Every change to a referral goes through these verbs (views, tasks, commands, signals).

Each runs in one transaction: it locks the referral, checks the state and who acts, writes the
change, the thread message, the audit history and the outbox rows; delivery is enqueued only
after commit (`transaction.on_commit`), and a broker outage never fails the change.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from citydiplo.bands import band_rank
from municipalities.models import Municipality, Role
from partners import actions as partners_actions
from reviews.header import forget_header_status
from reviews.models import (
    ACTIVE_STATES,
    EventKind,
    Message,
    MessageKind,
    Notification,
    NotificationPreference,
    Opinion,
    Origin,
    Referral,
    ReferralState,
)
from reviews.outbox import notify
from reviews.recipients import follows, liaisons_of, municipal_recipients
from reviews.snapshot import build_snapshot, categories_of_concern

if TYPE_CHECKING:
    from risks.models import Assessment


DEADLINE_DAYS = 30  # the liaison's time to give an opinion, from the referral


class ReferralError(Exception):
    """The action does not fit the referral's state or the person; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- who acts ------------------------------------------------------------------------------


def _membership_role(user: User, municipality_id: int) -> str | None:
    return (
        user.memberships.filter(municipality_id=municipality_id)
        .values_list("role", flat=True)
        .first()
    )


def _require_writer(referral: Referral, user: User) -> None:
    if _membership_role(user, referral.municipality_id) not in (Role.OFFICER, Role.MANAGER):
        raise ReferralError("not_allowed")


def _require_liaison(referral: Referral, user: User) -> None:
    if not follows(user, referral.municipality):
        raise ReferralError("not_allowed")


# --- the thread and its notifications -------------------------------------------------------


def _params(referral: Referral, **extra: Any) -> dict[str, Any]:
    snap = referral.snapshot
    return {
        "title": snap.get("partnership", {}).get("title", ""),
        "partner": snap.get("partner", {}).get("name", ""),
        "municipality": snap.get("municipality", {}).get("name", ""),
        **extra,
    }


def _event(referral: Referral, kind: str, users: list[User], **extra: Any) -> None:
    notify(
        users,
        kind,
        referral=referral,
        params=_params(referral, **extra),
        path=reverse("reviews:referral", args=[referral.pk]),
    )


# --- the verbs -------------------------------------------------------------------------------


def lock(referral_id: int) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=referral_id)
    )


def _save(referral: Referral, user: User | None, fields: list[str]) -> None:
    referral._history_user = user  # type: ignore[attr-defined]
    referral.save(update_fields=[*fields, "updated_at"])


def _message(
    referral: Referral,
    author: User | None,
    kind: str,
    body: str,
    attachment: UploadedFile | None = None,
) -> Message:
    message = Message(referral=referral, author=author, kind=kind, body=body)
    if attachment is not None:
        message.attachment_name = (attachment.name or "")[:200]
        message.attachment.save(attachment.name or "attachment", attachment, save=False)
    message.save()
    return message


def refer_partnership(
    assessment: Assessment,
    user: User | None = None,
    *,
    origin: str = Origin.FLAGGED,
    body: str = "",
) -> Referral | None:
    """Open a referral for an approved diagnostic; notify the municipality's liaisons.

    Called on approval of a flagged diagnostic (the signal handler, `user` None when automatic)
    and by `request_opinion`. A referral still waiting for the ministry is kept: it shows as
    outdated; one that already has its opinion is closed and a new one opened.
    """
    with transaction.atomic():
        current = (
            Referral.objects.select_for_update()
            .filter(partnership_id=assessment.partnership_id)
            .exclude(state=ReferralState.CLOSED)
            .first()
        )
        if current is not None:
            if current.state in ACTIVE_STATES:
                return None
            current.state = ReferralState.CLOSED
            current.closed_at = timezone.now()
            _save(current, user, ["state", "closed_at"])
        snapshot = build_snapshot(assessment)
        if origin == Origin.REQUESTED and "opinion_requested" not in snapshot["flag_reasons"]:
            snapshot["flag_reasons"].append("opinion_requested")
        referral = Referral(
            municipality_id=assessment.municipality_id,
            partnership_id=assessment.partnership_id,
            assessment=assessment,
            origin=origin,
            snapshot=snapshot,
            snapshot_at=assessment.approved_at or timezone.now(),
            rating=assessment.rating,
            band_rank=band_rank(assessment.rating),
            score=assessment.score,
            categories=categories_of_concern(snapshot),
            deadline=timezone.localdate() + timedelta(days=DEADLINE_DAYS),
            created_by=user,
        )
        referral.copy_from_snapshot()
        referral._history_user = user  # type: ignore[attr-defined]
        referral.save()
        _message(referral, user, MessageKind.REFERRAL, body)
        municipality = Municipality.objects.get(pk=assessment.municipality_id)
        _event(referral, EventKind.REFERRAL_OPENED, liaisons_of(municipality))
    return referral


def request_opinion(assessment_id: int, user: User, body: str = "") -> Referral:
    """An officer or manager asks the ministry's opinion on an approved diagnostic (rule 7)."""
    from risks.models import Assessment, AssessmentStatus

    with transaction.atomic():
        assessment = Assessment.objects.select_related("partnership").get(pk=assessment_id)
        if _membership_role(user, assessment.municipality_id) not in (Role.OFFICER, Role.MANAGER):
            raise ReferralError("not_allowed")
        if assessment.status != AssessmentStatus.APPROVED:
            raise ReferralError("not_approved")
        latest = (
            Assessment.objects.approved()
            .filter(partnership_id=assessment.partnership_id)
            .order_by("-approved_at")
            .values_list("pk", flat=True)
            .first()
        )
        if latest != assessment.pk:
            raise ReferralError("not_latest")
        if Referral.objects.filter(
            partnership_id=assessment.partnership_id, state__in=ACTIVE_STATES
        ).exists():
            raise ReferralError("already_referred")
        referral = refer_partnership(assessment, user, origin=Origin.REQUESTED, body=body)
        if referral is None:  # pragma: no cover - excluded by the check above, under the lock
            raise ReferralError("already_referred")
        # Rule 7: a partnership whose officer asked for an opinion is flagged for the ministry.
        partners_actions.flag_for_ministry(assessment.partnership_id, user)
    return referral


def request_information(
    referral_id: int, liaison: User, body: str, attachment: UploadedFile | None = None
) -> Referral:
    """The liaison asks the municipality a question: open → info_requested."""
    with transaction.atomic():
        referral = lock(referral_id)
        _require_liaison(referral, liaison)
        if referral.state not in ACTIVE_STATES:
            raise ReferralError("not_active")
        referral.state = ReferralState.INFO_REQUESTED
        _save(referral, liaison, ["state"])
        _message(referral, liaison, MessageKind.QUESTION, body, attachment)
        _event(
            referral,
            EventKind.INFO_REQUESTED,
            municipal_recipients(referral.municipality_id),
            who=liaison.display_name,
        )
    return referral


def answer(
    referral_id: int, user: User, body: str, attachment: UploadedFile | None = None
) -> Referral:
    """An officer or manager answers (or adds information): info_requested → open."""
    with transaction.atomic():
        referral = lock(referral_id)
        _require_writer(referral, user)
        if referral.state not in ACTIVE_STATES:
            raise ReferralError("not_active")
        referral.state = ReferralState.OPEN
        _save(referral, user, ["state"])
        _message(referral, user, MessageKind.ANSWER, body, attachment)
        _event(
            referral,
            EventKind.ANSWER_GIVEN,
            liaisons_of(referral.municipality),
            who=user.display_name,
        )
    return referral


def give_opinion(referral_id: int, liaison: User, opinion: str, reasons: str) -> Referral:
    """The liaison's opinion, with its reasons: open or info_requested → opinion_given."""
    if opinion not in Opinion.values:
        raise ReferralError("unknown_opinion")
    if not reasons.strip():
        raise ReferralError("reasons_required")
    with transaction.atomic():
        referral = lock(referral_id)
        _require_liaison(referral, liaison)
        if referral.state not in ACTIVE_STATES:
            raise ReferralError("not_active")
        referral.state = ReferralState.OPINION_GIVEN
        referral.opinion = opinion
        referral.opinion_reasons = reasons.strip()
        referral.opinion_by = liaison
        referral.opinion_at = timezone.now()
        _save(
            referral, liaison, ["state", "opinion", "opinion_reasons", "opinion_by", "opinion_at"]
        )
        _message(referral, liaison, MessageKind.OPINION, reasons.strip())
        _event(
            referral,
            EventKind.OPINION_GIVEN,
            municipal_recipients(referral.municipality_id),
            who=liaison.display_name,
            opinion=opinion,
        )
    return referral


def close_referral(referral_id: int, user: User, body: str = "") -> Referral:
    """Close a referral that has its opinion (an officer, a manager or the liaison)."""
    with transaction.atomic():
        referral = lock(referral_id)
        is_member = _membership_role(user, referral.municipality_id) in (
            Role.OFFICER,
            Role.MANAGER,
        )
        if not is_member:
            _require_liaison(referral, user)
        if referral.state != ReferralState.OPINION_GIVEN:
            raise ReferralError("no_opinion_yet")
        referral.state = ReferralState.CLOSED
        referral.closed_at = timezone.now()
        _save(referral, user, ["state", "closed_at"])
        _message(referral, user, MessageKind.CLOSING, body)
        other_side = (
            liaisons_of(referral.municipality)
            if is_member
            else municipal_recipients(referral.municipality_id)
        )
        _event(referral, EventKind.REFERRAL_CLOSED, other_side, who=user.display_name)
    return referral


def mark_read(user: User, *, referral_id: int | None = None, pk: int | None = None) -> int:
    """Mark the user's unread notifications read (all, one referral's, or one)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if referral_id is not None:
        qs = qs.filter(referral_id=referral_id)
    if pk is not None:
        qs = qs.filter(pk=pk)
    count = qs.update(read_at=timezone.now())
    forget_header_status([user.pk])
    return count


def set_preferences(user: User, choices: dict[str, bool]) -> None:
    """Store e-mail (True) or in-app only (False) per kind of event."""
    with transaction.atomic():
        for kind, by_email in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"by_email": by_email}
            )


def refer_when_flagged(
    sender: Any, assessment: Assessment, user: User | None = None, **kwargs: Any
) -> None:
    """Receiver of `risks.signals.assessment_approved`: an approved diagnostic that flags its
    partnership opens a referral, in the approval's transaction."""
    if not assessment.flagged:
        return
    origin = Origin.REQUESTED if assessment.opinion_requested else Origin.FLAGGED
    refer_partnership(assessment, user, origin=origin)
