from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import Message, Notification, NotificationPreference, Referral


class MessageInline(admin.TabularInline[Message, Referral]):
    model = Message
    extra = 0
    fields = ("created_at", "author", "kind", "body", "attachment")
    readonly_fields = fields
    can_delete = False


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin[Referral]):
    list_display = ("__str__", "municipality", "state", "rating", "deadline", "created_at")
    list_filter = ("state", "rating", "municipality__region")
    search_fields = ("municipality__name", "partnership__title")
    raw_id_fields = ("municipality", "partnership", "assessment", "opinion_by", "created_by")
    readonly_fields = ("snapshot",)
    inlines = (MessageInline,)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("kind", "recipient", "created_at", "sent_at", "attempts", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__email",)
    raw_id_fields = ("recipient", "referral")
    readonly_fields = ("last_error",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "kind", "by_email")
    raw_id_fields = ("user",)
