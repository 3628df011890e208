"""Sanctions lists, their entries with the index that finds them, and partners' hits.

A hit belongs to the partner's municipality (tenancy goes through the partner); the lists
are shared by every municipality and edited only by staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from citydiplo.tenancy import TenantQuerySet
from partners.models import Partner
from screening.names import Kind

if TYPE_CHECKING:
    pass


class ListFormat(models.TextChoices):
    TRESOR = "tresor", _("French Treasury asset-freeze register (JSON)")
    EU_FSF = "eu-fsf", _("EU consolidated financial sanctions list (XML)")
    UN = "un", _("UN Security Council consolidated list (XML)")
    FTM = "ftm", _("OpenSanctions FollowTheMoney entities (JSON lines)")
    CSV = "csv", _("CityDiplo CSV (id,name,aliases,country,kind,program)")


class EntryKind(models.TextChoices):
    PERSON = Kind.PERSON.value, _("person")
    ORGANISATION = Kind.ORGANISATION.value, _("organisation")
    VESSEL = Kind.VESSEL.value, _("vessel")
    UNKNOWN = Kind.UNKNOWN.value, _("unknown")


class SanctionsList(models.Model):
    """One loaded list: where it comes from, when it was published, under which licence."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    format = models.CharField(_("format"), max_length=10, choices=ListFormat.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("loaded on"), null=True, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("sanctions list")
        verbose_name_plural = _("sanctions lists")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ListFormat.values), name="sanctionslist_format_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    """A sanctioned person, organisation or vessel, as its list publishes it."""

    sanctions_list = models.ForeignKey(
        SanctionsList, on_delete=models.CASCADE, related_name="entries"
    )
    # The list's own identifier (Trésor IdRegistre, EU logicalId, UN reference number…).
    entry_id = models.CharField(_("identifier in the list"), max_length=100)
    kind = models.CharField(_("kind"), max_length=15, choices=EntryKind.choices)
    name = models.CharField(_("name"), max_length=500)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    native_names = models.JSONField(_("names in their own script"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    identifiers = models.JSONField(_("identifiers"), default=list, blank=True)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    # A hash of everything above: a reload changes only entries whose hash moved.
    digest = models.CharField(max_length=64, editable=False)
    changed_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ("sanctions_list", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["sanctions_list", "entry_id"], name="listentry_unique_id_per_list"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="listentry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def all_names(self) -> list[str]:
        return list(dict.fromkeys([self.name, *self.aliases, *self.native_names]))


class NameKey(models.Model):
    """The candidate index: each entry under its name tokens and their phonetic codes."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "entry"], name="namekey_key_entry")]

    def __str__(self) -> str:
        return self.key


class Decision(models.TextChoices):
    UNREVIEWED = "unreviewed", _("to review")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("dismissed")
    DISMISSED_FOR_GOOD = "dismissed_for_good", _("dismissed for good")


class HitQuerySet(TenantQuerySet["Hit"]):
    """Hits of partners of the municipalities the user is a member of."""

    tenant_path = "partner__municipality"

    def unreviewed(self) -> HitQuerySet:
        return self.filter(decision=Decision.UNREVIEWED)


class Hit(models.Model):
    """A list entry that matched one of a partner's names, with the officer's decision.

    `subject_digest` and `entry_digest` record what was compared: when either changes, a
    dismissal (but not a dismissal for good) falls back to "to review" and a confirmation
    is kept but shown as to review again (see screening.actions.record_hits).
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="screening_hits")
    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="hits")
    score = models.FloatField(_("score"))
    features = models.JSONField(_("why it matched"), default=dict)
    subject_digest = models.CharField(max_length=64, editable=False)
    entry_digest = models.CharField(max_length=64, editable=False)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.UNREVIEWED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    found_at = models.DateTimeField(_("found on"), auto_now_add=True)
    screened_at = models.DateTimeField(_("screened on"))

    objects: ClassVar[HitQuerySet] = HitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        ordering = ("-score", "pk")
        constraints = [
            models.UniqueConstraint(fields=["partner", "entry"], name="hit_unique_per_entry"),
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="hit_decision_valid"
            ),
        ]
        indexes = [models.Index(fields=["partner", "decision"], name="hit_partner_decision")]

    def __str__(self) -> str:
        return f"{self.partner} ~ {self.entry}"


class ListLoad(models.Model):
    """A list file uploaded by staff, loaded by a worker: its progress and its outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(_("list name"), max_length=100)
    format = models.CharField(_("format"), max_length=10, choices=ListFormat.choices)
    file = models.FileField(_("file"), upload_to="sanctions/")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("list upload")
        verbose_name_plural = _("list uploads")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"
