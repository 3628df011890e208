"""What every response gets: private caching for signed-in pages, French typography."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from citydiplo import french


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Their pages show one municipality's register: no shared proxy may keep them, and the
    browser must not keep them on disk for the next person at a shared desk. Pages for
    anonymous visitors (sign-in, password reset, health) keep their own headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class FrenchTypographyMiddleware:
    """Non-breaking spaces before ; : ! ? » and after « on every French HTML page.

    Applied once, to the finished page (citydiplo/french.py decides what is text), so no
    template or message has to carry the spaces itself. Other languages, other content types
    and streamed responses pass as they are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and (response.get("Content-Language") or translation.get_language() or "")
            .lower()
            .startswith("fr")
        ):
            charset = response.charset or "utf-8"
            response.content = french.typography(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):  # set by CommonMiddleware, inside
                response["Content-Length"] = str(len(response.content))
        return response
