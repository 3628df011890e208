"""The risk scale, written once: four bands over the scores 1 to 25.

Every layer speaks of bands — a municipality's review intervals, a partnership's rating, the
scoring, the ministry's queue, the reports — so the scale sits at the bottom of the layers and
`risks.scoring` re-exports it. It holds no model and touches no database.
"""

from __future__ import annotations

from typing import Final

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Band(TextChoices):
    """The bands, least to most severe."""

    LOW = "low", _("low")
    MODERATE = "moderate", _("moderate")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


#: Each band with the inclusive range of scores it covers, least to most severe.
BAND_SCALE: Final = (
    (Band.LOW, 1, 4),
    (Band.MODERATE, 5, 9),
    (Band.HIGH, 10, 14),
    (Band.CRITICAL, 15, 25),
)

EN_DASH = "\u2013"


def band_label(code: str | None) -> str:
    """The band's word in the active language; empty when there is no band (yet)."""
    return str(Band(code).label) if code in Band.values else ""


def band_rank(code: str | None) -> int:
    """1 for low … 4 for critical, 0 without a band: what lists sort on."""
    return next((rank for rank, (band, *_r) in enumerate(BAND_SCALE, 1) if band == code), 0)


def band_range(code: str) -> str:
    """The band's scores as printed: "10", an en dash, "14"."""
    low, high = next((low, high) for band, low, high in BAND_SCALE if band == code)
    return f"{low}{EN_DASH}{high}"
