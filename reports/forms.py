"""The report's language and edition, chosen at download (French, council edition by default)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    lang = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        required=False,
        initial="fr",
    )

    def language(self) -> str:
        """The chosen language; French when absent or not one of ours."""
        if self.is_bound and self.is_valid() and self.cleaned_data["lang"]:
            return str(self.cleaned_data["lang"])
        return "fr"


class PartnershipReportForm(LanguageForm):
    edition = forms.ChoiceField(
        label=_("Edition"),
        choices=[
            ("council", _("Council edition (communicable)")),
            ("internal", _("Internal annex (answers and justifications)")),
        ],
        required=False,
        initial="council",
    )

    def edition_chosen(self) -> str:
        """The chosen edition; the council edition when absent or unknown."""
        if self.is_bound and self.is_valid() and self.cleaned_data["edition"]:
            return str(self.cleaned_data["edition"])
        return "council"
