"""Blocks that an app adds to a page another app owns, without the page's app importing it.

The partnership page and the ministry queue belong to apps that sit below the
ones with something to add there (the checklist, incidents sent to the ministry).
Those apps register a source for a named slot when they start; the page's view collects the
panels of its slot (queries happen in the view, never in the template) and the template
includes them with `includes/panels.html`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citydiplo.http import AuthedRequest

PARTNERSHIP = "partnership"
LIAISON_QUEUE = "liaison_queue"


@dataclass(frozen=True)
class Panel:
    """A template to include and what it shows (its template reads `panel.<name>`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[..., Panel | None]

_sources: dict[str, list[PanelSource]] = defaultdict(list)


def register(slot: str) -> Callable[[PanelSource], PanelSource]:
    """Add a source of panels to `slot`; it returns a Panel, or None when it has nothing."""

    def add(source: PanelSource) -> PanelSource:
        if source not in _sources[slot]:
            _sources[slot].append(source)
        return source

    return add


def collect(slot: str, request: AuthedRequest, **objects: Any) -> list[Panel]:
    """The panels the registered sources have for this page, in registration order."""
    panels = (source(request, **objects) for source in _sources[slot])
    return [panel for panel in panels if panel is not None]
