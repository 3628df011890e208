"""Referrals to the ministry, their thread, and the notifications outbox.

A `Referral` freezes a snapshot of the diagnostic that caused it; its state moves
open → info_requested ↔ open → opinion_given → closed, only through `reviews/actions.py`.
Each event writes `Notification` rows in the same transaction (the outbox); a Celery task
delivers them after commit and a beat sweeper re-sends what is still unsent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citydiplo.bands import Band
from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path
from municipalities.models import Municipality

if TYPE_CHECKING:
    from accounts.models import User


class ReferralState(models.TextChoices):
    OPEN = "open", _("waiting for the ministry")
    INFO_REQUESTED = "info_requested", _("information requested")
    OPINION_GIVEN = "opinion_given", _("opinion given")
    CLOSED = "closed", _("closed")


ACTIVE_STATES = (ReferralState.OPEN, ReferralState.INFO_REQUESTED)


class Opinion(models.TextChoices):
    NO_OBJECTION = "no_objection", _("no objection")
    VIGILANCE = "vigilance", _("vigilance")
    ADVISE_AGAINST = "advise_against", _("advise against")


class Origin(models.TextChoices):
    FLAGGED = "flagged", _("flagged by an approved diagnostic")
    REQUESTED = "requested", _("opinion requested by the municipality")


class ReferralQuerySet(TenantQuerySet["Referral"]):
    def visibility(self, user: User) -> Q:
        """Referrals of the user's municipalities, or of the municipalities they follow."""
        return super().visibility(user) | Q(municipality__in=Municipality.objects.followed_by(user))

    def for_liaison(self, liaison: User) -> ReferralQuerySet:
        """Referrals of the municipalities the liaison follows."""
        return self.filter(municipality__in=Municipality.objects.followed_by(liaison))

    def active(self) -> ReferralQuerySet:
        return self.filter(state__in=ACTIVE_STATES)

    def overdue(self, today: date | None = None) -> ReferralQuerySet:
        return self.active().filter(deadline__lt=today or timezone.localdate())


class Referral(models.Model):
    """A partnership referred to the ministry liaisons of its municipality.

    `snapshot` is the referred diagnostic frozen at submission (scores, flags, answers, partner
    profile): the liaison reads it and nothing else of the municipality's register.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="referrals"
    )
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, related_name="referrals"
    )
    assessment = models.ForeignKey(
        "risks.Assessment", on_delete=models.PROTECT, related_name="referrals"
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=ReferralState.choices, default=ReferralState.OPEN
    )
    snapshot = models.JSONField(_("diagnostic at submission"), default=dict)
    snapshot_at = models.DateTimeField(_("diagnostic approved on"))
    # Copied from the snapshot: the queue filters and sorts on them without reading the JSON.
    rating = models.CharField(_("rating"), max_length=10, choices=Band.choices, blank=True)
    band_rank = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    categories = models.JSONField(_("categories of concern"), default=list, blank=True)
    partnership_title = models.CharField(_("partnership"), max_length=200, blank=True)
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    deadline = models.DateField(_("deadline"))
    opinion = models.CharField(_("opinion"), max_length=16, choices=Opinion.choices, blank=True)
    opinion_reasons = models.TextField(_("reasons"), blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opinion_at = models.DateTimeField(_("opinion given on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("referred on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot", "updated_at"])
    objects: ClassVar[ReferralQuerySet] = ReferralQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["municipality", "state", "-created_at"]),
            models.Index(fields=["state", "deadline"]),
        ]
        constraints = [
            # One referral in progress per partnership: a second would split the conversation.
            models.UniqueConstraint(
                fields=["partnership"],
                condition=~Q(state="closed"),
                name="referral_one_in_progress_per_partnership",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReferralState.values), name="referral_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(opinion="") | Q(opinion__in=Opinion.values),
                name="referral_opinion_valid",
            ),
            # An opinion exists exactly when the referral reached opinion_given or closed.
            models.CheckConstraint(
                condition=(Q(state__in=["open", "info_requested"]) & Q(opinion=""))
                | (
                    Q(state__in=["opinion_given", "closed"])
                    & ~Q(opinion="")
                    & Q(opinion_at__isnull=False)
                ),
                name="referral_opinion_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('partnership', {}).get('title', self.partnership_id)}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:referral", args=[self.pk])

    def copy_from_snapshot(self) -> None:
        """Keep the columns the queue lists in step with the frozen snapshot."""
        self.partnership_title = str(self.snapshot.get("partnership", {}).get("title", ""))[:200]
        self.partner_name = str(self.snapshot.get("partner", {}).get("name", ""))[:200]
        self.country_code = str(self.snapshot.get("partner", {}).get("country", "") or "")[:2]

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_outdated(self) -> bool:
        """The partnership was rated again after the snapshot (needs `partnership` loaded)."""
        rated_at: datetime | None = self.partnership.rated_at
        return rated_at is not None and rated_at > self.snapshot_at

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.deadline < timezone.localdate()

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.created_at).days

    @property
    def title(self) -> str:
        return str(self.snapshot.get("partnership", {}).get("title", ""))


class MessageKind(models.TextChoices):
    REFERRAL = "referral", _("referral")
    QUESTION = "question", _("question from the ministry")
    ANSWER = "answer", _("answer from the municipality")
    OPINION = "opinion", _("opinion")
    CLOSING = "closing", _("closing note")


def attachment_path(instance: Message, filename: str) -> str:
    return private_path(
        "referrals", instance.referral.municipality_id, instance.referral_id, filename=filename
    )


class Message(models.Model):
    """One entry of a referral's thread, with an optional attachment (checked type and size)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("message"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MessageKind.values), name="message_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%Y-%m-%d}"

    def get_attachment_url(self) -> str:
        return reverse("reviews:attachment", args=[self.referral_id, self.pk])


class EventKind(models.TextChoices):
    REFERRAL_OPENED = "referral_opened", _("a partnership is referred to the ministry")
    INFO_REQUESTED = "info_requested", _("the ministry asks for information")
    ANSWER_GIVEN = "answer_given", _("the municipality answers")
    OPINION_GIVEN = "opinion_given", _("the ministry gives its opinion")
    REFERRAL_CLOSED = "referral_closed", _("a referral is closed")
    REFERRAL_OVERDUE = "referral_overdue", _("reminder: a referral is past its deadline")
    REVIEW_DUE = "review_due", _("reminder: a diagnostic is due for review")
    INCIDENT_SENT = "incident_sent", _("a municipality sends an incident to the ministry")
    INCIDENT_ACKNOWLEDGED = "incident_answered", _("the ministry acknowledges an incident")
    DIAGNOSTIC_SUBMITTED = "diagnostic_submitted", _("a diagnostic awaits approval")
    DIAGNOSTIC_APPROVED = "diagnostic_approved", _("a diagnostic is approved")
    DIAGNOSTIC_RETURNED = "diagnostic_returned", _("a diagnostic is returned as a draft")
    ADVISORY_PUBLISHED = "advisory_published", _("the ministry publishes an advisory")
    ADVISORY_UPDATED = "advisory_updated", _("the ministry updates an advisory")
    ADVISORY_WITHDRAWN = "advisory_withdrawn", _("the ministry withdraws an advisory")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unsent(self) -> NotificationQuerySet:
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """An outbox row: written with the change, delivered (e-mail and in-app) after commit.

    `sent_at` is set once delivered; the delivery task claims the row first (`claimed_until`),
    so that running it twice sends one e-mail (reviews/delivery.py states the guarantee).
    `dedupe_key` keeps reminders from repeating.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # What the texts need (names, titles, codes), so that rendering later needs no join.
    params = models.JSONField(default=dict, blank=True)
    path = models.CharField(max_length=300, blank=True)
    by_email = models.BooleanField(default=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set by the worker delivering the row, for longer than a delivery can last (delivery.py).
    claimed_until = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="notif_unsent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="notification_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


class NotificationPreference(models.Model):
    """A user's choice per kind of event: e-mail (and in-app), or in-app only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="notification_pref_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {'email' if self.by_email else 'in-app'}"


def email_wanted(users: list[Any], kind: str) -> dict[int, bool]:
    """Each user's e-mail choice for `kind` (default: e-mail), in one query."""
    off = set(
        NotificationPreference.objects.filter(
            user__in=[u.pk for u in users], kind=kind, by_email=False
        ).values_list("user_id", flat=True)
    )
    return {u.pk: u.pk not in off for u in users}
