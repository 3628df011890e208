"""The tenant (a municipality), who belongs to it, and which liaisons follow it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path

if TYPE_CHECKING:
    from accounts.models import User


class Region(models.TextChoices):
    """The 18 French regions, keyed by their INSEE code."""

    GUADELOUPE = "01", "Guadeloupe"
    MARTINIQUE = "02", "Martinique"
    GUYANE = "03", "Guyane"
    LA_REUNION = "04", "La Réunion"
    MAYOTTE = "06", "Mayotte"
    ILE_DE_FRANCE = "11", "Île-de-France"
    CENTRE_VAL_DE_LOIRE = "24", "Centre-Val de Loire"
    BOURGOGNE_FRANCHE_COMTE = "27", "Bourgogne-Franche-Comté"
    NORMANDIE = "28", "Normandie"
    HAUTS_DE_FRANCE = "32", "Hauts-de-France"
    GRAND_EST = "44", "Grand Est"
    PAYS_DE_LA_LOIRE = "52", "Pays de la Loire"
    BRETAGNE = "53", "Bretagne"
    NOUVELLE_AQUITAINE = "75", "Nouvelle-Aquitaine"
    OCCITANIE = "76", "Occitanie"
    AUVERGNE_RHONE_ALPES = "84", "Auvergne-Rhône-Alpes"
    PACA = "93", "Provence-Alpes-Côte d'Azur"
    CORSE = "94", "Corse"


class PopulationBand(models.TextChoices):
    UNDER_5K = "lt5k", _("under 5,000 inhabitants")
    FROM_5K = "5k-20k", _("5,000 to 20,000 inhabitants")
    FROM_20K = "20k-100k", _("20,000 to 100,000 inhabitants")
    OVER_100K = "gt100k", _("over 100,000 inhabitants")


#: The tolerance a manager may set (DESIGN §3, method 2): below 5 every moderate risk would go
#: to the ministry, above 15 a critical one could stay off its desk.
TOLERANCE_MIN, TOLERANCE_MAX = 5, 15


class MunicipalityQuerySet(TenantQuerySet["Municipality"]):
    tenant_path = ""  # a municipality owns itself

    def followed_by(self, liaison: User) -> MunicipalityQuerySet:
        """The municipalities a liaison follows: nationally, by region or one by one."""
        assignments = LiaisonAssignment.objects.filter(liaison=liaison)
        return self.filter(
            Exists(assignments.covering(region=OuterRef("region"), municipality=OuterRef("pk")))
        )


def logo_path(instance: Municipality, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return private_path("logos", filename=f"{instance.insee_code}.{extension}")


# The reports' marking unless a municipality chooses another (printed in the report's language
# while it is left as it is: "Internal document" in English).
DEFAULT_MARKING = "Document interne"


class Municipality(models.Model):
    """A French commune using CityDiplo: it owns its register and nobody else sees it."""

    name = models.CharField(_("name"), max_length=150)
    insee_code = models.CharField(
        _("INSEE code"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(
                r"^(\d{5}|2[AB]\d{3})$",
                _("An INSEE commune code has five characters, e.g. 69123 or 2A004."),
            )
        ],
    )
    departement = models.CharField(_("département"), max_length=3)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices)
    population_band = models.CharField(
        _("population"), max_length=10, choices=PopulationBand.choices, blank=True
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    risk_tolerance = models.PositiveSmallIntegerField(
        _("risk tolerance"),
        default=10,
        validators=[MinValueValidator(TOLERANCE_MIN), MaxValueValidator(TOLERANCE_MAX)],
        help_text=_(
            "A partnership whose residual score reaches this value (5 to 15) is flagged for "
            "the ministry. 10 is the start of the 'high' band."
        ),
    )
    # "Diffusion restreinte" is a formal protective marking with its own handling rules: a town
    # hall chooses it knowingly, it is not the default.
    classification = models.CharField(
        _("marking of the reports"),
        max_length=80,
        default=DEFAULT_MARKING,
        help_text=_(
            "Printed once on the cover and at the top of every other page of the PDF reports."
        ),
    )
    review_months_low = models.PositiveSmallIntegerField(
        _("review interval, low (months)"), default=36
    )
    review_months_moderate = models.PositiveSmallIntegerField(
        _("review interval, moderate (months)"), default=24
    )
    review_months_high = models.PositiveSmallIntegerField(
        _("review interval, high (months)"), default=12
    )
    review_months_critical = models.PositiveSmallIntegerField(
        _("review interval, critical (months)"), default=6
    )
    # Set when a manager first saves the settings page: the first-run checklist's step.
    settings_confirmed_at = models.DateTimeField(_("settings confirmed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Who changed the tolerance, the review intervals or the classification, and when.
    history = HistoricalRecords(excluded_fields=["created_at", "logo"])

    objects: ClassVar[MunicipalityQuerySet] = MunicipalityQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_tolerance__gte=5) & Q(risk_tolerance__lte=15),
                name="municipality_tolerance_5_15",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class Role(models.TextChoices):
    OFFICER = "officer", _("International-relations officer")
    MANAGER = "manager", _("Manager")
    VIEWER = "viewer", _("Viewer (read only)")


class MembershipQuerySet(TenantQuerySet["Membership"]):
    """Memberships: visible to every member of the same municipality."""


class Membership(models.Model):
    """A user's role in one municipality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()  # who gave or took which role

    objects: ClassVar[MembershipQuerySet] = MembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ("municipality__name", "user__email")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="membership_one_role_per_municipality"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.municipality.name} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role in (Role.OFFICER, Role.MANAGER)

    @property
    def can_manage(self) -> bool:
        return self.role == Role.MANAGER


class LiaisonAssignmentQuerySet(models.QuerySet["LiaisonAssignment"]):
    def covering(self, *, region: Any, municipality: Any) -> LiaisonAssignmentQuerySet:
        """The liaison rule, written once: an assignment covers every municipality (a national
        liaison), every municipality of its region, or the one municipality it names."""
        return self.filter(Q(national=True) | Q(region=region) | Q(municipality=municipality))

    def liaisons_of(self, municipality: Municipality) -> models.QuerySet[User]:
        """The active liaisons following `municipality`, in a stable order."""
        covering = self.covering(region=municipality.region, municipality=municipality.pk)
        return (
            get_user_model()
            .objects.filter(is_active=True, pk__in=covering.values("liaison"))
            .order_by("pk")
        )


class LiaisonAssignment(models.Model):
    """A ministry liaison follows every municipality (national), those of a region, or one."""

    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_assignments"
    )
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="liaison_assignments",
    )
    national = models.BooleanField(
        _("national"), default=False, help_text=_("Follows every municipality, in every region.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[LiaisonAssignmentQuerySet] = LiaisonAssignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("liaison assignment")
        verbose_name_plural = _("liaison assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(region="") & Q(municipality__isnull=False) & Q(national=False))
                | (~Q(region="") & Q(municipality__isnull=True) & Q(national=False))
                | (Q(region="") & Q(municipality__isnull=True) & Q(national=True)),
                name="liaison_assignment_one_scope",
                violation_error_message=_(
                    "Choose exactly one scope: national, a region or a municipality."
                ),
            ),
            models.UniqueConstraint(
                fields=["liaison"],
                condition=Q(national=True),
                name="liaison_assignment_unique_national",
            ),
            models.UniqueConstraint(
                fields=["liaison", "region"],
                condition=~Q(region=""),
                name="liaison_assignment_unique_region",
            ),
            models.UniqueConstraint(
                fields=["liaison", "municipality"],
                condition=Q(municipality__isnull=False),
                name="liaison_assignment_unique_municipality",
            ),
        ]

    def __str__(self) -> str:
        if self.national:
            scope = str(_("every municipality"))
        elif self.municipality:
            scope = self.municipality.name
        else:
            scope = self.get_region_display()
        return f"{self.liaison} → {scope}"
