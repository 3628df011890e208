"""The SMTP backend: Django's own, waiting as RFC 5321 says for the server's verdict."""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.smtp import EmailBackend


class SMTPBackend(EmailBackend):
    """Django's SMTP backend with a longer wait for the transfer of the message itself.

    Connecting and each short command keep `timeout` (EMAIL_TIMEOUT). Once the message is
    being transferred, the server may take long to say whether it accepted it (RFC 5321
    §4.5.3.2.6 gives it 10 minutes after the final "."). Giving up earlier is what duplicates
    e-mails: the server accepts after the client left, the client records a failure and the
    retry sends a second copy. So the transfer waits `data_timeout`.
    """

    def __init__(self, *args: Any, data_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_timeout = data_timeout

    def _send(self, email_message: Any) -> bool:
        send = super()._send  # type: ignore[misc]  # private in the stubs, stable in Django
        sock: Any = getattr(self.connection, "sock", None)
        if sock is None or self.data_timeout is None:
            return bool(send(email_message))
        sock.settimeout(self.data_timeout)
        try:
            return bool(send(email_message))
        finally:
            sock.settimeout(self.timeout)  # a closed socket ignores it
