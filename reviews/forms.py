"""Every input of the referral pages: thread messages, opinion, filters, preferences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from citydiplo.uploads import ATTACHMENTS
from municipalities.models import Region
from reviews.models import EventKind, Opinion, ReferralState
from risks.models import Category

ATTACHMENT_MAX_BYTES = ATTACHMENTS.max_bytes


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        validators=[ATTACHMENTS],
        help_text=ATTACHMENTS.help_text,
    )


class QuestionForm(MessageForm):
    body = forms.CharField(
        label=_("Your question to the municipality"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class AnswerForm(MessageForm):
    body = forms.CharField(
        label=_("Your answer to the ministry"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Opinion"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("The municipality reads them: say what worries you and what would help."),
    )


class CloseForm(forms.Form):
    body = forms.CharField(
        label=_("Closing note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class RequestOpinionForm(forms.Form):
    body = forms.CharField(
        label=_("What would you like the ministry to look at?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


QUEUE_SORTS = {
    "age": ("created_at", "pk"),
    "-age": ("-created_at", "-pk"),
    "deadline": ("deadline", "pk"),
    "-deadline": ("-deadline", "-pk"),
    "band": ("-band_rank", "-score", "deadline", "pk"),
    "-band": ("band_rank", "score", "deadline", "pk"),
}
STATE_FILTERS = [
    ("active", _("waiting (open or information requested)")),
    ("", _("all")),
    *ReferralState.choices,
]


class QueueFilterForm(forms.Form):
    """The liaison queue's filters; bad values fall back to the defaults (a list never fails)."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    category = forms.ChoiceField(
        label=_("Risk category"),
        required=False,
        choices=[("", pgettext_lazy("after a feminine label", "all")), *Category.choices],
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_FILTERS)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[(k, k) for k in QUEUE_SORTS])

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, regions: list[str] | None = None
    ) -> None:
        data = {k: data.get(k) for k in ("region", "category", "state", "sort")} if data else {}
        if data.get("state") is None:
            data["state"] = "active"
        super().__init__(data)
        labels = dict(Region.choices)
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", pgettext_lazy("after a feminine label", "all")),
            *[(code, labels.get(code, code)) for code in sorted(regions or [])],
        ]

    def value(self, name: str) -> str:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()  # fills cleaned_data with the valid fields, drops the others
        return str(self.cleaned_data.get(name) or "")

    @property
    def sort_value(self) -> str:
        sort = self.value("sort")
        return sort if sort in QUEUE_SORTS else "deadline"


class MunicipalFilterForm(QueueFilterForm):
    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, regions=[])
        del self.fields["region"]


PREFERENCE_CHOICES = [
    ("email", _("e-mail and in the application")),
    ("app", _("in the application only")),
]


class PreferencesForm(forms.Form):
    """One choice per kind of event: e-mail, or in the application only."""

    def __init__(self, *args: Any, current: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in EventKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=PREFERENCE_CHOICES,
                widget=forms.RadioSelect,
                initial="email" if current.get(kind, True) else "app",
            )

    def choices(self) -> dict[str, bool]:
        return {kind: self.cleaned_data[kind] == "email" for kind in EventKind.values}
