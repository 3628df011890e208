"""Which partnerships make up a municipality's portfolio: one definition for every figure.

The dashboard, the portfolio report and the exports' totals all count these, so that the
council reads the same numbers wherever it looks: every partnership that is not archived and
not ended — proposed, active or suspended.
"""

from __future__ import annotations

from municipalities.models import Municipality
from partners.models import Partnership, PartnershipQuerySet, Status

PORTFOLIO_STATUSES = (Status.PROPOSED, Status.ACTIVE, Status.SUSPENDED)


def portfolio_partnerships(municipality: Municipality | int) -> PartnershipQuerySet:
    return Partnership.objects.current().filter(
        municipality=municipality, status__in=PORTFOLIO_STATUSES
    )
