"""What the apps above the register add to the partnership page.

The register sits below the diagnostics in the layers and may not import them; the risks app
adds its part of the page (the rating, the diagnostics and their trend) here when it starts
(see `risks.apps`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from partners.models import Partnership

# A provider reads the partnership and what the providers before it added (apps register in
# the order of INSTALLED_APPS, so reviews reads the diagnostics that risks added).
type PartnershipContext = Callable[[Partnership, dict[str, Any]], dict[str, Any]]

_providers: list[PartnershipContext] = []


def add_partnership_context(provider: PartnershipContext) -> None:
    """Have `provider(partnership, context)`'s keys added to every partnership page's context."""
    if provider not in _providers:
        _providers.append(provider)


def partnership_context(partnership: Partnership) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _providers:
        context.update(provider(partnership, context))
    return context
