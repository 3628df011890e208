"""Staff edit the guide, the glossary, the checklist and the training modules here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guidance.models import (
    ChecklistItem,
    ChecklistTick,
    Evidence,
    GlossaryTerm,
    GuidePage,
    Incident,
    ModelClause,
    QuizQuestion,
    Source,
    TrainingModule,
    TrainingRecord,
)


class SourceInline(admin.TabularInline[Source, GuidePage]):
    model = Source
    extra = 1
    fields = ("order", "issuer", "title", "published_on", "url")


@admin.register(GuidePage)
class GuidePageAdmin(SimpleHistoryAdmin[GuidePage]):
    list_display = ("title_fr", "section", "order", "slug", "updated_at")
    list_filter = ("section",)
    search_fields = ("title_fr", "title_en", "body_fr", "body_en")
    inlines = (SourceInline,)


@admin.register(ModelClause)
class ModelClauseAdmin(SimpleHistoryAdmin[ModelClause]):
    list_display = ("topic_fr", "order", "slug")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin[GlossaryTerm]):
    list_display = ("term", "expansion_fr", "slug")
    search_fields = ("term", "expansion_fr", "expansion_en")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin[ChecklistItem]):
    list_display = ("label_fr", "order", "document", "active")
    list_filter = ("active", "document")


@admin.register(ChecklistTick)
class ChecklistTickAdmin(SimpleHistoryAdmin[ChecklistTick]):
    list_display = ("partnership", "item", "done_by", "done_at")
    raw_id_fields = ("partnership", "done_by", "document")


class QuestionInline(admin.StackedInline[QuizQuestion, TrainingModule]):
    model = QuizQuestion
    extra = 0


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin[TrainingModule]):
    list_display = ("title_fr", "audience", "order", "slug")
    list_filter = ("audience",)
    inlines = (QuestionInline,)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin[TrainingRecord]):
    list_display = ("__str__", "municipality", "method", "completed_on", "score")
    list_filter = ("method", "module")
    raw_id_fields = ("municipality", "user", "recorded_by")


class EvidenceInline(admin.TabularInline[Evidence, Incident]):
    model = Evidence
    extra = 0
    fields = ("title", "file", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin[Incident]):
    list_display = ("title", "municipality", "kind", "occurred_on", "sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "municipality__name")
    raw_id_fields = ("municipality", "recorded_by", "sent_by", "acknowledged_by")
    filter_horizontal = ("partners", "partnerships")
    inlines = (EvidenceInline,)
