"""What the municipality profile reads of the incident log ("past incidents")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from guidance.models import Incident
from municipalities.models import Municipality

LOOKBACK_YEARS = 3


@dataclass(frozen=True)
class IncidentSummary:
    count: int  # incidents within the look-back period
    last_date: datetime.date | None
    by_kind: dict[str, int] = field(default_factory=dict)
    since: datetime.date | None = None

    @property
    def any(self) -> bool:
        return self.count > 0


def incident_summary(municipality: Municipality, years: int = LOOKBACK_YEARS) -> IncidentSummary:
    """Incidents of the last `years` years: how many, of which kinds, the latest date."""
    since = timezone.localdate() - datetime.timedelta(days=365 * years)
    qs = Incident.objects.filter(municipality=municipality, occurred_on__gte=since)
    by_kind = dict(qs.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    last = qs.aggregate(last=Max("occurred_on"))["last"]
    return IncidentSummary(sum(by_kind.values()), last, by_kind, since)
