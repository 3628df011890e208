"""The referral column of the partnership export: the state of the latest referral to the
ministry (registered in `reviews.apps`)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from partners.exports import ColumnGroup
from partners.imports import Column
from partners.models import Partnership
from reviews.models import Referral, ReferralState


def _annotate(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    latest = Referral.objects.filter(partnership_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return partnerships.annotate(latest_referral_state=Subquery(latest.values("state")[:1]))


def _values(p: Partnership) -> dict[str, Any]:
    state = getattr(p, "latest_referral_state", None)
    label = str(ReferralState(state).label) if state in ReferralState.values else ""
    return {"referral_state": label}


REFERRAL_COLUMNS = ColumnGroup(
    columns=[Column("saisine du ministère", "referral_state")],
    annotate=_annotate,
    values=_values,
)
