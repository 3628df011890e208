"""Pages that belong to no app: the municipality switcher and health (the dashboard, which reads
every app, is the `dashboard` package at the top of the layers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citydiplo.access import SESSION_KEY, Access, access
from citydiplo.http import AuthedRequest


@access(Access.ACCOUNT)
@require_POST
def switch_municipality(request: AuthedRequest) -> HttpResponse:
    """Make another of the user's municipalities the current one."""
    raw = request.POST.get("municipality", "")
    target = next((m for m in request.memberships if str(m.municipality_id) == raw), None)
    if target is None:
        messages.error(request, _("You are not a member of that municipality."))
        return redirect("home")
    request.session[SESSION_KEY] = target.municipality_id
    messages.success(
        request, _("You are now working for %(name)s.") % {"name": target.municipality.name}
    )
    # Pages of one municipality's objects make no sense for another: go to the dashboard
    # unless the page we came from is a list that exists for every municipality. `next` is
    # used as a URL only (never as a view name), and only a local path is followed.
    next_url = request.POST.get("next", "")
    if (
        next_url.startswith("/")
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not any(ch.isdigit() for ch in next_url.split("?")[0])
    ):
        return HttpResponseRedirect(next_url)
    return redirect("home")


@access(Access.PUBLIC)
@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the container orchestrator: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
