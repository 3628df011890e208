"""Reminders sent by Celery beat: diagnostics due for review, referrals past their deadline.

Each reminder carries a dedupe key, so running the job twice (or daily) repeats nothing:
one reminder per diagnostic due, one per overdue referral and per week.
"""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import User
from municipalities.models import Municipality
from reviews.models import EventKind, Referral, ReferralState
from reviews.outbox import notify_once
from reviews.recipients import liaisons_of, municipal_recipients


def review_due_date(rated_at: datetime, rating: str, municipality: Municipality) -> datetime:
    months = getattr(municipality, f"review_months_{rating}", None) or 12
    return rated_at + relativedelta(months=months)


def remind_reviews_due(now: datetime | None = None) -> int:
    """Officers and managers hear of each rated partnership whose review date has passed."""
    from partners.models import Partnership
    from risks.models import AssessmentStatus

    now = now or timezone.now()
    partnerships = (
        Partnership.objects.filter(archived_at__isnull=True, rated_at__isnull=False)
        .exclude(rating="")
        # A reassessment in progress is the answer to the reminder already.
        .exclude(assessments__status__in=(AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED))
        .select_related("municipality")
        .order_by("municipality_id", "pk")
    )
    recipients: dict[int, list[User]] = {}
    sent = 0
    for partnership in partnerships.iterator(chunk_size=500):
        assert partnership.rated_at is not None
        due = review_due_date(partnership.rated_at, partnership.rating, partnership.municipality)
        if due > now:
            continue
        if partnership.municipality_id not in recipients:
            recipients[partnership.municipality_id] = municipal_recipients(
                partnership.municipality_id
            )
        key = f"review_due:{partnership.pk}:{partnership.rated_at:%Y%m%d%H%M%S}"
        params = {
            "title": partnership.title,
            "municipality": partnership.municipality.name,
            "due": formats.date_format(timezone.localtime(due).date(), "DATE_FORMAT"),
        }
        with transaction.atomic():
            for user in recipients[partnership.municipality_id]:
                if notify_once(
                    user,
                    EventKind.REVIEW_DUE,
                    key,
                    params=params,
                    path=partnership.get_absolute_url(),
                ):
                    sent += 1
    return sent


def remind_overdue_referrals(today: date | None = None) -> int:
    """Whoever must act on a referral past its deadline hears of it once a week."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    sent = 0
    for referral in Referral.objects.overdue(today).select_related("municipality"):
        waiting_on_ministry = referral.state == ReferralState.OPEN
        users = (
            liaisons_of(referral.municipality)
            if waiting_on_ministry
            else municipal_recipients(referral.municipality_id)
        )
        key = f"overdue:{referral.pk}:{referral.state}:{year}-{week:02d}"
        params = {
            "title": referral.title,
            "municipality": referral.municipality.name,
            "deadline": formats.date_format(referral.deadline, "DATE_FORMAT"),
        }
        with transaction.atomic():
            for user in users:
                if notify_once(
                    user,
                    EventKind.REFERRAL_OVERDUE,
                    key,
                    referral=referral,
                    params=params,
                    path=reverse("reviews:referral", args=[referral.pk]),
                ):
                    sent += 1
    return sent
