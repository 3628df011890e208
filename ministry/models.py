"""What the ministry sees beyond referrals: each municipality's sharing choice, the foreign
entities that partners of several municipalities resolve to, and the advisories liaisons
publish on them.

Nothing here names a municipality to a liaison by itself: the views and exports go through
`ministry.privacy` for that.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality
from partners.models import Country, Partner, PartnerKind


class Sharing(models.TextChoices):
    AGGREGATES = "aggregates", _("aggregates only")
    REGISTER = "register", _("our register, read-only")


class SharingChoice(models.Model):
    """A municipality's choice of what the ministry sees beyond its referrals.

    No row means the default, aggregates only. The history is the audit of who changed it.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="ministry_sharing"
    )
    level = models.CharField(
        _("what the ministry sees"),
        max_length=12,
        choices=Sharing.choices,
        default=Sharing.AGGREGATES,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed on"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sharing with the ministry")
        verbose_name_plural = _("sharing with the ministry")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=Sharing.values), name="sharing_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.level}"


class RegisterView(models.Model):
    """One look of a liaison at a municipality's register (only possible when it shares it)."""

    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="register_views"
    )
    path = models.CharField(max_length=300)
    viewed_at = models.DateTimeField(_("viewed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("register view by the ministry")
        verbose_name_plural = _("register views by the ministry")
        ordering = ("-viewed_at",)
        indexes = [models.Index(fields=["municipality", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.liaison_id} → {self.municipality_id} {self.path}"


class ForeignEntityQuerySet(models.QuerySet["ForeignEntity"]):
    def shared(self) -> ForeignEntityQuerySet:
        """Entities that partners of at least one municipality resolve to."""
        return self.filter(municipality_count__gt=0)


class ForeignEntity(models.Model):
    """One foreign body, as the partners of several municipalities designate it.

    Its names, domains and municipality count are recomputed by `ministry.resolution` from
    the partners linked to it; `first_seen_at` is the earliest link's partner creation.
    """

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    names = models.JSONField(_("names"), default=list, blank=True)
    domains = models.JSONField(_("web domains"), default=list, blank=True)
    municipality_count = models.PositiveIntegerField(_("municipalities"), default=0)
    first_seen_at = models.DateTimeField(_("first seen on"), default=timezone.now)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    objects: ClassVar[ForeignEntityQuerySet] = ForeignEntityQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("foreign entity")
        verbose_name_plural = _("foreign entities")
        ordering = ("-municipality_count", "name")
        indexes = [models.Index(fields=["-municipality_count", "name"])]

    def __str__(self) -> str:
        return self.name


class LinkHow(models.TextChoices):
    AUTOMATIC = "automatic", _("matched automatically")
    CONFIRMED = "confirmed", _("confirmed by a liaison")


class EntityLink(models.Model):
    """A partner resolved to an entity, with the evidence of why (names matched, how)."""

    entity = models.ForeignKey(ForeignEntity, on_delete=models.CASCADE, related_name="links")
    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="entity_link")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(max_length=10, choices=LinkHow.choices, default=LinkHow.AUTOMATIC)
    evidence = models.JSONField(default=dict, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link to a foreign entity")
        verbose_name_plural = _("links to foreign entities")
        indexes = [models.Index(fields=["entity", "municipality"])]

    def __str__(self) -> str:
        return f"{self.partner_id} → {self.entity_id}"


class PartnerKey(models.Model):
    """A blocking key of a partner (a distinctive name token or its phonetic code, per
    country): resolution compares only partners that share one, never all pairs."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    country_id = models.CharField(max_length=2)
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["country_id", "key"])]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.country_id}/{self.key}"


class PairDecision(models.Model):
    """A liaison's decision on two partners: the same body (confirm, merge) or not (split).

    Resolution reads these first and never undoes them, so they survive every run.
    """

    partner_low = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    partner_high = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    together = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resolution decision")
        verbose_name_plural = _("resolution decisions")
        constraints = [
            models.UniqueConstraint(fields=["partner_low", "partner_high"], name="pair_unique"),
            models.CheckConstraint(
                condition=Q(partner_low__lt=F("partner_high")), name="pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        verdict = "=" if self.together else "≠"
        return f"{self.partner_low_id} {verdict} {self.partner_high_id}"


class AdvisoryLevel(models.TextChoices):
    INFORMATION = "information", _("information")
    VIGILANCE = "vigilance", _("vigilance")
    ALERT = "alert", _("alert")


class AdvisoryQuerySet(models.QuerySet["Advisory"]):
    def in_force(self) -> AdvisoryQuerySet:
        today = timezone.localdate()
        return self.filter(withdrawn_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def for_partner(self, partner: Partner) -> AdvisoryQuerySet:
        """Advisories bearing on a partner: on its entity or on its country."""
        entity = EntityLink.objects.filter(partner=partner).values("entity")
        return self.filter(Q(entity__in=entity) | Q(country_id=partner.country_id))


class Advisory(models.Model):
    """A liaison's advisory on a foreign entity or a whole country.

    The municipalities it reached are kept in `AdvisoryReach`, which no liaison page reads:
    editing or withdrawing notifies the same municipalities.
    """

    level = models.CharField(_("level"), max_length=12, choices=AdvisoryLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    sources = models.TextField(_("sources"), blank=True, help_text=_("One per line."))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    entity = models.ForeignKey(
        ForeignEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advisories",
        verbose_name=_("foreign entity"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects: ClassVar[AdvisoryQuerySet] = AdvisoryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("advisory")
        verbose_name_plural = _("advisories")
        ordering = ("-published_at",)
        constraints = [
            models.CheckConstraint(
                condition=(Q(entity__isnull=False) & Q(country__isnull=True))
                | (Q(entity__isnull=True) & Q(country__isnull=False)),
                name="advisory_entity_xor_country",
            ),
            models.CheckConstraint(
                condition=Q(level__in=AdvisoryLevel.values), name="advisory_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def in_force(self) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.expires_on is None or self.expires_on >= timezone.localdate()


class AdvisoryReach(models.Model):
    """A municipality an advisory was sent to. Read by the municipality's own pages only."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="reach")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="advisories_received"
    )
    reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["advisory", "municipality"], name="reach_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.advisory_id} → {self.municipality_id}"
