"""Forms of the register: edit forms, list filters, import upload."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from citydiplo import collation
from citydiplo.bands import Band
from citydiplo.numbers import kilobytes
from citydiplo.widgets import FastLabels, FastSelect
from municipalities.models import Municipality
from partners.imports import MAX_IMPORT_BYTES
from partners.models import (
    Country,
    Flow,
    Partner,
    PartnerKind,
    Partnership,
    PartnershipForm,
    Sector,
    Status,
    Territory,
)
from partners.text import normalise

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CollatedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices in the alphabetical order of the page's language, not the database's."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_instance
        for obj in collation.sorted_by_name(self.queryset, label):
            yield self.choice(obj)


class CountryChoiceField(forms.ModelChoiceField[Country]):
    """Countries by their name in the page's language, in that language's alphabetical order."""

    iterator = CollatedChoiceIterator

    def label_from_instance(self, obj: Country) -> str:
        return obj.name


def country_field(**kwargs: Any) -> CountryChoiceField:
    return CountryChoiceField(queryset=Country.objects.all(), label=_("Country"), **kwargs)


class LiveValidationMixin:
    """Fields check themselves on blur: htmx posts the form, the view answers the field's errors.

    Without JavaScript nothing changes: the whole form is checked when it is submitted.
    """

    fields: dict[str, forms.Field]

    def enable_live_validation(self, url: str) -> None:
        for name, field in self.fields.items():
            field.widget.attrs.update(
                {
                    "hx-post": url,
                    "hx-trigger": "blur changed"
                    if name != "name"
                    else "blur changed, keyup changed delay:600ms",
                    "hx-target": f"#id_{name}_feedback",
                    "hx-swap": "outerHTML",
                    "hx-sync": "closest form:abort",
                    "aria-describedby": f"id_{name}_feedback",
                }
            )
            if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                field.widget.attrs["hx-trigger"] = "change"


class PartnerEditForm(LiveValidationMixin, forms.ModelForm[Partner]):
    country = country_field()

    class Meta:
        model = Partner
        fields = (
            "name",
            "aliases",
            "kind",
            "country",
            "city",
            "territory",
            "website",
            "ownership",
            "parent_organisation",
            "linked_to_state",
            "linked_to_ruling_party",
            "linked_to_military",
            "linked_to_security_services",
            "notes",
        )
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["kind"].choices = [("", "—"), *PartnerKind.choices]  # type: ignore[attr-defined]
        self.fields["country"].empty_label = "—"  # type: ignore[attr-defined]
        self.fields["territory"].queryset = Territory.objects.select_related(  # type: ignore[attr-defined]
            "country"
        )
        self.fields["territory"].empty_label = _("none")  # type: ignore[attr-defined]
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        # The unique constraint involves fields the form does not show: check it here.
        data = super().clean() or {}
        name, country = data.get("name"), data.get("country")
        territory = data.get("territory")
        if territory and country and territory.country_id != country.pk:
            self.add_error(
                "territory",
                _("This territory lies in %(country)s: choose that country or no territory.")
                % {"country": territory.country.name},
            )
        if name and country:
            clash = Partner.objects.filter(
                municipality=self.municipality, name_key=normalise(name)[:200], country=country
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name", _("A partner of this name and country is already in the register.")
                )
        return data


class PartnershipEditForm(LiveValidationMixin, forms.ModelForm[Partnership]):
    sectors = forms.MultipleChoiceField(
        label=_("Strategic sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any of these makes the partnership strategic for the diagnostic."),
    )
    flows = forms.MultipleChoiceField(
        label=_("What flows to the partner"),
        choices=Flow.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partnership
        fields = (
            "partner",
            "title",
            "form",
            "status",
            "sectors",
            "flows",
            "start_date",
            "end_date",
            "renewal_date",
            "deliberation_ref",
            "sent_to_prefect_on",
            "owner",
            "budget",
            "description",
        )
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "renewal_date": DATE_WIDGET,
            "sent_to_prefect_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        partners = Partner.objects.filter(municipality=municipality).select_related(None)
        current_partner = self.instance.partner_id if self.instance.pk else None
        self.fields["partner"].queryset = partners.filter(  # type: ignore[attr-defined]
            Q(archived_at__isnull=True) | Q(pk=current_partner)
        ).only("pk", "name")
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__municipality=municipality
        ).order_by("full_name", "email")
        self.fields["form"].choices = [("", "—"), *PartnershipForm.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        partner, title = data.get("partner"), data.get("title")
        if partner and title:
            clash = Partnership.objects.filter(
                partner=partner, title_key=Partnership.title_key_of(title)
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "title", _("This partner already has a partnership with this title.")
                )
        return data


SORT_PARTNERS: dict[str, tuple[Any, ...]] = {
    "name": ("name_key", "pk"),
    "-name": ("-name_key", "-pk"),
    "country": (collation.database_order("country__name_fr"), "name_key"),
    "-country": (collation.database_order("country__name_fr", descending=True), "name_key"),
    "kind": ("kind", "name_key"),
    "-kind": ("-kind", "name_key"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
SORT_PARTNERSHIPS: dict[str, tuple[Any, ...]] = {
    "title": ("title_key", "pk"),
    "-title": ("-title_key", "-pk"),
    "partner": ("partner__name_key", "title_key"),
    "-partner": ("-partner__name_key", "title_key"),
    "status": ("status", "title_key"),
    "-status": ("-status", "title_key"),
    "start": ("start_date", "pk"),
    "-start": ("-start_date", "-pk"),
    "end": ("end_date", "pk"),
    "-end": ("-end_date", "-pk"),
    "score": (F("risk_score").asc(nulls_first=True), "title_key"),
    "-score": (F("risk_score").desc(nulls_last=True), "title_key"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "flag": ("-flagged", F("risk_score").desc(nulls_last=True), "title_key"),
    "-flag": ("flagged", F("risk_score").asc(nulls_first=True), "title_key"),
}


STATE_CHOICES = [
    ("current", _("current")),
    ("archived", _("archived")),
    ("all", _("all")),
]


class ListFilterForm(FastLabels, forms.Form):
    """Search, filters and sort of a list, read from the query string (shareable URLs)."""

    sort_options: Mapping[str, tuple[Any, ...]] = {}
    default_sort = ""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(widget=FastSelect, label=_("Country"), required=False)
    kind = forms.ChoiceField(
        widget=FastSelect,
        label=_("Kind of partner"),
        required=False,
        choices=[("", _("all")), *PartnerKind.choices],
    )
    state = forms.ChoiceField(
        widget=FastSelect, label=_("Shown"), required=False, choices=STATE_CHOICES
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, countries: Sequence[tuple[str, str]]) -> None:
        """`countries`: (code, name) of the countries to offer, in order."""
        super().__init__(data)
        self.fields["country"].choices = [("", _("all")), *countries]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        cleaned = getattr(self, "cleaned_data", {})
        if name in cleaned:
            return str(cleaned[name] or "")
        return ""

    @property
    def sort_value(self) -> str:
        sort = self.value("sort")
        return sort if sort in self.sort_options else self.default_sort

    def full_clean(self) -> None:
        super().full_clean()
        # A bad value in a shared URL is dropped, not an error page.
        for name in list(self.errors):
            self.cleaned_data[name] = ""
        self._errors = forms.utils.ErrorDict()


class PartnerFilterForm(ListFilterForm):
    sort_options = SORT_PARTNERS
    default_sort = "name"

    screening = forms.ChoiceField(
        widget=FastSelect,
        label=_("Sanctions screening"),
        required=False,
        choices=[
            ("", _("all")),
            ("to_review", _("unreviewed hits")),
            ("confirmed", _("confirmed match")),
        ],
    )


class PartnershipFilterForm(ListFilterForm):
    sort_options = SORT_PARTNERSHIPS
    default_sort = "title"

    status = forms.ChoiceField(
        widget=FastSelect,
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Status.choices],
    )
    form = forms.ChoiceField(
        widget=FastSelect,
        label=_("Form"),
        required=False,
        choices=[("", _("all")), *PartnershipForm.choices],
    )
    sector = forms.ChoiceField(
        widget=FastSelect,
        label=_("Strategic sector"),
        required=False,
        choices=[("", _("all")), *Sector.choices],
    )
    rating = forms.ChoiceField(
        widget=FastSelect,
        label=_("Rating"),
        required=False,
        choices=[("", _("all")), *Band.choices, ("none", _("not rated yet"))],
    )
    flagged = forms.ChoiceField(
        widget=FastSelect,
        label=_("Flagged for the ministry"),
        required=False,
        choices=[("", _("all")), ("yes", _("flagged")), ("no", _("not flagged"))],
    )
    diagnostic = forms.ChoiceField(
        widget=FastSelect,
        label=_("Diagnostic in progress"),
        required=False,
        choices=[("", _("all")), ("draft", _("draft")), ("submitted", _("awaiting approval"))],
    )
    review = forms.ChoiceField(
        widget=FastSelect,
        label=_("Review"),
        required=False,
        choices=[("", _("all")), ("due", _("review due"))],
    )

    field_order = (
        "q",
        "country",
        "kind",
        "status",
        "form",
        "sector",
        "rating",
        "flagged",
        "diagnostic",
        "review",
        "state",
        "sort",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s KB, split it into several files.")
                % {"size": kilobytes(MAX_IMPORT_BYTES)}
            )
        return upload
