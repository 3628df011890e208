"""The first-run checklist of a new municipality; it disappears once every step is done.

Each step is read in the same query (annotations on the municipality row). Apps add a step with
`step(StepDefinition(...))` (from their AppConfig.ready()): a key, a label, an expression over
the municipality row that is true once done, and the page where it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from municipalities.models import Membership, Municipality
from partners.models import Partner, Partnership
from risks.models import Assessment


@dataclass(frozen=True)
class StepDefinition:
    key: str
    label: Promise
    done: Callable[[], Any]  # an expression over the municipality row, true once done
    url_name: str
    managers_only: bool = False  # officers see the step but cannot open its page


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str | None


_STEPS: list[StepDefinition] = []


def step(definition: StepDefinition) -> None:
    _STEPS.append(definition)


step(
    StepDefinition(
        "settings",
        _("Check the settings: risk tolerance, review intervals, logo and classification line"),
        lambda: Q(settings_confirmed_at__isnull=False),
        "municipalities:settings",
        managers_only=True,
    )
)
step(
    StepDefinition(
        "members",
        _("Invite your colleagues (at least one other member)"),
        lambda: Q(member_count__gte=2),
        "municipalities:members",
    )
)
step(
    StepDefinition(
        "partner",
        _("Register a first foreign partner"),
        lambda: Exists(Partner.objects.filter(municipality=OuterRef("pk"))),
        "partners:partner_create",
    )
)
step(
    StepDefinition(
        "partnership",
        _("Register a first partnership with it"),
        lambda: Exists(Partnership.objects.filter(municipality=OuterRef("pk"))),
        "partners:partnership_create",
    )
)
step(
    StepDefinition(
        "diagnostic",
        _("Start a first diagnostic, from the partnership's page"),
        lambda: Exists(Assessment.objects.filter(municipality=OuterRef("pk"))),
        "partners:partnership_list",
    )
)


def checklist(membership: Membership) -> list[Step]:
    """The steps with their state, or [] once they are all done (one query)."""
    member_count = (
        Membership.objects.filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        Municipality.objects.filter(pk=membership.municipality_id)
        .annotate(member_count=member_count)
        .values(**{d.key: _as_expression(d.done()) for d in _STEPS})
        .first()
    )
    row: dict[str, Any] | None = dict(found) if found is not None else None
    if row is None or all(row[d.key] for d in _STEPS):
        return []
    return [
        Step(
            d.key,
            str(d.label),
            bool(row[d.key]),
            None if d.managers_only and not membership.can_manage else reverse(d.url_name),
        )
        for d in _STEPS
    ]


def _as_expression(condition: Any) -> Any:
    return ExpressionWrapper(condition, output_field=BooleanField())
