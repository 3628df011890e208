"""What awaits an officer or a manager: a registry of small providers, one query each.

A provider takes the member's membership and the current time and returns an `Item` (or None
when nothing waits). Apps add theirs with `@provider(roles)` in a module their AppConfig.ready()
imports; the dashboard shows every item with a count above zero, in registration order, each
with a link to where the work is done. One query per provider keeps the page's count pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Min, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance.checklist import OPEN_STATUSES
from guidance.models import ChecklistItem
from municipalities.models import Membership, Role
from partners.due import due_by, reassessment_open
from partners.models import Partner, Partnership
from partners.portfolio import portfolio_partnerships
from reviews.models import Referral, ReferralState
from risks import elections
from risks.models import (
    Assessment,
    AssessmentStatus,
    Band,
    ProfileAnswer,
    Question,
    Questionnaire,
)

SHOWN = 5  # entries listed under an item; the "see all" link leads to the rest
SOON = timedelta(days=30)  # a review falling due within this is announced ahead


@dataclass(frozen=True)
class Entry:
    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Item:
    key: str
    title: str  # says the count in words
    count: int
    url: str  # where all of them are listed
    entries: list[Entry] = field(default_factory=list)
    urgent: bool = False


Provider = Callable[[Membership, datetime], Item | None]
WRITERS = frozenset({Role.OFFICER, Role.MANAGER})
MANAGERS = frozenset({Role.MANAGER})
_REGISTRY: list[tuple[Provider, frozenset[str]]] = []


def provider(roles: frozenset[str]) -> Callable[[Provider], Provider]:
    """Register a provider for the members of these roles."""

    def register(function: Provider) -> Provider:
        _REGISTRY.append((function, roles))
        return function

    return register


def awaiting(membership: Membership, now: datetime) -> list[Item]:
    items = (fn(membership, now) for fn, roles in _REGISTRY if membership.role in roles)
    return [item for item in items if item is not None and item.count > 0]


def _list_url(name: str, **params: str) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _with_total(qs: Any) -> tuple[list[dict[str, Any]], int]:
    """The first rows and the count of all of them, in one query (a window count)."""
    rows = list(qs.annotate(total=Window(Count("pk")))[:SHOWN])
    return rows, (rows[0]["total"] if rows else 0)


def _diagnostics(membership: Membership, status: str) -> tuple[list[Entry], int]:
    rows, total = _with_total(
        Assessment.objects.filter(municipality_id=membership.municipality_id, status=status)
        .order_by("updated_at", "pk")
        .values("pk", "partnership__title", "updated_at")
    )
    entries = [
        Entry(row["partnership__title"], reverse("risks:assessment", args=[row["pk"]]))
        for row in rows
    ]
    return entries, total


@provider(WRITERS)
def drafts_to_finish(membership: Membership, now: datetime) -> Item | None:
    entries, total = _diagnostics(membership, AssessmentStatus.DRAFT)
    return Item(
        "drafts",
        ngettext("%(n)s diagnostic to finish", "%(n)s diagnostics to finish", total) % {"n": total},
        total,
        _list_url("partners:partnership_list", diagnostic="draft"),
        entries,
    )


@provider(MANAGERS)
def diagnostics_to_approve(membership: Membership, now: datetime) -> Item | None:
    entries, total = _diagnostics(membership, AssessmentStatus.SUBMITTED)
    return Item(
        "to_approve",
        ngettext("%(n)s diagnostic to approve", "%(n)s diagnostics to approve", total)
        % {"n": total},
        total,
        _list_url("partners:partnership_list", diagnostic="submitted"),
        entries,
        urgent=True,
    )


@provider(WRITERS)
def questions_to_answer(membership: Membership, now: datetime) -> Item | None:
    rows, total = _with_total(
        Referral.objects.filter(
            municipality_id=membership.municipality_id, state=ReferralState.INFO_REQUESTED
        )
        .order_by("deadline", "pk")
        .values("pk", "partnership_title", "deadline")
    )
    entries = [
        Entry(
            row["partnership_title"],
            reverse("reviews:referral", args=[row["pk"]]),
            _("deadline %(date)s")
            % {"date": formats.date_format(row["deadline"], "SHORT_DATE_FORMAT")},
        )
        for row in rows
    ]
    return Item(
        "questions",
        ngettext(
            "%(n)s question from the ministry to answer",
            "%(n)s questions from the ministry to answer",
            total,
        )
        % {"n": total},
        total,
        _list_url("reviews:referral_list", state=ReferralState.INFO_REQUESTED),
        entries,
        urgent=True,
    )


@provider(WRITERS)
def reviews_due(membership: Membership, now: datetime) -> Item | None:
    """Rated partnerships whose review date has passed, or falls within 30 days, by band."""
    municipality = membership.municipality
    counts: dict[str, Any] = {}
    for band in Band.values:
        counts[f"{band}_due"] = Count("pk", filter=due_by(municipality, band, now))
        # due within 30 days, those already due included (subtracted below: a simpler query)
        counts[f"{band}_by_soon"] = Count("pk", filter=due_by(municipality, band, now + SOON))
    figures = (
        portfolio_partnerships(municipality)
        .exclude(rating="")
        .filter(~Q(reassessment_open()))
        .aggregate(**counts)
    )
    entries = []
    total = 0
    for band, label in reversed(Band.choices):
        due = figures[f"{band}_due"]
        soon = figures[f"{band}_by_soon"] - due
        total += due
        if due or soon:
            entries.append(
                Entry(
                    _("%(band)s: %(due)s due, %(soon)s within 30 days")
                    % {"band": str(label).capitalize(), "due": due, "soon": soon},
                    _list_url("partners:partnership_list", review="due", rating=band),
                )
            )
    return Item(
        "reviews",
        ngettext(
            "%(n)s partnership due for its review",
            "%(n)s partnerships due for their review",
            total,
        )
        % {"n": total},
        total,
        _list_url("partners:partnership_list", review="due"),
        entries,
    )


@provider(WRITERS)
def checklists_open(membership: Membership, now: datetime) -> Item | None:
    """Current partnerships with steps of the checklist before signing still unticked."""
    steps = (
        ChecklistItem.objects.filter(active=True)
        .order_by()
        .values("active")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    rows, total = _with_total(
        Partnership.objects.filter(
            municipality_id=membership.municipality_id,
            archived_at__isnull=True,
            status__in=OPEN_STATUSES,
        )
        .annotate(
            ticked=Count("checklist_ticks", filter=Q(checklist_ticks__item__active=True)),
            steps=Coalesce(Subquery(steps), 0),
        )
        .filter(ticked__lt=F("steps"))
        .order_by("ticked", "title", "pk")
        .values("pk", "title", "ticked", "steps")
    )
    entries = [
        Entry(
            row["title"],
            reverse("guidance:checklist", args=[row["pk"]]),
            _("%(done)s of %(total)s done") % {"done": row["ticked"], "total": row["steps"]},
        )
        for row in rows
    ]
    return Item(
        "checklists",
        ngettext(
            "%(n)s partnership with steps left before signing",
            "%(n)s partnerships with steps left before signing",
            total,
        )
        % {"n": total},
        total,
        _list_url("partners:partnership_list"),
        entries,
    )


@provider(WRITERS)
def screening_hits_to_review(membership: Membership, now: datetime) -> Item | None:
    """Partners with a sanctions-list hit no officer has decided on yet."""
    rows, total = _with_total(
        Partner.objects.filter(
            municipality_id=membership.municipality_id,
            archived_at__isnull=True,
            screening_to_review=True,
        )
        .order_by("name")
        .values("pk", "name")
    )
    return Item(
        "screening",
        ngettext(
            "%(n)s partner with sanctions-list hits to review",
            "%(n)s partners with sanctions-list hits to review",
            total,
        )
        % {"n": total},
        total,
        _list_url("partners:partner_list", screening="to_review"),
        [Entry(row["name"], reverse("partners:partner_detail", args=[row["pk"]])) for row in rows],
        urgent=True,
    )


@provider(MANAGERS)
def profile_due(membership: Membership, now: datetime) -> Item | None:
    """The municipality profile, answered once and due again each year and after each election
    (two queries: the current version's profile questions, then the answers' count and age)."""
    current = Questionnaire.objects.published().order_by("-version").values("pk")[:1]
    keys = list(
        Question.objects.filter(profile=True, questionnaire=Subquery(current)).values_list(
            "key", flat=True
        )
    )
    if not keys:
        return None
    answers = ProfileAnswer.objects.filter(
        municipality_id=membership.municipality_id, question_key__in=keys
    ).aggregate(count=Count("pk"), oldest=Min("answered_at"))
    complete = answers["count"] >= len(keys)
    due_on = elections.profile_due_on(localdate(answers["oldest"])) if complete else None
    if due_on is not None and due_on > localdate(now):
        return None
    title = (
        _("The municipality profile is to be answered")
        if due_on is None
        else _("The municipality profile is due for review since %(day)s")
        % {"day": formats.date_format(due_on, "DATE_FORMAT")}
    )
    return Item("profile", title, 1, reverse("risks:profile"))
