"""The rating columns of the partnership export: the current rating, residual score, flag and
its reasons, and the date of the diagnostic that gives them (registered in `risks.apps`)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from partners.exports import ColumnGroup
from partners.imports import LIST_SEPARATOR, Column
from partners.models import Partnership
from risks.models import Assessment, AssessmentStatus
from risks.presenters import FLAG_LABELS


def _annotate(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """The flag reasons of the diagnostic that gives the rating, as a subquery."""
    rating_assessment = Assessment.objects.filter(
        partnership_id=OuterRef("pk"),
        status=AssessmentStatus.APPROVED,
        approved_at=OuterRef("rated_at"),
    )
    return partnerships.annotate(
        current_flag_reasons=Subquery(rating_assessment.values("flag_reasons")[:1])
    )


def _values(p: Partnership) -> dict[str, Any]:
    reasons = getattr(p, "current_flag_reasons", None) or []
    return {
        "rating": p.get_rating_display() if p.rating else "",
        "risk_score": p.risk_score,
        "flagged": p.flagged,
        "flag_reasons": LIST_SEPARATOR.join(str(FLAG_LABELS.get(r, r)) for r in reasons),
        "rated_at": timezone.localtime(p.rated_at).date() if p.rated_at else None,
    }


RATING_COLUMNS = ColumnGroup(
    columns=[
        Column("cotation", "rating"),
        Column("score résiduel", "risk_score"),
        Column("signalé au ministère", "flagged"),
        Column("motifs du signalement", "flag_reasons"),
        Column("dernier diagnostic approuvé le", "rated_at"),
    ],
    annotate=_annotate,
    values=_values,
)
