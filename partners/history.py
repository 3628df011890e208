"""Read the audit history django-simple-history keeps, as "who, when, what: from → to" lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _

from partners.models import Country, Flow, Partner, Sector

HISTORY_LIMIT = 50


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _action_label(record: Any) -> str:
    reason = record.history_change_reason or ""
    if reason == "archived":
        return _("archived")
    if reason == "restored":
        return _("restored")
    if reason == "import":
        return _("imported")
    return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[record.history_type]


def _names(model: type[models.Model], ids: set[Any]) -> dict[Any, str]:
    if not ids:
        return {}
    if model is Country:
        return {c.code: c.name for c in Country.objects.filter(code__in=ids)}
    return {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}


def entries_for(obj: Partner | Any) -> tuple[list[Entry], bool]:
    """The object's history, newest first, with what each change did; and whether it is cut."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    truncated = len(records) > HISTORY_LIMIT
    skipped = {"id", "municipality", "archived_at", "created_at", "updated_at"}
    kept = {f.name for f in obj.history.model._meta.fields}  # without the history's exclusions
    tracked = [
        f
        for f in type(obj)._meta.concrete_fields
        if f.editable and f.name not in skipped and f.name in kept
    ]
    pairs = []
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, included_fields=[f.name for f in tracked])
            order = {f.name: i for i, f in enumerate(tracked)}
            changes = sorted(delta.changes, key=lambda c: order.get(c.field, 0))
            changed = [(c.field, c.old, c.new) for c in changes]
        pairs.append((record, changed))
    # Foreign keys show names: one query per related model, only when such a field changed.
    related: dict[str, dict[Any, str]] = {}
    fields = {f.name: f for f in tracked}
    for name, f in fields.items():
        if f.is_relation:
            ids = {v for _, changed in pairs for (n, o, w) in changed if n == name for v in (o, w)}
            ids.discard(None)
            related[name] = _names(f.related_model, ids)  # type: ignore[arg-type]
    result = []
    for record, changed in pairs:
        user = record.history_user
        entry = Entry(
            when=record.history_date,
            who=user.display_name if user else _("system"),
            action=_action_label(record),
        )
        for name, old, new in changed:
            f = fields.get(name)
            if f is None:
                continue
            entry.changes.append(
                Change(
                    str(f.verbose_name),
                    _display(f, old, related.get(name)),
                    _display(f, new, related.get(name)),
                )
            )
        result.append(entry)
    return result, truncated


def _display(f: models.Field[Any, Any], value: Any, names: dict[Any, str] | None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if names is not None:
        return names.get(value, str(value))
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.JSONField) and isinstance(value, list):
        labels = {**dict(Sector.choices), **dict(Flow.choices)}
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, datetime.date):
        return date_filter(value, "SHORT_DATE_FORMAT")
    return truncatechars(str(value), 120)
