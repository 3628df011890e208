"""What a partnership's page shows of the ministry: its referral and the opinion given.

The referral in progress shows with its state, deadline and last message. An opinion shows
until the partnership is diagnosed again (then it concerned the previous diagnostic, and the
page only links to it). One query, whatever the thread's length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from partners.models import Partnership
from reviews.models import Message, MessageKind, Referral


@dataclass
class MinistryPanel:
    referral: Referral | None
    current: bool  # the referral concerns the partnership's current rating (or is in progress)
    can_request_opinion: bool


def _latest_message(field: str) -> Subquery:
    return Subquery(
        Message.objects.filter(referral_id=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


def ministry_panel(
    partnership: Partnership, current_assessment: Any, can_write: bool
) -> MinistryPanel:
    # Referrals start from approved diagnostics only: a partnership never rated has none.
    referral = None if partnership.rated_at is None else _latest_referral(partnership)
    if referral is not None:
        referral.partnership = partnership  # is_outdated reads its rating date
        kind = referral.last_kind  # type: ignore[attr-defined]
        referral.last_kind_label = MessageKind(kind).label if kind else ""  # type: ignore[attr-defined]
    active = referral is not None and referral.is_active
    current = referral is not None and (active or not referral.is_outdated)
    return MinistryPanel(
        referral=referral,
        current=current,
        can_request_opinion=(
            can_write
            and not partnership.is_archived
            and current_assessment is not None
            and not active
        ),
    )


def ministry_context(partnership: Partnership, context: dict[str, Any]) -> dict[str, Any]:
    """The partnership page's ministry panel; whether the viewer may write is checked by the
    template (the "ask" button shows only with `can_write`)."""
    return {"ministry": ministry_panel(partnership, context.get("current_assessment"), True)}


def _latest_referral(partnership: Partnership) -> Referral | None:
    return (
        Referral.objects.filter(partnership=partnership)
        .defer("snapshot")
        .select_related("opinion_by")
        .annotate(
            last_kind=_latest_message("kind"),
            last_body=_latest_message("body"),
            last_at=_latest_message("created_at"),
        )
        .order_by("-created_at", "-pk")
        .first()
    )
