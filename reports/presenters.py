"""Small pieces both reports share: band words, the cover, the heat-map legend."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from municipalities.models import Municipality
from risks.models import Band

EN_DASH = "\u2013"
BAND_RANGES = {
    "low": f"1{EN_DASH}4",
    "moderate": f"5{EN_DASH}9",
    "high": f"10{EN_DASH}14",
    "critical": f"15{EN_DASH}25",
}


def band_label(code: str | None) -> str:
    """The band's word in the active language, or a dash for an incomplete category."""
    if not code:
        return "—"
    return str(Band(code).label) if code in Band.values else code


def legend() -> list[dict[str, str]]:
    """One line per band: its pattern (by CSS class), word and score range."""
    return [
        {"code": code, "label": str(label), "range": BAND_RANGES[code]}
        for code, label in Band.choices
    ]


def logo_url(municipality: Municipality) -> str:
    """The logo's URL as storage gives it; the report fetcher decides whether it is served."""
    if not municipality.logo:
        return ""
    try:
        return str(municipality.logo.url)
    except Exception:  # a storage that cannot build a URL for a malformed name
        return ""


def cover_context(
    municipality: Municipality, title: str, subtitle: str, author: User | None
) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "logo_url": logo_url(municipality),
        "classification": municipality.classification or _("Diffusion restreinte"),
        "report_title": title,
        "report_subtitle": subtitle,
        "generated_at": timezone.localtime(),
        "author": author.display_name if author else "",
        "legend": legend(),
    }
