"""The latest decisions on the portfolio, for those who read it: approvals and opinions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from municipalities.models import Membership
from reviews.models import Referral
from risks.models import Assessment, AssessmentStatus

LATEST = 5


@dataclass(frozen=True)
class Decision:
    when: datetime
    title: str
    what: str  # "approval" or "opinion"
    value: str  # the rating's or the opinion's label
    code: str  # the rating's or the opinion's code (for the badge's class)
    by: str
    url: str


def latest_decisions(membership: Membership) -> list[Decision]:
    """The latest approved diagnostics and ministry opinions, newest first (two queries)."""
    approvals = (
        Assessment.objects.filter(
            municipality_id=membership.municipality_id, status=AssessmentStatus.APPROVED
        )
        .select_related("partnership", "approved_by")
        .only(
            "approved_at",
            "rating",
            "partnership__title",
            "approved_by__full_name",
            "approved_by__email",
        )
        .order_by("-approved_at")[:LATEST]
    )
    opinions = (
        Referral.objects.filter(
            municipality_id=membership.municipality_id, opinion_at__isnull=False
        )
        .only("opinion_at", "opinion", "partnership_title", "partnership_id")
        .order_by("-opinion_at")[:LATEST]
    )
    decisions = [
        Decision(
            a.approved_at or a.created_at,
            a.partnership.title,
            "approval",
            a.get_rating_display(),
            a.rating,
            a.approved_by.display_name if a.approved_by else "",
            a.get_absolute_url(),
        )
        for a in approvals
    ] + [
        Decision(
            r.opinion_at,
            r.partnership_title,
            "opinion",
            r.get_opinion_display(),
            r.opinion,
            "",
            reverse("partners:partnership_detail", args=[r.partnership_id]) + "#ministry",
        )
        for r in opinions
        if r.opinion_at is not None
    ]
    return sorted(decisions, key=lambda d: d.when, reverse=True)[:LATEST]
