"""Guidance, the checklist before signing, training and the incident log.

Guidance content (pages, sources, model clauses, glossary, checklist items, training modules
and their quizzes) is shared by every municipality: staff edit it in the admin, a first version
ships with the project. What a municipality records (ticks, training, incidents) is its own and
invisible to every other municipality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path
from municipalities.models import Municipality

if TYPE_CHECKING:
    from accounts.models import User


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


class Bilingual:
    """`pick("title")` is `title_en` on an English page when it is filled, else `title_fr`."""

    def pick(self, name: str) -> str:
        english = getattr(self, f"{name}_en", "") if _english() else ""
        return str(english or getattr(self, f"{name}_fr", ""))


# --- the guide -------------------------------------------------------------------------------


class Section(models.TextChoices):
    BEFORE_SIGNING = "before_signing", _("before signing")
    CLAUSES = "clauses", _("model clauses")
    PREFECT = "prefect", _("the prefect kit")
    CONTACTS = "contacts", _("whom to call")
    LAW = "law", _("the texts")


class GuidePage(Bilingual, models.Model):
    """A page of the guide, in French and English, with its sources."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body_fr = models.TextField(
        _("text (French)"),
        help_text=_(
            "Paragraphs separated by a blank line. [[glossary:zrr|ZRR]] links to a glossary "
            "entry, [[guide:prefect-kit|the prefect kit]] to another page."
        ),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")
        ordering = ("order", "slug")
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="guide_page_section_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title_fr

    def get_absolute_url(self) -> str:
        return reverse("guidance:page", args=[self.slug])

    @property
    def title(self) -> str:
        return self.pick("title")

    @property
    def summary(self) -> str:
        return self.pick("summary")

    @property
    def body(self) -> str:
        return self.pick("body")


class Source(models.Model):
    """Where a page's statements come from: who published what, when, and where to read it."""

    page = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="sources")
    issuer = models.CharField(_("issuer"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ("order", "pk")

    def __str__(self) -> str:
        return f"{self.issuer}, {self.title}"


class ModelClause(models.Model):
    """A clause to put in a convention, in both languages side by side (the partner reads one,
    the council the other)."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topic_fr = models.CharField(_("topic (French)"), max_length=200)
    topic_en = models.CharField(_("topic (English)"), max_length=200)
    text_fr = models.TextField(_("clause (French)"))
    text_en = models.TextField(_("clause (English)"))
    note_fr = models.TextField(_("why (French)"), blank=True)
    note_en = models.TextField(_("why (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model clause")
        verbose_name_plural = _("model clauses")
        ordering = ("order", "slug")

    def __str__(self) -> str:
        return self.topic_fr

    @property
    def topic(self) -> str:
        return self.topic_en if _english() else self.topic_fr

    @property
    def note(self) -> str:
        return (self.note_en if _english() else "") or self.note_fr


class GlossaryTerm(Bilingual, models.Model):
    """An acronym or term of the field, with its source; its anchor is `term-<slug>`."""

    slug = models.SlugField(_("anchor"), max_length=40, unique=True)
    term = models.CharField(_("term"), max_length=40)
    expansion_fr = models.CharField(_("in full (French)"), max_length=200)
    expansion_en = models.CharField(_("in full (English)"), max_length=200, blank=True)
    definition_fr = models.TextField(_("definition (French)"))
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source_title = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ("term",)

    def __str__(self) -> str:
        return self.term

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"

    @property
    def expansion(self) -> str:
        return self.pick("expansion")

    @property
    def definition(self) -> str:
        return self.pick("definition")


# --- the checklist before signing ------------------------------------------------------------


class DocumentKind(models.TextChoices):
    NONE = "", _("no document")
    DELIBERATION = "deliberation", _("the council deliberation")
    PREFECT_RECEIPT = "prefect_receipt", _("the receipt of transmission to the prefect")
    CONVENTION = "convention", _("the signed convention")


class ChecklistItem(Bilingual, models.Model):
    """One step to take before signing; `document` says which document proves it, if any."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_fr = models.CharField(_("step (French)"), max_length=300)
    label_en = models.CharField(_("step (English)"), max_length=300, blank=True)
    help_fr = models.TextField(_("explanation (French)"), blank=True)
    help_en = models.TextField(_("explanation (English)"), blank=True)
    document = models.CharField(
        _("proving document"), max_length=20, choices=DocumentKind.choices, blank=True
    )
    guide_page = models.ForeignKey(
        GuidePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guide page"),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.label_fr

    @property
    def label(self) -> str:
        return self.pick("label")

    @property
    def help(self) -> str:
        return self.pick("help")


class TickQuerySet(TenantQuerySet["ChecklistTick"]):
    tenant_path = "partnership__municipality"


class ChecklistTick(models.Model):
    """A checklist item done for one partnership: by whom, when, with which document."""

    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="ticks")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done on"), default=timezone.now)
    document = models.ForeignKey(
        "partners.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects: ClassVar[TickQuerySet] = TickQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ticked checklist item")
        verbose_name_plural = _("ticked checklist items")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "item"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.item.code}"


# --- training --------------------------------------------------------------------------------


class Audience(models.TextChoices):
    OFFICERS = "officers", _("international-relations officers")
    ELECTED = "elected", _("elected officials")
    STAFF = "staff", _("staff of other departments")


class TrainingModule(Bilingual, models.Model):
    """A short module for one audience: text, examples and a five-question quiz."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_fr = models.TextField(_("text (French)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    examples_fr = models.TextField(_("examples (French)"), blank=True)
    examples_en = models.TextField(_("examples (English)"), blank=True)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ("order", "slug")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="training_module_audience_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title_fr

    def get_absolute_url(self) -> str:
        return reverse("guidance:module", args=[self.slug])

    @property
    def title(self) -> str:
        return self.pick("title")

    @property
    def body(self) -> str:
        return self.pick("body")

    @property
    def examples(self) -> str:
        return self.pick("examples")


class QuizQuestion(Bilingual, models.Model):
    """A question of a module's quiz: the choices in both languages, the right one, and why."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_fr = models.CharField(_("question (French)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    choices_fr = models.JSONField(_("choices (French)"), default=list)
    choices_en = models.JSONField(_("choices (English)"), default=list, blank=True)
    correct = models.PositiveSmallIntegerField(_("right choice (from 0)"))
    explanation_fr = models.TextField(_("explanation (French)"))
    explanation_en = models.TextField(_("explanation (English)"), blank=True)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ("order", "pk")

    def __str__(self) -> str:
        return self.text_fr

    @property
    def text(self) -> str:
        return self.pick("text")

    @property
    def choices(self) -> list[str]:
        english = self.choices_en if _english() else []
        return list(english or self.choices_fr)

    @property
    def explanation(self) -> str:
        return self.pick("explanation")


class Method(models.TextChoices):
    QUIZ = "quiz", _("quiz passed in CityDiplo")
    SESSION = "session", _("in-person session")


class TrainingRecordQuerySet(TenantQuerySet["TrainingRecord"]):
    tenant_path = "municipality"


class TrainingRecord(models.Model):
    """One person trained on one module: a member who passed the quiz, or a named attendee of
    an in-person session recorded by a manager."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="training_records"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_records",
    )
    attendee = models.CharField(_("attendee"), max_length=150, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    completed_on = models.DateField(_("trained on"))
    score = models.PositiveSmallIntegerField(_("quiz score"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[TrainingRecordQuerySet] = TrainingRecordQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ("-completed_on", "-pk")
        indexes = [models.Index(fields=["municipality", "-completed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(attendee=""),
                name="training_record_names_someone",
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="training_record_method_valid"
            ),
        ]

    def __str__(self) -> str:
        who = self.user.display_name if self.user else self.attendee
        return f"{who} — {self.module.slug} ({self.completed_on})"

    @property
    def who(self) -> str:
        return self.user.display_name if self.user else self.attendee


# --- incidents -------------------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    MANIPULATION = "manipulation", _("information-manipulation campaign")
    IMPERSONATION = "impersonation", _("impersonation of the town or its officials")
    APPROACH = "approach", _("unsolicited approach")
    TENSION = "tension", _("community tension")
    PROTEST = "protest", _("protest linked to a partnership")


class IncidentQuerySet(TenantQuerySet["Incident"]):
    tenant_path = "municipality"

    def visibility(self, user: User) -> Q:
        """Incidents of the user's municipalities, and those sent to the ministry to a liaison
        following the municipality."""
        followed = Q(sent_at__isnull=False, municipality__in=Municipality.objects.followed_by(user))
        return super().visibility(user) | followed

    def sent(self) -> IncidentQuerySet:
        return self.filter(sent_at__isnull=False)


class Incident(models.Model):
    """Something that happened to the municipality: what, when, who recorded it, which partners
    and partnerships it touches; it can be sent to the liaisons following the municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="incidents", verbose_name=_("partners")
    )
    partnerships = models.ManyToManyField(
        "partners.Partnership",
        blank=True,
        related_name="incidents",
        verbose_name=_("partnerships"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent to the ministry on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_note = models.TextField(_("message to the ministry"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(_("answer of the ministry"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects: ClassVar[IncidentQuerySet] = IncidentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ("-occurred_on", "-pk")
        indexes = [
            models.Index(fields=["municipality", "-occurred_on", "-id"], name="incident_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="incident_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(sent_at__isnull=False),
                name="incident_acknowledged_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:incident", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


def evidence_path(instance: Evidence, filename: str) -> str:
    return private_path("incidents", instance.incident.municipality_id, filename=filename)


class EvidenceQuerySet(TenantQuerySet["Evidence"]):
    tenant_path = "incident__municipality"

    def visibility(self, user: User) -> Q:
        """The evidence of the incidents the user may see."""
        return Q(incident__in=Incident.objects.visible_to(user))


class Evidence(models.Model):
    """A file kept with an incident (screenshot, letter, article), served after the check."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    objects: ClassVar[EvidenceQuerySet] = EvidenceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.title
