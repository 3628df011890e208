from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citydiplo.numbers import kilobytes
from municipalities.models import Membership, Municipality, Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OFFICER)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            municipality=self.municipality, user__email__iexact=email
        ).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MunicipalitySettingsForm(forms.ModelForm[Municipality]):
    class Meta:
        model = Municipality
        fields = (
            "logo",
            "classification",
            "risk_tolerance",
            "review_months_low",
            "review_months_moderate",
            "review_months_high",
            "review_months_critical",
        )

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > settings.LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("The logo must be under %(size)s KB.")
                % {"size": kilobytes(settings.LOGO_MAX_BYTES)}
            )
        content_type = getattr(logo, "content_type", None)
        if logo and content_type and content_type not in ("image/png", "image/jpeg"):
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"review_months_{b}") for b in ("low", "moderate", "high", "critical")]
        months = [m for m in values if isinstance(m, int)]
        if len(months) == len(values):
            if any(m == 0 for m in months):
                raise forms.ValidationError(_("A review interval is at least one month."))
            if months != sorted(months, reverse=True):
                raise forms.ValidationError(
                    _("A riskier band must be reviewed at least as often as a safer one.")
                )
        return data
