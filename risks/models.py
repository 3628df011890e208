"""The questionnaire (versioned), the diagnostics (assessments) and their answers.

The scoring itself lives in the ORM-free `risks/scoring.py`; `risks/compute.py` feeds it from
these models. A diagnostic keeps the questionnaire version it was made with, and once approved it
is frozen: no action writes to it again (see `risks/actions.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.uploads import private_path
from municipalities.models import Municipality

if TYPE_CHECKING:
    from accounts.models import User


class Category(models.TextChoices):
    IP_CAPTURE = "ip_capture", _("Capture of intellectual property and know-how")
    DISINFORMATION = "disinformation", _("Disinformation and propaganda aimed at the municipality")
    IMPORTED_CONFLICT = "imported_conflict", _("Import of international conflicts")


class Axis(models.TextChoices):
    LIKELIHOOD = "likelihood", _("likelihood")
    IMPACT = "impact", _("impact")


class Band(models.TextChoices):
    LOW = "low", _("low")
    MODERATE = "moderate", _("moderate")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


def localised(fr: str, en: str) -> str:
    """The French text, or the English one when the interface speaks English and has it."""
    return en if (get_language() or "fr").startswith("en") and en else fr


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def published(self) -> QuestionnaireQuerySet:
        return self.filter(published_at__isnull=False)

    def current(self) -> Questionnaire | None:
        """The latest published version: what a new diagnostic is made with."""
        return self.published().order_by("-version").first()


class Questionnaire(models.Model):
    """One version of the diagnostic's questions and controls. Published versions never change."""

    version = models.PositiveIntegerField(_("version"), unique=True)
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


class Question(models.Model):
    """A question of one category, feeding one axis with a weight; its help text teaches."""

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


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: User) -> AssessmentQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(municipality__memberships__user=user)

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
        indexes = [models.Index(fields=["partnership", "status", "-created_at"])]
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


class AnswerQuerySet(models.QuerySet["Answer"]):
    def visible_to(self, user: User) -> AnswerQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(assessment__municipality__memberships__user=user)


class Answer(models.Model):
    """One answer of a diagnostic: points of a choice, "I don't know" or "Not applicable"."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=10, choices=Special.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
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
