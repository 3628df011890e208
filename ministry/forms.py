"""Forms of the ministry's pages: filters of the picture, the sharing choice, advisories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citydiplo.bands import Band
from citydiplo.widgets import FastSelect
from ministry.aggregates import Filters
from ministry.models import Advisory, ForeignEntity, Sharing
from partners.models import Country
from risks.models import Category


class PictureFilterForm(forms.Form):
    region = forms.ChoiceField(widget=FastSelect, label=_("Region"), required=False)
    country = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
    )
    category = forms.ChoiceField(
        widget=FastSelect,
        label=_("Category at high or above"),
        required=False,
        choices=[("", _("all")), *list(Category.choices)],
    )
    band = forms.ChoiceField(
        widget=FastSelect,
        label=_("Residual band"),
        required=False,
        choices=[("", _("all")), *list(Band.choices), ("unrated", _("not rated"))],
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("all")), *regions]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        country = self.cleaned_data.get("country")
        return Filters(
            region=self.cleaned_data.get("region") or "",
            country=country.code if country else "",
            category=self.cleaned_data.get("category") or "",
            band=self.cleaned_data.get("band") or "",
        )


class SharingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("What the ministry sees of our municipality"),
        choices=Sharing.choices,
        widget=forms.RadioSelect,
    )


class AdvisoryForm(forms.ModelForm[Advisory]):
    class Meta:
        model = Advisory
        fields = ("level", "title", "text", "sources", "expires_on", "entity", "country")
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = ForeignEntity.objects.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:  # what it bears on is fixed once municipalities were notified
            del self.fields["entity"]
            del self.fields["country"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and bool(data.get("entity")) == bool(data.get("country")):
            raise forms.ValidationError(_("Choose either a foreign entity or a country."))
        return data


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        label=_("Entity to merge into this one"), queryset=ForeignEntity.objects.all()
    )


class SplitForm(forms.Form):
    partner = forms.IntegerField(widget=forms.HiddenInput)
