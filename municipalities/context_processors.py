from typing import Any

from django.http import HttpRequest


def current_municipality(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "municipality": membership.municipality if membership else None,
    }
