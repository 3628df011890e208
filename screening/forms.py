from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from screening.models import Decision, ListFormat, ListLoad


class DecisionForm(forms.Form):
    """An officer's decision on a hit: a reason is required."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Decision.choices if c[0] != Decision.UNREVIEWED],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you checked: date of birth, address, registration number…"),
    )


MAX_LIST_SIZE = 200 * 1024 * 1024
EXTENSIONS = {
    ListFormat.TRESOR: (".json",),
    ListFormat.EU_FSF: (".xml",),
    ListFormat.UN: (".xml",),
    ListFormat.FTM: (".json", ".jsonl", ".ftm"),
    ListFormat.CSV: (".csv",),
}


class ListUploadForm(forms.ModelForm):
    """A list file uploaded by staff: checked for size and extension, loaded by a worker."""

    class Meta:
        model = ListLoad
        fields = ("name", "format", "file")

    def clean(self) -> dict:
        data = super().clean() or {}
        upload = data.get("file")
        fmt = data.get("format")
        if upload is not None and fmt:
            if upload.size > MAX_LIST_SIZE:
                self.add_error("file", _("The file is larger than 200 MB."))
            elif not upload.name.lower().endswith(EXTENSIONS[ListFormat(fmt)]):
                self.add_error("file", _("This file does not have the extension of the format."))
        return data
