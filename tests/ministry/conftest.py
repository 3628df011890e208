"""Builders for the ministry's tests: towns in several regions, rated partnerships, liaisons."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from municipalities.models import LiaisonAssignment, Municipality, Role
from partners.models import Partner, Partnership
from risks.actions import apply_rating
from risks.models import Assessment, Questionnaire
from tests.conftest import make_member, make_user
from tests.factories import make_partner, make_partnership


def national_liaison(email: str = "national@meae.test") -> User:
    user = make_user(email)
    LiaisonAssignment.objects.create(liaison=user, national=True)
    return user


def regional_liaison(region: str, email: str | None = None) -> User:
    user = make_user(email or f"liaison-{region}@meae.test")
    LiaisonAssignment.objects.create(liaison=user, region=region)
    return user


def rated(
    town: Municipality,
    *,
    partner: Partner | None = None,
    band: str = "high",
    categories: dict[str, str] | None = None,
    **extra: Any,
) -> Partnership:
    """A partnership rated `band` by an approved diagnostic with these category bands."""
    partnership = make_partnership(partner or town, **extra)
    now = timezone.now()
    approver = make_member(town, Role.MANAGER)
    questionnaire = Questionnaire.objects.published().latest("version")
    result = {
        "categories": {
            code: {"complete": True, "residual_band": b}
            for code, b in (categories or {"ip_capture": band}).items()
        }
    }
    assessment = Assessment.objects.create(
        municipality=town,
        partnership=partnership,
        questionnaire=questionnaire,
        status="approved",
        result=result,
        rating=band,
        created_by=approver,
        approved_by=approver,
        approved_at=now,
    )
    apply_rating(assessment)
    partnership.refresh_from_db()
    return partnership


__all__ = ["make_partner", "national_liaison", "rated", "regional_liaison"]
