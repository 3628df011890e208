"""What each kind of notification says, rendered in the reader's language (e-mail or page)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from reviews.models import EventKind, Notification, Opinion
from risks.models import Band

SUBJECTS = {
    EventKind.REFERRAL_OPENED: _("New referral: “%(title)s” (%(municipality)s)"),
    EventKind.INFO_REQUESTED: _("The ministry asks for information on “%(title)s”"),
    EventKind.ANSWER_GIVEN: _("%(municipality)s answered on “%(title)s”"),
    EventKind.OPINION_GIVEN: _("Ministry opinion on “%(title)s”: %(opinion)s"),
    EventKind.REFERRAL_CLOSED: _("Referral closed: “%(title)s”"),
    EventKind.REFERRAL_OVERDUE: _("Reminder: the referral of “%(title)s” is past its deadline"),
    EventKind.REVIEW_DUE: _("Reminder: the diagnostic of “%(title)s” is due for review"),
    EventKind.INCIDENT_SENT: _("Incident reported by %(municipality)s: “%(title)s”"),
    EventKind.INCIDENT_ACKNOWLEDGED: _("The ministry acknowledged the incident “%(title)s”"),
    EventKind.ADVISORY_PUBLISHED: _("Ministry advisory (%(level)s): “%(title)s”"),
    EventKind.ADVISORY_UPDATED: _("Ministry advisory updated (%(level)s): “%(title)s”"),
    EventKind.ADVISORY_WITHDRAWN: _("Ministry advisory withdrawn: “%(title)s”"),
    EventKind.DIAGNOSTIC_SUBMITTED: _("A diagnostic awaits your approval: “%(title)s”"),
    EventKind.DIAGNOSTIC_APPROVED: _("Diagnostic approved: “%(title)s” (%(rating)s)"),
    EventKind.DIAGNOSTIC_RETURNED: _("Diagnostic returned as a draft: “%(title)s”"),
}

SENTENCES = {
    EventKind.REFERRAL_OPENED: _(
        "%(municipality)s referred its partnership “%(title)s” with %(partner)s to the ministry. "
        "Its diagnostic is attached to the referral."
    ),
    EventKind.INFO_REQUESTED: _(
        "%(who)s (ministry liaison) asks for information on the partnership “%(title)s”. "
        "Answer from the referral's page."
    ),
    EventKind.ANSWER_GIVEN: _(
        "%(who)s (%(municipality)s) answered on the referral of “%(title)s”."
    ),
    EventKind.OPINION_GIVEN: _(
        "%(who)s gave the ministry's opinion on the partnership “%(title)s”: %(opinion)s. "
        "Read the reasons on the referral's page."
    ),
    EventKind.REFERRAL_CLOSED: _("%(who)s closed the referral of “%(title)s”."),
    EventKind.REFERRAL_OVERDUE: _(
        "The referral of “%(title)s” (%(municipality)s) waits past its deadline of %(deadline)s."
    ),
    EventKind.REVIEW_DUE: _(
        "The diagnostic of the partnership “%(title)s” was due for review on %(due)s "
        "(interval set by %(municipality)s for its rating). Start a reassessment."
    ),
    EventKind.INCIDENT_SENT: _(
        "%(who)s (%(municipality)s) sent the ministry an incident: “%(title)s”. "
        "Read it and its evidence on its page."
    ),
    EventKind.INCIDENT_ACKNOWLEDGED: _(
        "%(who)s (ministry liaison) acknowledged the incident “%(title)s” and answered."
    ),
    EventKind.ADVISORY_PUBLISHED: _(
        "The ministry published an advisory (%(level)s) on %(subject)s, with which "
        "%(municipality)s has a partner: “%(title)s”."
    ),
    EventKind.ADVISORY_UPDATED: _(
        "The ministry updated its advisory (%(level)s) on %(subject)s: “%(title)s”."
    ),
    EventKind.ADVISORY_WITHDRAWN: _(
        "The ministry withdrew its advisory on %(subject)s: “%(title)s”."
    ),
    EventKind.DIAGNOSTIC_SUBMITTED: _(
        "%(who)s submitted the diagnostic of the partnership “%(title)s” for approval. "
        "Read it, then approve it or return it to its officers."
    ),
    EventKind.DIAGNOSTIC_APPROVED: _(
        "%(who)s approved the diagnostic of the partnership “%(title)s”: its rating is now "
        "%(rating)s. The diagnostic is frozen; its report can be printed."
    ),
    EventKind.DIAGNOSTIC_RETURNED: _(
        "%(who)s returned the diagnostic of the partnership “%(title)s” to you as a draft. "
        "Complete or correct it, then submit it again."
    ),
}

DEFAULTS = {
    "title": "",
    "municipality": "",
    "partner": "",
    "who": "",
    "deadline": "",
    "due": "",
    "level": "",
    "subject": "",
    "rating": "",
}


def _values(params: dict[str, Any]) -> dict[str, Any]:
    values = {**DEFAULTS, **params}
    if values.get("opinion") in Opinion.values:
        values["opinion"] = str(Opinion(values["opinion"]).label)
    values.setdefault("opinion", "")
    if values["rating"] in Band.values:
        values["rating"] = str(Band(values["rating"]).label)
    return values


def subject(notification: Notification) -> str:
    return str(SUBJECTS[EventKind(notification.kind)]) % _values(notification.params)


def sentence(notification: Notification) -> str:
    return str(SENTENCES[EventKind(notification.kind)]) % _values(notification.params)
