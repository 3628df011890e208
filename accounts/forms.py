from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, asking for an e-mail address instead of a user name."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Both are case-sensitive "
            "except the e-mail address."
        ),
        "inactive": _("This account is inactive."),
    }


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
