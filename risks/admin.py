from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from risks.loading import copy_questionnaire
from risks.models import (
    Answer,
    Assessment,
    Choice,
    Control,
    ControlAnswer,
    ProfileAnswer,
    Question,
    Questionnaire,
)


class ChoiceInline(admin.TabularInline[Choice, Question]):
    model = Choice
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin[Questionnaire]):
    """Staff prepare a new version unpublished, then publish it; published versions are frozen."""

    list_display = ("version", "method", "title_fr", "published_at", "created_at")
    search_fields = ("title_fr", "title_en")
    list_filter = ("published_at",)
    actions = ("publish", "duplicate")

    @admin.action(
        description=_("Publish the selected versions (new diagnostics will use the latest)")
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        count = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, _("%(count)d version(s) published.") % {"count": count})

    @admin.action(description=_("Copy as a new unpublished version, to edit then publish"))
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for source in queryset:
            copy = copy_questionnaire(source)
            self.message_user(request, _("Version %(v)d created.") % {"v": copy.version})

    def has_change_permission(self, request: HttpRequest, obj: Questionnaire | None = None) -> bool:
        return obj is None or not obj.is_published


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("key", "questionnaire", "category", "axis", "weight", "depends_on")
    list_filter = ("questionnaire", "category", "axis", "weight")
    search_fields = ("key", "text_fr", "text_en", "source")
    inlines = (ChoiceInline,)

    def has_change_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return obj is None or not obj.questionnaire.is_published


@admin.register(Control)
class ControlAdmin(admin.ModelAdmin[Control]):
    list_display = ("key", "questionnaire", "category", "axis", "label_fr")
    list_filter = ("questionnaire", "category", "axis")
    search_fields = ("key", "label_fr", "label_en")

    def has_change_permission(self, request: HttpRequest, obj: Control | None = None) -> bool:
        return obj is None or not obj.questionnaire.is_published


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin[Assessment]):
    list_display = ("partnership", "municipality", "status", "rating", "score", "flagged")
    list_filter = ("status", "rating", "flagged", "municipality__region")
    search_fields = ("partnership__title", "partnership__partner__name", "municipality__name")
    list_select_related = ("partnership", "municipality")
    readonly_fields = ("result",)
    raw_id_fields = ("partnership", "previous", "created_by", "submitted_by", "approved_by")


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin[Answer]):
    list_display = ("assessment", "question", "points", "special", "updated_by", "updated_at")
    list_filter = ("special", "question__category")
    search_fields = ("question__key", "justification", "assessment__partnership__title")
    list_select_related = ("assessment__partnership", "question", "updated_by")
    raw_id_fields = ("assessment", "question", "updated_by")


@admin.register(ControlAnswer)
class ControlAnswerAdmin(SimpleHistoryAdmin[ControlAnswer]):
    list_display = ("assessment", "control", "in_place", "updated_by", "updated_at")
    list_filter = ("in_place", "control__category")
    list_select_related = ("assessment__partnership", "control", "updated_by")
    raw_id_fields = ("assessment", "control", "updated_by")


@admin.register(ProfileAnswer)
class ProfileAnswerAdmin(SimpleHistoryAdmin[ProfileAnswer]):
    list_display = ("municipality", "question_key", "points", "special", "answered_at")
    list_filter = ("question_key",)
    raw_id_fields = ("municipality", "answered_by")
