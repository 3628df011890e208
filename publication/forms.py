"""Forms of the outcomes, the publication, and the public register's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citydiplo.widgets import FastSelect
from partners.models import Country, Document, Partnership, PartnershipForm, Status
from publication.models import FIRST_YEAR, Outcome, Publication

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def last_year() -> int:
    """Outcomes are of past or current years (next year's would be a plan, not an outcome)."""
    return timezone.localdate().year


class OutcomeForm(forms.ModelForm[Outcome]):
    class Meta:
        model = Outcome
        fields = (
            "year",
            "activities",
            "people_involved",
            "municipal_budget",
            "co_financing",
            "narrative",
            "internal_note",
        )
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 4}),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        year = self.fields["year"]
        year.widget.attrs.update({"min": FIRST_YEAR, "max": last_year()})
        for name in ("municipal_budget", "co_financing"):
            self.fields[name].widget.attrs.update({"min": 0, "step": "0.01"})
        self.fields["people_involved"].widget.attrs["min"] = 0

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= last_year():
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": last_year()},
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year")
        others = Outcome.objects.filter(partnership=self.instance.partnership, year=year or 0)
        if year and others.exclude(pk=self.instance.pk).exists():
            # The partnership is not a form field, so the model's unique check skips it.
            self.add_error("year", _("The outcomes of this year are already recorded."))
        return data

    def _clean_amount(self, name: str) -> Any:
        value = self.cleaned_data[name]
        if value is not None and value < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return value

    def clean_municipal_budget(self) -> Any:
        return self._clean_amount("municipal_budget")

    def clean_co_financing(self) -> Any:
        return self._clean_amount("co_financing")


class PublicationForm(forms.ModelForm[Publication]):
    """What only the public page says; the rest comes from the partnership itself."""

    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Public documents"),
        help_text=_("Only the documents ticked here can be downloaded by the public."),
    )

    class Meta:
        model = Publication
        fields = ("objectives", "deliberation_date", "contact_email", "documents")
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 5}),
            "deliberation_date": DATE_WIDGET,
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = partnership.documents.order_by("title")  # type: ignore[attr-defined]
        self.fields["documents"].label_from_instance = lambda d: d.title  # type: ignore[attr-defined]

    def clean_deliberation_date(self) -> Any:
        value = self.cleaned_data["deliberation_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The deliberation cannot be dated in the future."))
        return value


class RegisterFilterForm(forms.Form):
    """The public register's search and filters; a bad value is ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(widget=FastSelect, label=_("Country"), required=False)
    form = forms.ChoiceField(widget=FastSelect, label=_("Form"), required=False)
    status = forms.ChoiceField(widget=FastSelect, label=_("Status"), required=False)
    year = forms.TypedChoiceField(
        widget=FastSelect, label=_("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, data: Any, *, countries: list[Country], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        everything = [("", _("All"))]
        choices: dict[str, list[tuple[Any, Any]]] = {
            "country": everything + [(c.code, c.name) for c in countries],
            "form": everything + list(PartnershipForm.choices),
            "status": everything + list(Status.choices),
            "year": everything + [(str(y), str(y)) for y in years],
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values

    def value(self, name: str) -> Any:
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
