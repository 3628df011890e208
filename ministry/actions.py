"""Changes of the ministry's picture: the sharing choice, register views, a liaison's
decisions on shared entities, and advisories. Views, tasks and commands call these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ministry import resolution
from ministry.models import (
    Advisory,
    AdvisoryReach,
    EntityLink,
    ForeignEntity,
    LinkHow,
    PairDecision,
    RegisterView,
    Sharing,
    SharingChoice,
)
from municipalities.models import Municipality
from partners.models import Partner
from reviews.models import EventKind, Referral
from reviews.outbox import notify
from reviews.recipients import municipal_recipients


class MinistryError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- what the ministry sees of a municipality ------------------------------------------------


def sharing_level(municipality: Municipality) -> str:
    row = SharingChoice.objects.filter(municipality=municipality).values("level").first()
    return row["level"] if row else Sharing.AGGREGATES


def set_sharing(municipality: Municipality, level: str, by: User) -> SharingChoice:
    """A manager's choice; the history of `SharingChoice` is its audit (who, when, what)."""
    if level not in Sharing.values:
        raise MinistryError("invalid_level")
    with transaction.atomic():
        choice, created = SharingChoice.objects.select_for_update().get_or_create(
            municipality=municipality, defaults={"level": level, "changed_by": by}
        )
        if not created and choice.level != level:
            choice.level = level
            choice.changed_by = by
            choice._change_reason = f"{by.email}: {level}"  # type: ignore[attr-defined]
            choice.save()
    return choice


def sharing_register(liaison: User) -> QuerySet[Municipality]:
    """Followed municipalities that chose to show their register to the ministry."""
    return Municipality.objects.followed_by(liaison).filter(
        ministry_sharing__level=Sharing.REGISTER
    )


def log_register_view(liaison: User, municipality: Municipality, path: str) -> None:
    RegisterView.objects.create(liaison=liaison, municipality=municipality, path=path[:300])


def nameable(liaison: User, partner_ids: QuerySet[Any] | list[int]) -> QuerySet[Municipality]:
    """The municipalities a liaison may see named beside these partners: followed ones that
    share their register, or that referred a partnership with one of them."""
    followed = Municipality.objects.followed_by(liaison)
    referred = Referral.objects.filter(partnership__partner__in=partner_ids).values("municipality")
    return followed.filter(
        Q(ministry_sharing__level=Sharing.REGISTER) | Q(pk__in=referred)
    ).distinct()


# --- a liaison's decisions on shared entities ------------------------------------------------


def _decide(a: int, b: int, together: bool, by: User) -> None:
    low, high = sorted((a, b))
    if low == high:
        return
    PairDecision.objects.update_or_create(
        partner_low_id=low,
        partner_high_id=high,
        defaults={"together": together, "decided_by": by},
    )


def confirm_entity(entity: ForeignEntity, by: User) -> None:
    """Every partner linked now is the same body: kept together by every later run."""
    with transaction.atomic():
        pks = sorted(EntityLink.objects.filter(entity=entity).values_list("partner_id", flat=True))
        for other in pks[1:]:
            _decide(pks[0], other, True, by)
        EntityLink.objects.filter(entity=entity).update(how=LinkHow.CONFIRMED)


def split_partner(entity: ForeignEntity, partner_id: int, by: User) -> None:
    """This partner is not the entity's body: kept apart from each of its partners for good."""
    with transaction.atomic():
        pks = list(EntityLink.objects.filter(entity=entity).values_list("partner_id", flat=True))
        if partner_id not in pks:
            raise MinistryError("not_linked")
        for other in pks:
            _decide(partner_id, other, False, by)
        EntityLink.objects.filter(partner_id=partner_id).delete()
        resolution.refresh(entity.pk)


def merge_entities(entity: ForeignEntity, other: ForeignEntity, by: User) -> None:
    """Two entities are one body: `other`'s partners and advisories move to `entity`."""
    if entity.pk == other.pk:
        raise MinistryError("same_entity")
    with transaction.atomic():
        ours = sorted(EntityLink.objects.filter(entity=entity).values_list("partner_id", flat=True))
        theirs = list(EntityLink.objects.filter(entity=other).values_list("partner_id", flat=True))
        if ours and theirs:
            _decide(ours[0], theirs[0], True, by)
        EntityLink.objects.filter(entity=other).update(entity=entity, how=LinkHow.CONFIRMED)
        Advisory.objects.filter(entity=other).update(entity=entity)
        other.delete()
        resolution.refresh(entity.pk)


# --- advisories ------------------------------------------------------------------------------


def concerned_partners(advisory: Advisory, liaison: User) -> QuerySet[Partner]:
    """Current partners the advisory bears on, in the municipalities its author follows."""
    qs = Partner.objects.current().filter(
        municipality__in=Municipality.objects.followed_by(liaison)
    )
    if advisory.entity_id is not None:
        return qs.filter(entity_link__entity_id=advisory.entity_id)
    return qs.filter(country_id=advisory.country_id)


def _notify_reach(advisory: Advisory, kind: str, municipality_ids: list[int]) -> None:
    subject = advisory.entity.name if advisory.entity else str(advisory.country)
    names = dict(Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name"))
    for municipality_id in municipality_ids:
        notify(
            municipal_recipients(municipality_id),
            kind,
            params={
                "title": advisory.title,
                "level": str(advisory.get_level_display()),
                "subject": subject,
                "municipality": names.get(municipality_id, ""),
            },
            path=reverse("ministry:advisory", args=[advisory.pk]),
        )


def publish_advisory(by: User, **fields: Any) -> Advisory:
    """Publish and notify every followed municipality with a matching partner; the liaison
    is told how many only as a suppressed count, never which."""
    with transaction.atomic():
        advisory = Advisory.objects.create(published_by=by, **fields)
        ids = sorted(set(concerned_partners(advisory, by).values_list("municipality", flat=True)))
        AdvisoryReach.objects.bulk_create(
            [AdvisoryReach(advisory=advisory, municipality_id=m) for m in ids]
        )
        _notify_reach(advisory, EventKind.ADVISORY_PUBLISHED, ids)
    return advisory


def _reached(advisory: Advisory) -> list[int]:
    return list(
        AdvisoryReach.objects.filter(advisory=advisory)
        .order_by("municipality")
        .values_list("municipality", flat=True)
    )


def update_advisory(advisory: Advisory, by: User, **fields: Any) -> Advisory:
    """Edit the text, level, sources or expiry; the same municipalities hear of it."""
    if advisory.withdrawn_at is not None:
        raise MinistryError("withdrawn")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(advisory, name, value)
        advisory._change_reason = f"updated by {by.email}"  # type: ignore[attr-defined]
        advisory.save()
        _notify_reach(advisory, EventKind.ADVISORY_UPDATED, _reached(advisory))
    return advisory


def withdraw_advisory(advisory: Advisory, by: User) -> Advisory:
    if advisory.withdrawn_at is not None:
        raise MinistryError("withdrawn")
    with transaction.atomic():
        advisory.withdrawn_at = timezone.now()
        advisory._change_reason = f"withdrawn by {by.email}"  # type: ignore[attr-defined]
        advisory.save(update_fields=["withdrawn_at", "updated_at"])
        _notify_reach(advisory, EventKind.ADVISORY_WITHDRAWN, _reached(advisory))
    return advisory
