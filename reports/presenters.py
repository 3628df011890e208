"""Small pieces both reports share: band words, the cover, the heat-map legend."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from citydiplo.bands import BAND_SCALE, band_label, band_range
from municipalities.models import DEFAULT_MARKING, Municipality

NO_BAND = "—"  # printed for an incomplete category


def band_word(code: str | None) -> str:
    """The band's word for print: a dash where there is no band (yet)."""
    return band_label(code) or NO_BAND


def legend() -> list[dict[str, str]]:
    """One line per band: its pattern (by CSS class), word and score range."""
    return [
        {"code": str(band), "label": band_label(band), "range": band_range(band)}
        for band, _low, _high in BAND_SCALE
    ]


def logo_url(municipality: Municipality) -> str:
    """The logo's URL as storage gives it; the report fetcher decides whether it is served."""
    if not municipality.logo:
        return ""
    try:
        return str(municipality.logo.url)
    except Exception:  # a storage that cannot build a URL for a malformed name
        return ""


def marking(municipality: Municipality) -> str:
    """The municipality's marking; the default one in the report's language."""
    chosen = municipality.classification.strip()
    if not chosen or chosen == DEFAULT_MARKING:
        return _("Internal document")
    return chosen


def cover_context(
    municipality: Municipality, title: str, subtitle: str, author: User | None
) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "logo_url": logo_url(municipality),
        "classification": marking(municipality),
        "report_title": title,
        "report_subtitle": subtitle,
        "generated_at": timezone.localtime(),
        "author": author.display_name if author else "",
        "legend": legend(),
    }
