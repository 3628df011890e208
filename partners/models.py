"""The register: countries (context), foreign partners and the municipality's partnerships."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.bands import Band
from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path
from municipalities.models import Municipality
from partners.text import normalise, search_text, split_aliases


class RegimeClass(models.IntegerChoices):
    """V-Dem's Regimes of the World classification."""

    CLOSED_AUTOCRACY = 0, _("closed autocracy")
    ELECTORAL_AUTOCRACY = 1, _("electoral autocracy")
    ELECTORAL_DEMOCRACY = 2, _("electoral democracy")
    LIBERAL_DEMOCRACY = 3, _("liberal democracy")


class Country(models.Model):
    """A country or territory of ISO 3166-1, with the context the diagnostic uses."""

    code = models.CharField(_("ISO code (alpha-2)"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO code (alpha-3)"), max_length=3, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    regime_class = models.PositiveSmallIntegerField(
        _("regime class"), choices=RegimeClass.choices, null=True, blank=True
    )
    regime_year = models.PositiveSmallIntegerField(_("regime year"), null=True, blank=True)
    regime_source = models.CharField(_("regime source"), max_length=200, blank=True)
    active_conflict = models.BooleanField(_("active conflict"), default=False)
    not_recognised_by_france = models.BooleanField(
        _("territory not recognised by France"),
        default=False,
        help_text=_("A convention with an authority of such a territory is unlawful."),
    )
    fimi_attributed = models.BooleanField(
        _("source of attributed information manipulation"),
        default=False,
        help_text=_(
            "Publicly attributed as a source of information-manipulation campaigns against "
            "France or the European Union (Viginum, EEAS). Raises the disinformation "
            "likelihood; give the source."
        ),
    )
    fimi_source = models.CharField(_("attribution source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    # Staff changes to the context are audited; risks recomputes the drafts they affect.
    history = HistoricalRecords(excluded_fields=["alpha3", "name_fr", "name_en"])

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ("name_fr",)
        constraints = [
            models.CheckConstraint(
                condition=Q(regime_class__isnull=True) | Q(regime_class__lte=3),
                name="country_regime_class_0_3",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_field() -> str:
        """The column holding the name in the language of the page."""
        return "name_en" if (get_language() or "fr").startswith("en") else "name_fr"

    @property
    def name(self) -> str:
        """The name in the language of the page."""
        return str(getattr(self, self.name_field()))


class Territory(models.Model):
    """A territory below the country level that France does not recognise (annexed, occupied,
    secessionist or self-proclaimed), kept by staff with the source of France's position.

    A partner placed in one makes any convention, charter or commitment with it unlawful
    (DESIGN §3, `territory_not_recognised`).
    """

    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line: local names, transliterations.")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="territories",
        verbose_name=_("country (internationally recognised)"),
    )
    source = models.TextField(
        _("source of France's position"),
        help_text=_("Issuer, title, date and address of the official position."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territory not recognised by France")
        verbose_name_plural = _("territories not recognised by France")
        ordering = ("country", "name_fr")
        constraints = [
            models.UniqueConstraint(fields=["country", "name_fr"], name="territory_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class PartnerKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("foreign local authority")
    STATE_BODY = "state_body", _("state body")
    UNIVERSITY = "university", _("university or research body")
    COMPANY = "company", _("company")
    NETWORK = "network", _("network or association")
    FRIENDSHIP = "friendship", _("friendship association")
    DIASPORA = "diaspora", _("diaspora association")
    OTHER = "other", _("other")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("public body")
    STATE_OWNED = "state_owned", _("state-owned or state-controlled")
    PRIVATE = "private", _("private")
    MIXED = "mixed", _("mixed public and private")
    NON_PROFIT = "non_profit", _("non-profit")
    UNKNOWN = "unknown", _("unknown")


class PartnerQuerySet(TenantQuerySet["Partner"]):
    def current(self) -> PartnerQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> PartnerQuerySet:
        return self.filter(archived_at__isnull=False)

    def search(self, query: str) -> PartnerQuerySet:
        """Names, aliases and city, accent- and case-insensitive."""
        needle = normalise(query)
        return self.filter(search_text__contains=needle) if needle else self


class Partner(models.Model):
    """A foreign counterpart in one municipality's register."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        max_length=2000,
        help_text=_("One per line: transliterations, former names, acronyms."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="partners", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("territory not recognised by France"),
        help_text=_("Only if the partner sits in one: a convention with it would be unlawful."),
    )
    website = models.URLField(_("website"), blank=True)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.UNKNOWN
    )
    parent_organisation = models.CharField(_("parent organisation"), max_length=200, blank=True)
    linked_to_state = models.BooleanField(_("linked to the state"), default=False)
    linked_to_ruling_party = models.BooleanField(_("linked to the ruling party"), default=False)
    linked_to_military = models.BooleanField(_("linked to the military"), default=False)
    linked_to_security_services = models.BooleanField(
        _("linked to security or intelligence services"), default=False
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    # Normalised copies (see partners/text.py), kept by save().
    name_key = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    # Kept by the screening app (screening.actions.refresh_partner_flags), never by forms:
    # a confirmed sanctions match (a flag for the ministry) and hits still to review.
    sanctions_confirmed = models.BooleanField(
        _("confirmed on a sanctions list"), default=False, editable=False
    )
    screening_to_review = models.BooleanField(
        _("screening hits to review"), default=False, editable=False
    )
    screened_at = models.DateTimeField(_("screened on"), null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "name_key",
            "search_text",
            "updated_at",
            "sanctions_confirmed",
            "screening_to_review",
            "screened_at",
        ]
    )

    objects: ClassVar[PartnerQuerySet] = PartnerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ("name",)
        indexes = [models.Index(fields=["municipality", "name_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name_key", "country"],
                name="partner_unique_name_per_country",
                violation_error_message=_(
                    "A partner of this name and country is already in the register."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values), name="partner_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ownership__in=Ownership.values), name="partner_ownership_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_normalised()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_key", "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("partners:partner_detail", args=[self.pk])

    def refresh_normalised(self) -> None:
        self.aliases = "\n".join(split_aliases(self.aliases))
        self.name_key = normalise(self.name)[:200]
        self.search_text = search_text([self.name, *self.alias_list, self.city])

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def links(self) -> list[str]:
        """Labels of the links to state power this partner has."""
        return [
            str(self._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in LINK_FIELDS
            if getattr(self, name)
        ]


LINK_FIELDS = (
    "linked_to_state",
    "linked_to_ruling_party",
    "linked_to_military",
    "linked_to_security_services",
)


class PartnershipForm(models.TextChoices):
    TWINNING = "twinning", _("twinning")
    CONVENTION = "convention", _("cooperation convention (art. L1115-1 CGCT)")
    FRIENDSHIP_CHARTER = "friendship_charter", _("friendship charter")
    MOU = "mou", _("memorandum of understanding")
    PROJECT = "project", _("project")
    NETWORK = "network", _("network membership")
    DELEGATION = "delegation", _("delegation visit")
    EVENT = "event", _("event")
    DONATION = "donation", _("donation or solidarity action")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class Sector(models.TextChoices):
    """Strategic sectors: any of them raises the impact of intellectual-property capture."""

    DUAL_USE = "dual_use", _("dual-use goods and technologies")
    AI = "ai", _("artificial intelligence")
    QUANTUM = "quantum", _("quantum technologies")
    AEROSPACE = "aerospace", _("aerospace and space")
    DEFENCE = "defence", _("defence and security")
    HEALTH = "health", _("health and biotechnology")
    ENERGY = "energy", _("energy and nuclear")
    SEMICONDUCTORS = "semiconductors", _("semiconductors and electronics")
    TELECOM = "telecom", _("telecommunications and digital infrastructure")
    CYBER = "cyber", _("cybersecurity")
    MATERIALS = "materials", _("advanced materials and chemistry")
    ROBOTICS = "robotics", _("robotics and automation")
    INFRASTRUCTURE = "infrastructure", _("critical infrastructure (water, transport, ports)")
    AGRIFOOD = "agrifood", _("agri-food and seeds")


class Flow(models.TextChoices):
    """What flows from the municipality (or its ecosystem) to the partner."""

    DATA = "data", _("data")
    KNOW_HOW = "know_how", _("know-how")
    TECHNOLOGY = "technology", _("technology")
    FUNDS = "funds", _("funds")
    PERSONAL_DATA = "personal_data", _("personal data")


#: What flowing out makes a strategic sector a capture risk (funds do not).
OUTFLOWS = frozenset({Flow.DATA, Flow.KNOW_HOW, Flow.TECHNOLOGY, Flow.PERSONAL_DATA})
#: Forms that bind the municipality in writing (a convention in the sense of CGCT L1115-5).
STATE_CONVENTION_FORMS = frozenset(
    {
        PartnershipForm.TWINNING,
        PartnershipForm.CONVENTION,
        PartnershipForm.FRIENDSHIP_CHARTER,
        PartnershipForm.MOU,
    }
)


class PartnershipQuerySet(TenantQuerySet["Partnership"]):
    def current(self) -> PartnershipQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> PartnershipQuerySet:
        return self.filter(archived_at__isnull=False)

    def search(self, query: str, partners: PartnerQuerySet | None = None) -> PartnershipQuerySet:
        """Title, reference, and the partner's names and aliases, accent- and case-insensitive.

        `partners` (a register's partners) keeps the partner side to that register rather than
        reading the partners of every municipality."""
        needle = normalise(query)
        if not needle:
            return self
        matching = (partners if partners is not None else Partner.objects.all()).search(query)
        return self.filter(Q(search_text__contains=needle) | Q(partner__in=matching))

    def with_sector(self, sector: str) -> PartnershipQuerySet:
        # Sectors are a JSON list; the quoted code matches one whole element on every database.
        return self.filter(sectors__icontains=f'"{sector}"')


class Partnership(models.Model):
    """A relationship between the municipality and one foreign partner."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=PartnershipForm.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    sectors = models.JSONField(_("strategic sectors"), default=list, blank=True)
    flows = models.JSONField(_("what flows"), default=list, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    deliberation_ref = models.CharField(_("council deliberation"), max_length=100, blank=True)
    sent_to_prefect_on = models.DateField(_("sent to the prefect on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_partnerships",
        verbose_name=_("local owner"),
    )
    budget = models.DecimalField(
        _("budget (euros)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**10 - 1)],
    )
    description = models.TextField(_("description"), blank=True, max_length=10000)
    # Copied from the latest approved diagnostic by risks.actions.apply_rating (lists filter on it).
    rating = models.CharField(_("rating"), max_length=10, choices=Band.choices, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged for the ministry"), default=False)
    # The matrix cell of the category that gives the rating (risks.scoring.rating_cell): the
    # dashboard's matrix counts partnerships per cell without reading the diagnostics' JSON.
    risk_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    risk_impact = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated on"), null=True, blank=True)
    # Each risk category's residual band in the diagnostic that set the rating ({category:
    # band}), copied with it by risks.actions.apply_rating: the ministry's picture counts and
    # filters by category on this column instead of reading every diagnostic's result.
    residual_bands = models.JSONField(default=dict, blank=True, editable=False)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    search_text = models.TextField(editable=False, default="")
    # The title normalised (partners/text.py): two titles of one partner may not share it.
    title_key = models.CharField(max_length=200, editable=False, default="")

    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "title_key",
            "updated_at",
            "rated_at",
            "risk_likelihood",
            "risk_impact",
            "residual_bands",
        ]
    )

    objects: ClassVar[PartnershipQuerySet] = PartnershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ("title",)
        # The list's default order (by the normalised title, so that case and accents do not
        # push "École…" after "Zoo…"), read in index order: page 1 costs 25 rows.
        indexes = [
            models.Index(
                fields=["municipality", "title_key", "id"], name="partnership_list_title_key"
            ),
            # The lists' count of current (or archived) partnerships, from the index alone.
            models.Index(fields=["municipality", "archived_at"], name="partnership_by_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "partner", "title_key"],
                name="partnership_unique_title_key_per_partner",
                violation_error_message=_(
                    "This partner already has a partnership with this title."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partnership_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="partnership_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(form__in=PartnershipForm.values), name="partnership_form_valid"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="partnership_budget_positive",
            ),
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=Band.values),
                name="partnership_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_normalised()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "title_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("partners:partnership_detail", args=[self.pk])

    @staticmethod
    def title_key_of(title: str) -> str:
        """The duplicate-title rule, for the form, the import and the database alike: titles
        that differ only in case, accents or punctuation are the same title."""
        return normalise(title)[:200]

    def refresh_normalised(self) -> None:
        self.search_text = search_text([self.title, self.deliberation_ref])
        self.title_key = self.title_key_of(self.title)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def sector_labels(self) -> list[str]:
        return [str(Sector(code).label) for code in self.sectors if code in Sector.values]

    @property
    def flow_labels(self) -> list[str]:
        return [str(Flow(code).label) for code in self.flows if code in Flow.values]

    @property
    def strategic(self) -> bool:
        return bool(self.sectors)

    @property
    def strategic_outflow(self) -> bool:
        """A strategic sector is concerned AND know-how, technology or data flow to the
        partner: only then does the sector raise the impact of IP capture (method 2)."""
        return bool(self.sectors) and bool(OUTFLOWS.intersection(self.flows))

    @property
    def with_foreign_state(self) -> bool:
        """A convention, charter or memorandum signed with a foreign State itself, which
        article L1115-5 of the CGCT forbids to a local authority."""
        return self.partner.kind == PartnerKind.STATE_BODY and self.form in STATE_CONVENTION_FORMS


def document_path(instance: Document, filename: str) -> str:
    return private_path("documents", instance.partnership.municipality_id, filename=filename)


class DocumentQuerySet(TenantQuerySet["Document"]):
    tenant_path = "partnership__municipality"


class Document(models.Model):
    """A file kept with a partnership (convention text, deliberation, correspondence)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    objects: ClassVar[DocumentQuerySet] = DocumentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("-uploaded_at",)

    def __str__(self) -> str:
        return self.title
