import logging
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts import throttle

logger = logging.getLogger(__name__)


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
        "network_locked": _(
            "Too many failed sign-ins from your network: wait 30 minutes and try again, or "
            "reset your password by e-mail."
        ),
    }

    def clean_username(self) -> str:
        # The lockout and the sign-in both see the address in one form (accounts/throttle.py).
        return throttle.normalise_email(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        if self.request is not None and throttle.ip_locked_out(self.request):
            raise forms.ValidationError(
                self.error_messages["network_locked"], code="network_locked"
            )
        return super().clean()


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few e-mails per address and per network address.

    Past the limit the page answers as if the e-mail had gone (it never says whether an
    address has an account); nothing is sent.
    """

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]  # the view passes keywords
        request = kwargs.get("request")
        email = self.cleaned_data["email"]
        if request is not None and not throttle.password_reset_allowed(request, email):
            logger.warning("password reset e-mail withheld: limit reached")
            return
        super().save(**kwargs)
