"""The report's language, chosen at download (French by default)."""

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
