"""When a rated partnership is due for its next diagnostic, as a database filter.

The interval depends on the partnership's rating and is set per municipality (review months by
band); a partnership is due once `rated_at + interval` has passed. Expressed as a `Q` so that the
dashboard can count and the partnership list can filter in SQL, without reading every row.
"""

from __future__ import annotations

import operator
from datetime import datetime
from functools import reduce

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q

from citydiplo.bands import Band
from municipalities.models import Municipality
from partners.models import Partnership

# Diagnostic states that mean a reassessment is under way (risks.models.AssessmentStatus; the
# diagnostics sit above the register, which reaches them through the relation only).
IN_PROGRESS = ("draft", "submitted")


def review_months(municipality: Municipality, band: str) -> int:
    return int(getattr(municipality, f"review_months_{band}", 0) or 12)


def due_by(municipality: Municipality, band: str, moment: datetime) -> Q:
    """Partnerships of `band` whose review date falls on or before `moment`."""
    limit = moment - relativedelta(months=review_months(municipality, band))
    return Q(rating=band, rated_at__lte=limit)


def review_due(municipality: Municipality, moment: datetime) -> Q:
    """Rated partnerships of any band whose review date has passed at `moment`."""
    return reduce(operator.or_, (due_by(municipality, band, moment) for band in Band.values))


def reassessment_open() -> Exists:
    """A diagnostic already in progress answers the review: the partnership no longer waits."""
    assessments = Partnership._meta.get_field("assessments").related_model._default_manager
    return Exists(assessments.filter(partnership_id=OuterRef("pk"), status__in=IN_PROGRESS))
