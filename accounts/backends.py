from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class EmailBackend(ModelBackend):
    """Authenticates by e-mail, case-insensitively (people type their address as they like)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get(email__iexact=username.strip())
        except user_model.DoesNotExist:
            # Spend the same time as a real check so that timing does not reveal accounts.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
