"""The home page: the dashboard of the current municipality, or a liaison's."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from citydiplo.access import Access, access
from citydiplo.http import AuthedRequest
from dashboard import context as dashboard
from reviews.header import header_status_for


@access(Access.ACCOUNT)
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The dashboard: what awaits the user in the current municipality, and its portfolio; for
    a ministry liaison, the referrals waiting."""
    if request.membership is not None:
        return render(request, "home.html", dashboard.for_member(request.membership))
    if header_status_for(request.user).liaison:  # the header's cached answer: no query
        return render(request, "home.html", dashboard.for_liaison(request.user))
    return render(request, "home.html", {"role": None})
