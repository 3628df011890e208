"""A liaison's dashboard: the referrals waiting, by age and deadline; the new; the overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from reviews.models import ACTIVE_STATES, Referral, ReferralState

LISTED = 8
NEW_DAYS = 7
AGE_BUCKETS = ((0, 7), (8, 30), (31, None))  # days since the referral, inclusive bounds
DUE_SOON_DAYS = 7


@dataclass
class LiaisonFigures:
    waiting_on_ministry: int  # open: the liaison's move
    waiting_on_municipality: int  # information requested
    overdue: int
    due_soon: int
    by_age: list[tuple[tuple[int, int | None], int]]
    new: list[Referral]
    overdue_list: list[Referral]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _active(liaison: User) -> Any:
    return Referral.objects.for_liaison(liaison).filter(state__in=ACTIVE_STATES)


def figures(liaison: User, today: date) -> LiaisonFigures:
    """Counts in one aggregate; the new and overdue referrals in one query each."""
    counts: dict[str, Any] = {
        "open": Count("pk", filter=Q(state=ReferralState.OPEN)),
        "info": Count("pk", filter=Q(state=ReferralState.INFO_REQUESTED)),
        "overdue": Count("pk", filter=Q(state=ReferralState.OPEN, deadline__lt=today)),
        "soon": Count(
            "pk",
            filter=Q(
                state=ReferralState.OPEN,
                deadline__gte=today,
                deadline__lte=today + timedelta(days=DUE_SOON_DAYS),
            ),
        ),
    }
    for low, high in AGE_BUCKETS:
        # referred `low` to `high` days ago (calendar days, in the local time zone)
        bucket = Q(created_at__lt=_day_start(today - timedelta(days=low - 1)))
        if high is not None:
            bucket &= Q(created_at__gte=_day_start(today - timedelta(days=high)))
        counts[f"age_{low}"] = Count("pk", filter=bucket)
    row = _active(liaison).aggregate(**counts)
    columns = ("pk", "partnership_title", "partner_name", "rating", "deadline", "created_at")
    new = list(
        _active(liaison)
        .filter(
            state=ReferralState.OPEN,
            created_at__gte=_day_start(today - timedelta(days=NEW_DAYS - 1)),
        )
        .select_related("municipality")
        .only(*columns, "state", "municipality__name")
        .order_by("-created_at", "-pk")[:LISTED]
    )
    overdue = list(
        _active(liaison)
        .filter(state=ReferralState.OPEN, deadline__lt=today)
        .select_related("municipality")
        .only(*columns, "state", "municipality__name")
        .order_by("deadline", "pk")[:LISTED]
    )
    return LiaisonFigures(
        waiting_on_ministry=row["open"],
        waiting_on_municipality=row["info"],
        overdue=row["overdue"],
        due_soon=row["soon"],
        by_age=[((low, high), row[f"age_{low}"]) for low, high in AGE_BUCKETS],
        new=new,
        overdue_list=overdue,
    )
