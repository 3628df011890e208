from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from citydiplo.access import SESSION_KEY
from municipalities.models import Membership


class CurrentMunicipalityMiddleware:
    """Attach the user's memberships and the one they are working in (chosen in the header).

    One query per request for a signed-in user; nothing for anonymous visitors.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships: list[Membership] = []
        current = None
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=request.user)
                .select_related("municipality")
                .order_by("municipality__name")
            )
            wanted = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.municipality_id == wanted), None)
            if current is None and memberships:
                current = memberships[0]
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = current  # type: ignore[attr-defined]
        return self.get_response(request)
