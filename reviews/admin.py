from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from reviews.delivery import MAX_ATTEMPTS
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


class DeliveryFilter(admin.SimpleListFilter):
    """Where a row is in its delivery: staff look at the failing ones first."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [
            ("failing", str(_("failing, still retried"))),
            ("given_up", str(_("given up: needs a person"))),
            ("waiting", str(_("waiting"))),
            ("sent", str(_("sent"))),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Notification]) -> QuerySet:
        unsent = queryset.filter(sent_at__isnull=True)
        match self.value():
            case "failing":
                return unsent.filter(attempts__gt=0, attempts__lt=MAX_ATTEMPTS).exclude(
                    last_error=""
                )
            case "given_up":
                return unsent.filter(attempts__gte=MAX_ATTEMPTS)
            case "waiting":
                return unsent.filter(Q(attempts=0) | Q(last_error=""))
            case "sent":
                return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = (
        "kind",
        "recipient",
        "created_at",
        "sent_at",
        "attempts",
        "last_attempt_at",
        "short_error",
        "read_at",
    )
    list_filter = (DeliveryFilter, "kind")
    search_fields = ("recipient__email",)
    raw_id_fields = ("recipient", "referral")
    readonly_fields = ("last_error", "claimed_until")
    actions = ("send_again",)

    @admin.display(description=_("last error"))
    def short_error(self, row: Notification) -> str:
        return row.last_error[:80]

    @admin.action(description=_("Send again (restart the attempts)"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from reviews.outbox import enqueue

        ids = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(attempts=0, claimed_until=None)
        enqueue(ids)
        count = len(ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification handed to the worker again.",
                "%(count)d notifications handed to the worker again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "kind", "by_email")
    raw_id_fields = ("user",)
