"""Forms of the ministry's pages: filters of the picture, the sharing choice, advisories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from citydiplo.bands import Band
from ministry.aggregates import Filters
from ministry.models import Advisory, ForeignEntity, Sharing
from partners.models import Country
from risks.models import Category


class LongSelect(forms.Select):
    """A select of a few hundred options (every country) written out directly: Django's widget
    renders a template per option, which cost the picture more than all its tables."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        selected = mark_safe(" selected")
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, selected if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class PictureFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        widget=LongSelect,
    )
    category = forms.ChoiceField(
        label=_("Category at high or above"),
        required=False,
        choices=[("", _("all")), *list(Category.choices)],
    )
    band = forms.ChoiceField(
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
