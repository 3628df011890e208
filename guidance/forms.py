"""Every input of the guidance pages goes through these forms (htmx or plain POST alike)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance.models import ChecklistItem, Incident, QuizQuestion, TrainingModule
from municipalities.models import Municipality
from partners.documents import DocumentForm
from partners.models import Document, Partner, Partnership

MAX_ATTENDEES = 200


class TickForm(DocumentForm):
    """Tick a checklist item, with an existing document of the partnership or a new file
    (checked like every document: type and size)."""

    item = forms.ModelChoiceField(queryset=ChecklistItem.objects.filter(active=True))
    document = forms.ModelChoiceField(
        label=_("Proving document"), queryset=Document.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].label = _("Title of the new document")
        self.fields["file"].required = False
        self.fields["file"].label = _("or a new file")
        self.fields["document"].queryset = partnership.documents.all()  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        """An empty file field means an existing document (the field's validators check a
        new file's type and size)."""
        return self.cleaned_data.get("file") or None


class UntickForm(forms.Form):
    item = forms.ModelChoiceField(queryset=ChecklistItem.objects.filter(active=True))


class QuizForm(forms.Form):
    """One radio group per question; a question left blank counts as wrong."""

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                empty_value=None,
            )

    def answers(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self) -> list[tuple[QuizQuestion, forms.BoundField]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class SessionForm(forms.Form):
    """An in-person session a manager records: its date, module, and who attended."""

    module = forms.ModelChoiceField(label=_("Module"), queryset=TrainingModule.objects.all())
    held_on = forms.DateField(
        label=_("Date of the session"), widget=forms.DateInput(attrs={"type": "date"})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members who attended"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.CharField(
        label=_("Other attendees"),
        help_text=_("One full name per line: elected officials and staff who are not members."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accounts.models import User

        field = self.fields["members"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__municipality=municipality
        ).order_by("full_name", "email")
        field.label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]

    def clean_held_on(self) -> object:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A session is recorded once it has taken place."))
        return held_on

    def clean_attendees(self) -> list[str]:
        names = [" ".join(line.split()) for line in self.cleaned_data["attendees"].splitlines()]
        names = list(dict.fromkeys(name[:150] for name in names if name))
        if len(names) > MAX_ATTENDEES:
            raise forms.ValidationError(
                _("At most %(n)s attendees per session.") % {"n": MAX_ATTENDEES}
            )
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("attendees") and not data.get("members") and not self.errors:
            raise forms.ValidationError(_("Name at least one attendee or tick one member."))
        return data


class IncidentForm(forms.ModelForm[Incident]):
    class Meta:
        model = Incident
        fields = ("kind", "occurred_on", "title", "description", "partners", "partnerships")
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "partnerships": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the municipality's own register can be linked: a foreign id is "not a choice".
        self.fields["partners"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("name")
        self.fields["partnerships"].queryset = Partnership.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("title")
        self.fields["kind"].label = _("What happened")

    def clean_occurred_on(self) -> object:
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError(_("The date of an incident cannot be in the future."))
        return occurred_on


class EvidenceForm(DocumentForm):
    """Evidence is checked exactly like a partnership's documents (type and size)."""


class SendForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the ministry"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class AcknowledgeForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the municipality"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
