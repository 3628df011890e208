"""What the referral pages show, read from a referral's frozen snapshot (no query)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from partners.models import Flow, Ownership, PartnerKind, PartnershipForm, Sector, Status
from reviews import texts
from reviews.models import Notification, Referral
from reviews.snapshot import as_assessment
from risks import presenters as risk_presenters
from risks.models import Assessment, Axis, Category


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


def _pick(data: dict[str, Any], key: str) -> str:
    """`key_en` when the page speaks English and has it, else `key_fr`."""
    english = data.get(f"{key}_en") if _english() else ""
    return str(english or data.get(f"{key}_fr") or "")


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


@dataclass
class CategoryAnswers:
    code: str
    label: str
    answers: list[dict[str, str]] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)


@dataclass
class SnapshotView:
    assessment: Assessment
    heat_rows: list[Any]
    flag_texts: list[str]
    partner: dict[str, Any]
    partnership: dict[str, Any]
    categories: list[CategoryAnswers]
    approved_at: str | None
    version: Any


def snapshot_view(snapshot: dict[str, Any]) -> SnapshotView:
    assessment = as_assessment(snapshot)
    partner = dict(snapshot.get("partner", {}))
    partner["kind_label"] = _label(PartnerKind, partner.get("kind", ""))
    partner["ownership_label"] = _label(Ownership, partner.get("ownership", ""))
    partner["country_name"] = _pick(partner, "country")
    partnership = dict(snapshot.get("partnership", {}))
    partnership["form_label"] = _label(PartnershipForm, partnership.get("form", ""))
    partnership["status_label"] = _label(Status, partnership.get("status", ""))
    partnership["sector_labels"] = [_label(Sector, s) for s in partnership.get("sectors", [])]
    partnership["flow_labels"] = [_label(Flow, f) for f in partnership.get("flows", [])]
    categories = {code: CategoryAnswers(code, str(label)) for code, label in Category.choices}
    for answer in snapshot.get("answers", []):
        target = categories.get(answer.get("category", ""))
        if target is not None:
            target.answers.append(
                {
                    "question": _pick(answer, "question"),
                    "answer": _pick(answer, "label"),
                    "axis": _label(Axis, answer.get("axis", "")),
                    "justification": answer.get("justification", ""),
                }
            )
    for control in snapshot.get("controls", []):
        target = categories.get(control.get("category", ""))
        if target is not None:
            target.controls.append(_pick(control, "label"))
    return SnapshotView(
        assessment=assessment,
        heat_rows=risk_presenters.heat_map(assessment),
        flag_texts=risk_presenters.flag_texts(assessment),
        partner=partner,
        partnership=partnership,
        categories=list(categories.values()),
        approved_at=snapshot.get("approved_at"),
        version=snapshot.get("questionnaire_version"),
    )


def decorate(referrals: Any) -> None:
    """Give each listed referral the short labels of its categories of concern."""
    for referral in referrals:
        referral.category_labels = [
            str(risk_presenters.SHORT_NAMES.get(code, code)) for code in referral.categories
        ]


@dataclass
class NotificationRow:
    notification: Notification
    subject: str
    sentence: str


def notification_row(notification: Notification) -> NotificationRow:
    return NotificationRow(notification, texts.subject(notification), texts.sentence(notification))


__all__ = ["Referral", "decorate", "notification_row", "snapshot_view"]
