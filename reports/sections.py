"""Sections other apps add to the portfolio report, registered when they start.

An app above reports (e.g. the public register's benefits) calls `register_portfolio_section`
from its `AppConfig.ready()`; the report renders whatever is registered, so reports never
imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString

from municipalities.models import Municipality

PortfolioSection = Callable[[Municipality, list[int]], SafeString]

_sections: list[PortfolioSection] = []


def register_portfolio_section(section: PortfolioSection) -> None:
    if section not in _sections:
        _sections.append(section)


def portfolio_sections(municipality: Municipality, partnership_ids: list[int]) -> list[SafeString]:
    """Each registered section's HTML for these partnerships, in registration order."""
    return [section(municipality, partnership_ids) for section in _sections]
