"""The election calendar the municipality profile's election question is computed from.

Dates of general elections concerning every commune. Later dates are the expected ones and
are updated here when they are fixed by decree; a by-election is answered by hand in the
profile.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Election:
    day: datetime.date  # first round
    name: Promise


ELECTIONS: tuple[Election, ...] = (
    # Décret de convocation: 15 and 22 March 2026.
    Election(datetime.date(2026, 3, 15), _("municipal elections")),
    # Expected: the presidential term ends in May 2027.
    Election(datetime.date(2027, 4, 10), _("presidential election")),
    # Expected: the European Parliament's term ends in 2029.
    Election(datetime.date(2029, 6, 7), _("European elections")),
    # Expected: municipal councils are elected for six years.
    Election(datetime.date(2032, 3, 14), _("municipal elections")),
)

#: Points of the profile's election question by months until the next election.
WITHIN_12_MONTHS, WITHIN_24_MONTHS, LATER = 4, 2, 0


def next_election(after: datetime.date) -> Election | None:
    return next((e for e in ELECTIONS if e.day >= after), None)


def election_points(today: datetime.date) -> int:
    """The election question's answer on `today`: an election within 12 months is 4 points,
    within 24 months 2, later 0."""
    upcoming = next_election(today)
    if upcoming is None:
        return LATER
    days = (upcoming.day - today).days
    if days <= 365:
        return WITHIN_12_MONTHS
    if days <= 730:
        return WITHIN_24_MONTHS
    return LATER


def profile_due_on(answered_on: datetime.date) -> datetime.date:
    """A profile answered on `answered_on` is due again a year later, or after the next
    election if that comes first."""
    a_year_later = answered_on + datetime.timedelta(days=365)
    upcoming = next_election(answered_on + datetime.timedelta(days=1))
    if upcoming is not None and upcoming.day < a_year_later:
        return upcoming.day + datetime.timedelta(days=1)
    return a_year_later
