"""The questionnaire (versioned), the diagnostics (assessments) and their answers.

The scoring itself lives in the ORM-free `risks/scoring.py`; `risks/compute.py` feeds it from
these models. A diagnostic keeps the questionnaire version it was made with, and once approved it
is frozen: no action writes to it again (see `risks/actions.py`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.bands import Band
from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path
from municipalities.models import Municipality
from risks.sources import source_label


class Category(models.TextChoices):
    IP_CAPTURE = "ip_capture", _("Capture of intellectual property and know-how")
    DISINFORMATION = "disinformation", _("Disinformation and propaganda aimed at the municipality")
    IMPORTED_CONFLICT = "imported_conflict", _("Import of international conflicts")


class Axis(models.TextChoices):
    LIKELIHOOD = "likelihood", _("likelihood")
    IMPACT = "impact", _("impact")


def localised(fr: str, en: str) -> str:
    """The French text, or the English one when the interface speaks English and has it."""
    return en if (get_language() or "fr").startswith("en") and en else fr


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def published(self) -> QuestionnaireQuerySet:
        return self.filter(published_at__isnull=False)

    def current(self) -> Questionnaire | None:
        """The latest published version: what a new diagnostic is made with."""
        return self.published().order_by("-version").first()


class ScoringMethod(models.IntegerChoices):
    """The scoring method of risks.scoring a questionnaire version is scored with (DESIGN §3)."""

    FIRST = 1, _("method 1 (first method, kept for the decisions taken under it)")
    SECOND = 2, _("method 2")


class Questionnaire(models.Model):
    """One version of the diagnostic's questions and controls. Published versions never change.

    Each version names the scoring method it is scored with, so that a diagnostic made with it
    recomputes to the same numbers forever.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    method = models.PositiveSmallIntegerField(
        _("scoring method"), choices=ScoringMethod.choices, default=ScoringMethod.SECOND
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[QuestionnaireQuerySet] = QuestionnaireQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ("-version",)

    def __str__(self) -> str:
        return f"v{self.version} — {self.title}"

    @property
    def title(self) -> str:
        return localised(self.title_fr, self.title_en)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RegisterFact(models.TextChoices):
    """What the register (or the calendar) already knows that answers a question."""

    SECTORS = "sectors", _("the partnership's strategic sectors")
    FLOWS = "flows", _("what flows to the partner")
    STATE_LINKS = "state_links", _("the partner's links to a party, army or security service")
    TERRITORY = "territory", _("the partner's territory")
    STATE_COUNTERPART = "state_counterpart", _("the partner's kind (a State body)")
    ELECTION = "election", _("the election calendar")
    SANCTIONS = "sanctions", _("the screening of the partner against the sanctions lists")


class Question(models.Model):
    """A question of one category, feeding one axis with a weight; its help text teaches.

    A question about the municipality itself (`profile`) is answered once in the municipality
    profile and carried into every diagnostic; a question the register already answers
    (`register_fact`) is prefilled from it, and a disagreement is shown.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    key = models.CharField(_("key"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    axis = models.CharField(_("axis"), max_length=10, choices=Axis.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    text_fr = models.TextField(_("question (French)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    unknown_points = models.PositiveSmallIntegerField(
        _("points for “I don't know”"), default=3, validators=[MaxValueValidator(4)]
    )
    allow_na = models.BooleanField(_("offers “Not applicable”"), default=False)
    profile = models.BooleanField(_("about the municipality (profile)"), default=False)
    register_fact = models.CharField(
        _("prefilled from"), max_length=20, choices=RegisterFact.choices, blank=True
    )
    red_line_at = models.PositiveSmallIntegerField(
        _("red line at (points)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_(
            "An answer with at least these points, or “I don't know”, flags the partnership for "
            "the ministry whatever the scores."
        ),
    )
    depends_on = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("shown only after"),
    )
    depends_min_points = models.PositiveSmallIntegerField(
        _("when that answer has at least (points)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("questionnaire", "category", "order")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3), name="question_weight_1_3"
            ),
            models.CheckConstraint(condition=Q(unknown_points__lte=4), name="question_unknown_0_4"),
            models.CheckConstraint(
                condition=Q(red_line_at__isnull=True) | Q(red_line_at__gte=1, red_line_at__lte=4),
                name="question_red_line_1_4",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="question_category_valid"
            ),
            models.CheckConstraint(condition=Q(axis__in=Axis.values), name="question_axis_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.key} — {self.text}"

    @property
    def text(self) -> str:
        return localised(self.text_fr, self.text_en)

    @property
    def help(self) -> str:
        return localised(self.help_fr, self.help_en)

    @property
    def source_label(self) -> str:
        """The sources in the active language (risks/sources.py)."""
        return source_label(self.source)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    points = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(4)])
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ("question", "points")
        constraints = [
            models.UniqueConstraint(fields=["question", "points"], name="choice_points_unique"),
            models.CheckConstraint(condition=Q(points__lte=4), name="choice_points_0_4"),
        ]

    def __str__(self) -> str:
        return f"{self.points} — {self.label}"

    @property
    def label(self) -> str:
        return localised(self.label_fr, self.label_en)


class Control(models.Model):
    """A mitigation: when in place it lowers its axis of its category by one step."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="controls"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    key = models.CharField(_("key"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    axis = models.CharField(_("axis"), max_length=10, choices=Axis.choices)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    # A control that an answer contradicts (e.g. "no access to personal data" while the answer
    # says personal data flow to the partner): ticking one while the other stands is refused.
    contradicted_by = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contradicted_controls",
        verbose_name=_("contradicted by the answer to"),
    )
    contradicted_at = models.PositiveSmallIntegerField(
        _("when that answer has at least (points)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
    )

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        ordering = ("questionnaire", "category", "order")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="control_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} — {self.label}"

    @property
    def label(self) -> str:
        return localised(self.label_fr, self.label_en)

    @property
    def help(self) -> str:
        return localised(self.help_fr, self.help_en)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")


class AssessmentQuerySet(TenantQuerySet["Assessment"]):
    def approved(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.APPROVED)


class Assessment(models.Model):
    """A diagnostic of one partnership, made with one questionnaire version.

    draft → submitted → approved (by a manager); approved is frozen forever. The computed result
    (scores per category, rating, flag and its reasons) is stored at each change, so that lists,
    reports and referrals read it without recomputing.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="assessments"
    )
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, related_name="assessments"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reassessments",
        verbose_name=_("reassessment of"),
    )
    opinion_requested = models.BooleanField(_("ministry opinion requested"), default=False)
    # Keys of the questionnaire's controls marked in place (kept on the row: one lock, one read).
    controls_in_place = models.JSONField(_("controls in place"), default=list, blank=True)
    # Stored result of risks.scoring at the last change (see risks/compute.py).
    result = models.JSONField(_("result"), default=dict, blank=True)
    rating = models.CharField(_("rating"), max_length=10, choices=Band.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged for the ministry"), default=False)
    flag_reasons = models.JSONField(_("flag reasons"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["result", "updated_at"])
    objects: ClassVar[AssessmentQuerySet] = AssessmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["partnership", "status", "-created_at"]),
            # The dashboard's trend reads a municipality's approvals partnership by partnership,
            # in order, from the index alone.
            models.Index(
                fields=["municipality", "partnership", "approved_at", "id", "rating"],
                condition=Q(status="approved"),
                name="assessment_approved_in_order",
            ),
        ]
        constraints = [
            # At most one diagnostic in progress per partnership: two would compete.
            models.UniqueConstraint(
                fields=["partnership"],
                condition=~Q(status="approved"),
                name="assessment_one_open_per_partnership",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & Q(approved_by__isnull=False)),
                name="assessment_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.get_status_display()} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("risks:assessment", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == AssessmentStatus.APPROVED


class Special(models.TextChoices):
    UNKNOWN = "unknown", _("I don't know")
    NOT_APPLICABLE = "na", _("Not applicable")


def evidence_path(instance: Answer, filename: str) -> str:
    return private_path(
        "evidence", instance.assessment.municipality_id, instance.assessment_id, filename=filename
    )


class AnswerQuerySet(TenantQuerySet["Answer"]):
    tenant_path = "assessment__municipality"


class AnswerOrigin(models.TextChoices):
    """Who gave an answer: the officer, or the app on the officer's behalf (shown on the page)."""

    OFFICER = "", _("the officer")
    REGISTER = "register", _("prefilled from the register")
    PROFILE = "profile", _("from the municipality profile")


class Answer(models.Model):
    """One answer of a diagnostic: points of a choice, "I don't know" or "Not applicable"."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=10, choices=Special.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=AnswerOrigin.choices, blank=True, default=""
    )
    # Bumped at each save: a form carrying an older revision is a stale write (see actions).
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects: ClassVar[AnswerQuerySet] = AnswerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=(Q(points__isnull=False) & Q(special="") & Q(points__lte=4))
                | (Q(points__isnull=True) & Q(special__in=["unknown", "na"])),
                name="answer_points_or_special",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.value}"

    @property
    def evidence_name(self) -> str:
        return (self.evidence.name or "").rsplit("/", 1)[-1]

    @property
    def value(self) -> Any:
        """The answer as risks.scoring takes it: points, "unknown" or "na"."""
        return self.points if self.points is not None else self.special


def control_evidence_path(instance: ControlAnswer, filename: str) -> str:
    assessment = instance.assessment
    return private_path(
        "evidence", assessment.municipality_id, assessment.pk, "controls", filename=filename
    )


class ControlAnswerQuerySet(TenantQuerySet["ControlAnswer"]):
    tenant_path = "assessment__municipality"


class ControlAnswer(models.Model):
    """What a diagnostic says of one control: ticked or not, and why.

    A ticked control counts (lowers its axis) only once its justification is written: a box
    ticked "to see" proves nothing to a council. Like an answer, it carries a revision so that a
    stale page cannot silently undo another officer's tick.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="control_answers"
    )
    control = models.ForeignKey(Control, on_delete=models.PROTECT, related_name="+")
    in_place = models.BooleanField(_("in place"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=control_evidence_path, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects: ClassVar[ControlAnswerQuerySet] = ControlAnswerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("control of a diagnostic")
        verbose_name_plural = _("controls of diagnostics")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "control"], name="control_answer_one_per_control"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control.key}: {'✓' if self.in_place else '✗'}"

    @property
    def justified(self) -> bool:
        return bool(self.justification.strip())

    def counts(self, method: int) -> bool:
        """Whether this control lowers its axis. Method 1 counted a tick alone (kept so that
        decisions taken under it recompute the same); method 2 needs the justification."""
        return self.in_place and (method == 1 or self.justified)

    @property
    def evidence_name(self) -> str:
        return (self.evidence.name or "").rsplit("/", 1)[-1]


class ProfileAnswerQuerySet(TenantQuerySet["ProfileAnswer"]):
    pass


class ProfileAnswer(models.Model):
    """The municipality profile: a manager's answer to a question about the municipality
    itself (elections ahead, monitoring, crisis plan, training, past incidents), dated, due
    again each year and after each election, and carried into every diagnostic.

    Keyed by the question's key, so that an answer outlives questionnaire versions that keep
    the question.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="profile_answers"
    )
    question_key = models.CharField(_("question"), max_length=20)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=10, choices=Special.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered on"))

    history = HistoricalRecords()
    objects: ClassVar[ProfileAnswerQuerySet] = ProfileAnswerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("municipality profile answer")
        verbose_name_plural = _("municipality profile answers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "question_key"], name="profile_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=(Q(points__isnull=False) & Q(special="") & Q(points__lte=4))
                | (Q(points__isnull=True) & Q(special__in=["unknown", "na"])),
                name="profile_answer_points_or_special",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} — {self.question_key}: {self.value}"

    @property
    def value(self) -> Any:
        return self.points if self.points is not None else self.special
