"""What partnerships bring (yearly outcomes) and which of them the municipality makes public."""

from __future__ import annotations

from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.tenancy import TenantQuerySet
from municipalities.models import Municipality
from partners.models import Document, Partnership

FIRST_YEAR = 1950  # the first twinnings followed the war; nothing older is an outcome to record
MAX_AMOUNT = 10**10 - 1


class OutcomeQuerySet(TenantQuerySet["Outcome"]):
    """Outcomes belong to the municipality of their partnership."""

    tenant_path = "partnership__municipality"


class Outcome(models.Model):
    """What a partnership brought in one year: activities, people, money in and out."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("year"))
    activities = models.TextField(
        _("activities and exchanges"),
        max_length=2000,
        help_text=_("Visits, exchanges, projects carried out during the year."),
    )
    people_involved = models.PositiveIntegerField(
        _("people involved"), default=0, validators=[MaxValueValidator(10_000_000)]
    )
    municipal_budget = models.DecimalField(
        _("municipal budget spent (euros)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    co_financing = models.DecimalField(
        _("co-financing received (euros)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
        help_text=_("State, Europe, region, partners: what came in for the partnership."),
    )
    narrative = models.TextField(
        _("what it brought"),
        max_length=1500,
        blank=True,
        help_text=_("A short account for citizens: published with the partnership."),
    )
    internal_note = models.TextField(
        _("internal note"),
        max_length=2000,
        blank=True,
        help_text=_("For the municipality only: never published."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects: ClassVar[OutcomeQuerySet] = OutcomeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("yearly outcome")
        verbose_name_plural = _("yearly outcomes")
        ordering = ("-year",)
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="outcome_one_per_year",
                violation_error_message=_("The outcomes of this year are already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=2100), name="outcome_year_range"
            ),
            models.CheckConstraint(
                condition=Q(municipal_budget__gte=0) & Q(co_financing__gte=0),
                name="outcome_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.year}"


class PublicationQuerySet(TenantQuerySet["Publication"]):
    def live(self) -> Self:
        """Published now, of a partnership that is still in the register (not archived)."""
        return self.filter(is_published=True, partnership__archived_at__isnull=True)


class Publication(models.Model):
    """A partnership's public page: whether it is published, and what only the public sees.

    The row stays when a partnership is withdrawn, so that its address keeps its slug if it is
    published again. `changed_at` moves on every change the public can see (see signals.py):
    it dates the open data and keys the cache.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="publications"
    )
    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="publication"
    )
    slug = models.SlugField(_("address"), max_length=80)
    objectives = models.TextField(
        _("objectives"),
        max_length=2000,
        help_text=_("What the partnership aims at, in words for citizens."),
    )
    contact_email = models.EmailField(
        _("contact address"),
        help_text=_("A service address citizens may write to (not a personal one)."),
    )
    deliberation_date = models.DateField(
        _("date of the council deliberation"), null=True, blank=True
    )
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="publications",
        verbose_name=_("public documents"),
        help_text=_("Only the documents ticked here can be downloaded by the public."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("first published on"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last public change"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["changed_at"], m2m_fields=[documents])

    objects: ClassVar[PublicationQuerySet] = PublicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("-changed_at",)
        indexes = [
            models.Index(fields=["municipality", "changed_at"], name="publication_changed"),
            models.Index(fields=["is_published", "municipality"], name="publication_live"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="publication_slug_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return str(self.partnership)
