"""A partner's screening hits, with their explanation, and the officer's decision on each."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from citydiplo.access import Access, access, get_owned
from citydiplo.http import AuthedRequest
from partners.models import Partner
from screening import actions
from screening.forms import DecisionForm
from screening.models import Hit
from screening.state import sanctions_state


def _panel(request: AuthedRequest, partner: Partner, status: int = 200, **extra: object):
    context = {
        "partner": partner,
        "screening": sanctions_state(partner),
        "can_write": request.membership is not None and request.membership.can_write,
        "form": DecisionForm(),
        **extra,
    }
    fragment = request.htmx and not request.htmx.boosted
    template = "screening/partner_hits.html" + ("#panel" if fragment else "")
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@access(Access.READ)
@require_GET
def partner_hits(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = get_owned(request, Partner.objects.select_related("country"), partner_id)
    return _panel(request, partner)


@access(Access.WRITE)
@require_POST
def decide_hit(request: AuthedRequest, hit_id: int) -> HttpResponse:
    hit = get_owned(
        request,
        Hit.objects.select_related("partner__country"),
        hit_id,
        Access.WRITE,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _panel(request, hit.partner, status=422, form=form, invalid_hit=hit.pk)
    actions.decide(hit, request.user, form.cleaned_data["decision"], form.cleaned_data["reason"])
    if request.htmx:
        hit.partner.refresh_from_db()
        return _panel(request, hit.partner)
    return redirect("screening:partner_hits", hit.partner_id)
