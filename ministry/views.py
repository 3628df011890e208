"""The ministry's pages: the picture (aggregates), shared entities, advisories, a shared
register; and, for a municipality, what the ministry sees of it and its sharing choice.

Liaison pages answer 404 to anyone who follows no municipality. No liaison page names a
municipality unless `actions.nameable` allows it.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citydiplo.access import Access, access, current_membership
from citydiplo.bands import Band
from citydiplo.http import AuthedRequest
from ministry import actions, aggregates
from ministry.charts import bars_of
from ministry.forms import AdvisoryForm, MergeForm, PictureFilterForm, SharingForm, SplitForm
from ministry.models import (
    Advisory,
    AdvisoryReach,
    EntityLink,
    ForeignEntity,
    RegisterView,
    Sharing,
    SharingChoice,
)
from ministry.suppression import Table, small_hidden
from municipalities.models import LiaisonAssignment, Municipality
from partners.models import Partner, Partnership, PartnershipForm

PAGE_SIZE = 25
NEW_DAYS = 90


def _followed(request: AuthedRequest) -> QuerySet[Municipality]:
    """The municipalities the signed-in liaison follows; 404 for anyone who is not one."""
    if not LiaisonAssignment.objects.filter(liaison=request.user).exists():
        raise Http404("Not a liaison")
    return Municipality.objects.followed_by(request.user)


# --- the picture -----------------------------------------------------------------------------


def _tables(request: AuthedRequest) -> tuple[PictureFilterForm, list[Table], dict[str, Any]]:
    followed = _followed(request)
    form = PictureFilterForm(request.GET or None, regions=aggregates.region_choices(followed))
    filters = form.filters()
    towns = list(followed.values_list("pk", flat=True))
    population = aggregates.partnerships(towns, filters)
    states, opinions, timing = aggregates.referral_tables(towns, filters)
    counts = aggregates.tally(population)
    tables = [
        aggregates.country_category_band(counts),
        aggregates.kind_form(counts),
        aggregates.by_quarter(counts),
        states,
        opinions,
        aggregates.screening_hits(population),
    ]
    extra = {"timing": timing, "overdue": aggregates.overdue_municipalities(counts)}
    return form, tables, extra


@access(Access.LIAISON)
@require_GET
def picture(request: AuthedRequest) -> HttpResponse:
    """Counts over the followed municipalities; every count of 1 or 2 shows as "< 3"."""
    form, tables, extra = _tables(request)
    context = {
        "form": form,
        "tables": [(t, bars_of(t)) for t in tables],
        "query": request.GET.urlencode(),
        **extra,
    }
    return render(request, "ministry/picture.html", context)


@access(Access.LIAISON)
@require_GET
def picture_csv(request: AuthedRequest) -> HttpResponse:
    """One table of the picture (`?table=<slug>` and the page's filters) as CSV, suppressed
    exactly as on the page."""
    _form, tables, _extra = _tables(request)
    slug = request.GET.get("table") or tables[0].slug
    table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    writer = csv.writer(response)
    header = ["", *(label for _k, label in table.columns)]
    writer.writerow([*header, _("total")] if table.two_way else header)
    for row in table.grid():
        cells = [row["label"], *row["cells"]]
        writer.writerow([*cells, row["total"]] if table.two_way else cells)
    footer = [_("total"), *table.footer()]
    writer.writerow([*footer, table.grand_total()] if table.two_way else footer)
    return response


# --- shared foreign entities -----------------------------------------------------------------


def _entities(followed: QuerySet[Municipality]) -> QuerySet[ForeignEntity]:
    """Entities with partners in at least two followed municipalities, most shared first."""
    in_scope = Q(links__municipality__in=followed)
    return (
        ForeignEntity.objects.annotate(
            towns=Count("links__municipality", filter=in_scope, distinct=True),
            since=Min("links__partner__created_at", filter=in_scope),
        )
        .filter(towns__gte=2)
        .select_related("country")
        .order_by("-towns", "name")
    )


@access(Access.LIAISON)
@require_GET
def entity_list(request: AuthedRequest) -> HttpResponse:
    followed = _followed(request)
    qs = _entities(followed)
    if request.GET.get("new"):
        qs = qs.filter(since__gte=timezone.now() - timedelta(days=NEW_DAYS))  # type: ignore[misc]
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for entity in page.object_list:
        entity.towns_shown = small_hidden(entity.towns)  # type: ignore[attr-defined]
    context = {"page": page, "new": bool(request.GET.get("new")), "new_days": NEW_DAYS}
    return render(request, "ministry/entity_list.html", context)


def _entity_for(request: AuthedRequest, entity_id: int) -> tuple[ForeignEntity, Any]:
    followed = _followed(request)
    entity = get_object_or_404(_entities(followed), pk=entity_id)
    return entity, followed


def _entity_context(request: AuthedRequest, entity: ForeignEntity, followed: Any) -> dict:
    links = EntityLink.objects.filter(entity=entity, municipality__in=followed)
    partnerships = Partnership.objects.filter(
        archived_at__isnull=True, partner__in=links.values("partner")
    )
    forms = {r["form"]: r["n"] for r in partnerships.values("form").annotate(n=Count("pk"))}
    bands = {r["rating"]: r["n"] for r in partnerships.values("rating").annotate(n=Count("pk"))}
    one = [("n", _("partnerships"))]
    form_table = Table(
        [(f.value, str(f.label)) for f in PartnershipForm if forms.get(f.value)],
        one,
        {(k, "n"): v for k, v in forms.items()},
        title=_("Through which forms"),
    )
    band_labels = [(b.value, str(b.label)) for b in Band] + [("", _("not rated"))]
    band_table = Table(
        [(b, label) for b, label in band_labels if bands.get(b)],
        one,
        {(k, "n"): v for k, v in bands.items()},
        title=_("With which bands"),
    )
    named = actions.nameable(request.user, links.values("partner")).order_by("name")
    return {
        "entity": entity,
        "towns": small_hidden(entity.towns),  # type: ignore[attr-defined]
        "tables": [form_table, band_table],
        "named": named,
        "links": links.select_related("partner").order_by("partner__name"),
        "advisories": entity.advisories.order_by("-published_at"),
        "merge_form": MergeForm(),
    }


@access(Access.LIAISON)
@require_GET
def entity_detail(request: AuthedRequest, entity_id: int) -> HttpResponse:
    entity, followed = _entity_for(request, entity_id)
    return render(request, "ministry/entity.html", _entity_context(request, entity, followed))


@access(Access.LIAISON)
@require_POST
def entity_confirm(request: AuthedRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id)[0]
    actions.confirm_entity(entity, request.user)
    messages.success(request, _("Entity confirmed: later runs keep these partners together."))
    return redirect("ministry:entity", entity.pk)


@access(Access.LIAISON)
@require_POST
def entity_split(request: AuthedRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id)[0]
    form = SplitForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.MinistryError("not_linked")
        actions.split_partner(entity, form.cleaned_data["partner"], request.user)
    except actions.MinistryError:
        messages.error(request, _("Choose one of the partners linked to this entity."))
        return redirect("ministry:entity", entity.pk)
    messages.success(request, _("Partner split off: later runs keep it apart."))
    if not ForeignEntity.objects.filter(pk=entity.pk, municipality_count__gte=2).exists():
        return redirect("ministry:entities")
    return redirect("ministry:entity", entity.pk)


@access(Access.LIAISON)
@require_POST
def entity_merge(request: AuthedRequest, entity_id: int) -> HttpResponse:
    entity, followed = _entity_for(request, entity_id)
    form = MergeForm(request.POST)
    form.fields["other"].queryset = _entities(followed)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            actions.merge_entities(entity, form.cleaned_data["other"], request.user)
        except actions.MinistryError:
            messages.error(request, _("Choose another entity than this one."))
        else:
            messages.success(request, _("Entities merged."))
        return redirect("ministry:entity", entity.pk)
    context = _entity_context(request, entity, followed)
    context["merge_form"] = form
    return render(request, "ministry/entity.html", context, status=422)


# --- advisories (liaison side) ---------------------------------------------------------------


@access(Access.LIAISON)
@require_GET
def advisory_list(request: AuthedRequest) -> HttpResponse:
    _followed(request)
    advisories = Advisory.objects.select_related("entity", "country", "published_by")
    page = Paginator(advisories, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ministry/advisory_list.html", {"page": page})


@access(Access.LIAISON)
@require_http_methods(["GET", "POST"])
def advisory_new(request: AuthedRequest) -> HttpResponse:
    _followed(request)
    initial = {}
    if request.GET.get("entity", "").isdigit():
        initial["entity"] = request.GET["entity"]
    form = AdvisoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        advisory = actions.publish_advisory(request.user, **form.cleaned_data)
        messages.success(request, _("Advisory published."))
        return redirect("ministry:advisory", advisory.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "ministry/advisory_form.html", {"form": form}, status=status)


def _liaison_advisory(request: AuthedRequest, advisory_id: int) -> Advisory:
    _followed(request)
    return get_object_or_404(Advisory.objects.select_related("entity", "country"), pk=advisory_id)


@access(Access.LIAISON)
@require_http_methods(["GET", "POST"])
def advisory_edit(request: AuthedRequest, advisory_id: int) -> HttpResponse:
    advisory = _liaison_advisory(request, advisory_id)
    if advisory.withdrawn_at is not None:
        raise Http404
    form = AdvisoryForm(request.POST or None, instance=advisory)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        actions.update_advisory(Advisory.objects.get(pk=advisory.pk), request.user, **changes)
        messages.success(request, _("Advisory updated; the same municipalities are told."))
        return redirect("ministry:advisory", advisory.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "advisory": advisory}
    return render(request, "ministry/advisory_form.html", context, status=status)


@access(Access.LIAISON)
@require_POST
def advisory_withdraw(request: AuthedRequest, advisory_id: int) -> HttpResponse:
    advisory = _liaison_advisory(request, advisory_id)
    try:
        actions.withdraw_advisory(advisory, request.user)
    except actions.MinistryError:
        messages.error(request, _("This advisory was already withdrawn."))
    else:
        messages.success(request, _("Advisory withdrawn; the same municipalities are told."))
    return redirect("ministry:advisory", advisory.pk)


# --- an advisory, seen by either side --------------------------------------------------------


@access(Access.READ)
@require_GET
def advisory_detail(request: AuthedRequest, advisory_id: int) -> HttpResponse:
    """For a liaison: the advisory and how many municipalities it reached (suppressed).
    For a member: the advisory if it reached their municipality, with their partners concerned."""
    advisory = get_object_or_404(
        Advisory.objects.select_related("entity", "country", "published_by"), pk=advisory_id
    )
    if request.membership is None:
        _followed(request)
        reached = AdvisoryReach.objects.filter(advisory=advisory).count()
        context = {"advisory": advisory, "liaison": True, "reached": small_hidden(reached)}
        return render(request, "ministry/advisory.html", context)
    municipality = current_membership(request).municipality
    if not AdvisoryReach.objects.filter(advisory=advisory, municipality=municipality).exists():
        raise Http404
    partners = Partner.objects.filter(municipality=municipality).current()
    if advisory.entity_id:
        partners = partners.filter(entity_link__entity_id=advisory.entity_id)
    else:
        partners = partners.filter(country_id=advisory.country_id)
    context = {"advisory": advisory, "liaison": False, "partners": partners.order_by("name")}
    return render(request, "ministry/advisory.html", context)


# --- a shared register -----------------------------------------------------------------------


@access(Access.LIAISON)
@require_GET
def shared_register(request: AuthedRequest, municipality_id: int) -> HttpResponse:
    """A followed municipality's register, read-only, if it chose so; each look is logged."""
    _followed(request)
    municipality = get_object_or_404(actions.sharing_register(request.user), pk=municipality_id)
    actions.log_register_view(request.user, municipality, request.get_full_path())
    partnerships = (
        Partnership.objects.filter(municipality=municipality, archived_at__isnull=True)
        .select_related("partner__country")
        .order_by("partner__name", "title")
    )
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "ministry/shared_register.html", {"municipality": municipality, "page": page}
    )


@access(Access.LIAISON)
@require_GET
def shared_registers(request: AuthedRequest) -> HttpResponse:
    _followed(request)
    municipalities = actions.sharing_register(request.user).order_by("name")
    return render(request, "ministry/shared_registers.html", {"municipalities": municipalities})


# --- the municipality's side -----------------------------------------------------------------


@access(Access.READ)
@require_GET
def what_ministry_sees(request: AuthedRequest) -> HttpResponse:
    """Exactly what the ministry sees of this municipality, and who looked at its register."""
    membership = current_membership(request)
    municipality = membership.municipality
    level = actions.sharing_level(municipality)
    links = EntityLink.objects.filter(municipality=municipality).select_related("entity", "partner")
    context = {
        "municipality": municipality,
        "level": level,
        "level_label": Sharing(level).label,
        "register": level == Sharing.REGISTER,
        "referral_count": municipality.referrals.count(),
        "links": links.order_by("partner__name"),
        "views": RegisterView.objects.filter(municipality=municipality).select_related("liaison")[
            :50
        ],
        "history": SharingChoice.history.filter(municipality_id=municipality.pk)
        .select_related("changed_by")
        .order_by("-history_date")[:20],
        "can_manage": membership.can_manage,
        "form": SharingForm(initial={"level": level}),
    }
    return render(request, "ministry/what_ministry_sees.html", context)


@access(Access.MANAGE)
@require_POST
def sharing_choice(request: AuthedRequest) -> HttpResponse:
    membership = current_membership(request, Access.MANAGE)
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the two options."))
        return redirect("ministry:what_ministry_sees")
    actions.set_sharing(membership.municipality, form.cleaned_data["level"], request.user)
    messages.success(request, _("Your choice is saved; the ministry sees exactly this page."))
    return redirect("ministry:what_ministry_sees")
