"""The register's pages: lists, detail pages, edit forms, archive/restore, import and export.

Every page works as plain forms and links; htmx only swaps fragments (`page.html#fragment`).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citydiplo import collation, htmx, panels
from citydiplo.access import Access, access, current_membership, get_owned
from citydiplo.http import AuthedRequest
from citydiplo.numbers import kilobytes
from municipalities.models import Municipality
from partners import actions, due, exports, imports, rows
from partners.documents import DocumentForm
from partners.forms import (
    SORT_PARTNERS,
    SORT_PARTNERSHIPS,
    ImportForm,
    ListFilterForm,
    PartnerEditForm,
    PartnerFilterForm,
    PartnershipEditForm,
    PartnershipFilterForm,
)
from partners.history import entries_for
from partners.models import Country, Partner, Partnership
from partners.sections import partnership_context

PAGE_SIZE = 25
IMPORT_SALT = "partners.import"
IMPORT_TOKEN_MAX_AGE = 3600  # seconds between the preview and the confirmation


def _countries_in_use(municipality: Municipality) -> list[tuple[str, str]]:
    """(code, name) of the countries of this register's partners, in alphabetical order: the
    country filter's choices (plain rows, not models: the list pages build them every time)."""
    in_use = Partner.objects.filter(municipality=municipality).values("country_id")
    choices = (
        Country.objects.filter(code__in=in_use).order_by().values_list("code", Country.name_field())
    )
    return collation.sorted_by_name(choices, itemgetter(1))


def _state_filter(qs: Any, form: ListFilterForm) -> Any:
    state = form.value("state") or "current"
    if state == "current":
        return qs.current()
    if state == "archived":
        return qs.archived()
    return qs


def _paginate(request: AuthedRequest, rows: QuerySet[Any], counted: QuerySet[Any]) -> Any:
    """The requested page of `rows` (the columns shown), its total counted on `counted` (the
    same rows without those columns: the joins that fetch them would only slow the count)."""
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counted.count()  # a cached_property: once set, not counted again
    return paginator.get_page(request.GET.get("page"))


# --- partners ----------------------------------------------------------------------------------


def filtered_partners(municipality: Municipality, form: PartnerFilterForm) -> QuerySet[Partner]:
    qs = Partner.objects.filter(municipality=municipality)
    qs = _state_filter(qs, form)
    if form.value("q"):
        qs = qs.search(form.value("q"))
    if form.value("country"):
        qs = qs.filter(country_id=form.value("country"))
    if form.value("kind"):
        qs = qs.filter(kind=form.value("kind"))
    if form.value("screening") == "to_review":
        qs = qs.filter(screening_to_review=True)
    elif form.value("screening") == "confirmed":
        qs = qs.filter(sanctions_confirmed=True)
    return qs.order_by(*SORT_PARTNERS[form.sort_value])


def _partner_filters(request: AuthedRequest) -> tuple[Municipality, PartnerFilterForm]:
    municipality = current_membership(request).municipality
    form = PartnerFilterForm(request.GET, countries=_countries_in_use(municipality))
    form.is_valid()
    return municipality, form


@access(Access.READ)
@require_GET
def partner_list(request: AuthedRequest) -> HttpResponse:
    municipality, form = _partner_filters(request)
    partners = filtered_partners(municipality, form)
    page = _paginate(request, partners.values(*rows.partner_columns()), partners)
    context = {
        "form": form,
        "page": page,
        "rows": rows.partner_rows(page),
        "sort": form.sort_value,
        "filtered": any(form.value(n) for n in ("q", "country", "kind", "screening")),
        "can_write": current_membership(request).can_write,
    }
    return htmx.page(request, "partners/partner_list.html", "results", context)


@access(Access.READ)
@require_GET
def partner_detail(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = get_owned(request, Partner.objects.select_related("country", "territory"), partner_id)
    partnerships = list(
        partner.partnerships.select_related("owner").order_by("archived_at", "title")
    )
    history, history_truncated = entries_for(partner)
    similar = []
    if request.GET.get("check") == "similar":
        similar = actions.similar_partners(
            partner.municipality, partner.name, exclude_pk=partner.pk
        )
    context = {
        "partner": partner,
        "partnerships": partnerships,
        "history": history,
        "history_truncated": history_truncated,
        "similar": similar,
        "can_write": request.membership is not None and request.membership.can_write,
    }
    return render(request, "partners/partner_detail.html", context)


def _feedback(request: AuthedRequest, form: Any, name: str, **extra: Any) -> HttpResponse:
    """The errors (and warnings) of one field, checked on blur; nothing is saved."""
    form.is_valid()
    context = {"field": form[name], **extra}
    return htmx.fragment(request, "partners/includes/feedback.html", context)


def _live_field(request: AuthedRequest, form: Any) -> str | None:
    name = request.htmx.trigger_name if request.htmx else None
    if request.method == "POST" and name in form.fields:
        return name
    return None


def _partner_form(request: AuthedRequest, partner: Partner | None) -> HttpResponse:
    membership = current_membership(request, Access.WRITE)
    municipality = membership.municipality
    form = PartnerEditForm(request.POST or None, instance=partner, municipality=municipality)
    form.enable_live_validation(request.path)
    exclude_pk = partner.pk if partner else None
    live = _live_field(request, form)
    if live:
        similar = []
        # Sizes are validated first: the (costlier) search runs only on an acceptable name.
        form.is_valid()
        if live == "name" and "name" not in form.errors:
            similar = actions.similar_partners(
                municipality, form.cleaned_data["name"], exclude_pk=exclude_pk
            )
        return _feedback(request, form, live, similar=similar)
    if request.method == "POST" and form.is_valid():
        created = partner is None
        saved = actions.save_partner(form.save(commit=False), by=request.user)
        if created:
            messages.success(request, _("Partner added to the register."))
            if actions.similar_partners(municipality, saved.name, exclude_pk=saved.pk):
                return redirect(f"{saved.get_absolute_url()}?check=similar")
        else:
            messages.success(request, _("Changes saved."))
        return redirect(saved)
    context = {"form": form, "partner": partner}
    status = 422 if request.method == "POST" else 200
    return render(request, "partners/partner_form.html", context, status=status)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def partner_create(request: AuthedRequest) -> HttpResponse:
    return _partner_form(request, None)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = get_owned(request, Partner.objects.all(), partner_id, Access.WRITE)
    return _partner_form(request, partner)


@access(Access.WRITE)
@require_POST
def partner_archive(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = get_owned(request, Partner.objects.all(), partner_id, Access.WRITE)
    actions.archive(partner, by=request.user)
    messages.success(
        request, _("%(name)s is archived: it no longer shows in the lists.") % {"name": partner}
    )
    return redirect(partner)


@access(Access.WRITE)
@require_POST
def partner_restore(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = get_owned(request, Partner.objects.all(), partner_id, Access.WRITE)
    actions.restore(partner, by=request.user)
    messages.success(request, _("%(name)s is restored.") % {"name": partner})
    return redirect(partner)


@access(Access.READ)
@require_GET
def partner_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    municipality, form = _partner_filters(request)
    rows = exports.partner_rows(filtered_partners(municipality, form))
    return _export(rows, imports.PARTNER_COLUMNS, fmt, _file_word("partners"))


# --- partnerships ------------------------------------------------------------------------------


def filtered_partnerships(
    municipality: Municipality, form: PartnershipFilterForm
) -> QuerySet[Partnership]:
    # Filters on the partner read this register's partners only (a join would read those of
    # every municipality); the page's rows fetch their partners afterwards (see the list view).
    qs = Partnership.objects.filter(municipality=municipality)
    partners = Partner.objects.filter(municipality=municipality)
    qs = _state_filter(qs, form)
    if form.value("q"):
        qs = qs.search(form.value("q"), partners)
    if form.value("country"):
        qs = qs.filter(partner__in=partners.filter(country_id=form.value("country")))
    if form.value("kind"):
        qs = qs.filter(partner__in=partners.filter(kind=form.value("kind")))
    if form.sort_value in ("partner", "-partner"):  # the sort needs the join: keep it local
        qs = qs.filter(partner__municipality=municipality)
    if form.value("status"):
        qs = qs.filter(status=form.value("status"))
    if form.value("form"):
        qs = qs.filter(form=form.value("form"))
    if form.value("sector"):
        qs = qs.with_sector(form.value("sector"))
    rating = form.value("rating")
    if rating:
        qs = qs.filter(rating="" if rating == "none" else rating)
    if form.value("flagged"):
        qs = qs.filter(flagged=form.value("flagged") == "yes")
    if form.value("diagnostic"):
        qs = qs.filter(
            Exists(
                # The diagnostics app sits above the register: reach its model by the relation.
                Partnership._meta.get_field("assessments").related_model._default_manager.filter(
                    partnership_id=OuterRef("pk"), status=form.value("diagnostic")
                )
            )
        )
    if form.value("review") == "due":
        qs = qs.filter(due.review_due(municipality, timezone.now())).exclude(
            due.reassessment_open()
        )
    return qs.order_by(*SORT_PARTNERSHIPS[form.sort_value])


def _partnership_filters(request: AuthedRequest) -> tuple[Municipality, PartnershipFilterForm]:
    municipality = current_membership(request).municipality
    form = PartnershipFilterForm(request.GET, countries=_countries_in_use(municipality))
    form.is_valid()
    return municipality, form


@access(Access.READ)
@require_GET
def partnership_list(request: AuthedRequest) -> HttpResponse:
    municipality, form = _partnership_filters(request)
    partnerships = filtered_partnerships(municipality, form)
    page = _paginate(request, partnerships.values(*rows.PARTNERSHIP_COLUMNS), partnerships)
    context = {
        "form": form,
        "page": page,
        "rows": rows.partnership_rows(page),
        "sort": form.sort_value,
        "filtered": any(
            form.value(n)
            for n in ("q", "country", "kind", "status", "form", "sector", "rating", "flagged")
        ),
        "can_write": current_membership(request).can_write,
    }
    return htmx.page(request, "partners/partnership_list.html", "results", context)


@access(Access.READ)
@require_GET
def partnership_detail(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(
        request,
        Partnership.objects.select_related("partner__country", "owner"),
        partnership_id,
    )
    history, history_truncated = entries_for(partnership)
    documents = list(partnership.documents.select_related("uploaded_by"))
    can_write = request.membership is not None and request.membership.can_write
    context = {
        **partnership_context(partnership),
        "partnership": partnership,
        "partner": partnership.partner,
        "documents": documents,
        "document_form": DocumentForm(),
        "history": history,
        "history_truncated": history_truncated,
        "can_write": can_write,
        "panels": panels.collect(panels.PARTNERSHIP, request, partnership=partnership),
    }
    return render(request, "partners/partnership_detail.html", context)


def _partnership_form(request: AuthedRequest, partnership: Partnership | None) -> HttpResponse:
    membership = current_membership(request, Access.WRITE)
    initial = {}
    if partnership is None and request.method == "GET" and request.GET.get("partner", "").isdigit():
        initial["partner"] = int(request.GET["partner"])
    form = PartnershipEditForm(
        request.POST or None,
        instance=partnership,
        municipality=membership.municipality,
        initial=initial,
    )
    form.enable_live_validation(request.path)
    live = _live_field(request, form)
    if live:
        return _feedback(request, form, live)
    if request.method == "POST" and form.is_valid():
        created = partnership is None
        saved = actions.save_partnership(form.save(commit=False), by=request.user)
        messages.success(
            request, _("Partnership added to the register.") if created else _("Changes saved.")
        )
        return redirect(saved)
    context = {
        "form": form,
        "partnership": partnership,
        "has_partners": form.fields["partner"].queryset.exists(),  # type: ignore[attr-defined]
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "partners/partnership_form.html", context, status=status)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def partnership_create(request: AuthedRequest) -> HttpResponse:
    return _partnership_form(request, None)


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def partnership_edit(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    return _partnership_form(request, partnership)


@access(Access.WRITE)
@require_POST
def partnership_archive(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    actions.archive(partnership, by=request.user)
    messages.success(
        request,
        _("%(name)s is archived: it no longer shows in the lists.") % {"name": partnership},
    )
    return redirect(partnership)


@access(Access.WRITE)
@require_POST
def partnership_restore(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    actions.restore(partnership, by=request.user)
    messages.success(request, _("%(name)s is restored.") % {"name": partnership})
    return redirect(partnership)


@access(Access.READ)
@require_GET
def partnership_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    municipality, form = _partnership_filters(request)
    rows = exports.partnership_rows(filtered_partnerships(municipality, form))
    return _export(rows, exports.partnership_export_columns(), fmt, _file_word("partnerships"))


# --- export and import -------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_word(kind: str) -> str:
    """The file name's word for `kind` in the active language ("partenaires", "partners")."""
    words = {
        "partners": pgettext("file name", "partners"),
        "partnerships": pgettext("file name", "partnerships"),
    }
    return slugify(words[kind])


def _export(rows: Any, columns: list[imports.Column], fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(columns, rows, name), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            exports.to_csv(columns, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@access(Access.READ)
@require_GET
def import_template(request: AuthedRequest, kind: str) -> HttpResponse:
    current_membership(request)
    response = HttpResponse(
        exports.template_csv(imports.COLUMNS[kind]), content_type="text/csv; charset=utf-8"
    )
    stem = slugify(pgettext("file name", "template"))
    response["Content-Disposition"] = f'attachment; filename="{stem}-{_file_word(kind)}.csv"'
    return response


def _list_url(kind: str) -> str:
    return reverse("partners:partner_list" if kind == "partners" else "partners:partnership_list")


@access(Access.WRITE)
@require_http_methods(["GET", "POST"])
def register_import(request: AuthedRequest, kind: str) -> HttpResponse:
    """Upload → preview (every bad row and why) → confirm: all rows are created, or none."""
    membership = current_membership(request, Access.WRITE)
    municipality = membership.municipality
    context: dict[str, Any] = {
        "kind": kind,
        "columns": imports.COLUMNS[kind],
        "max_kb": kilobytes(imports.MAX_IMPORT_BYTES),
        "form": ImportForm(),
    }
    if request.method == "GET":
        return render(request, "partners/import.html", context)
    text, file_error = None, ""
    if "token" in request.POST:
        text = _read_token(request.POST["token"], request, kind)
        if text is None:
            file_error = _("The preview has expired: upload the file again.")
    else:
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                text = imports.decode(form.cleaned_data["file"].read())
            except imports.ImportFileError as error:
                file_error = str(error)
    preview = None
    if text is not None:
        try:
            preview = imports.CHECKERS[kind](text, municipality)
        except imports.ImportFileError as error:
            file_error = str(error)
    if preview is not None and preview.ok and "token" in request.POST:
        importer = actions.import_partners if kind == "partners" else actions.import_partnerships
        count = importer(preview.objects, by=request.user)
        messages.success(request, _("%(count)s rows imported.") % {"count": count})
        return redirect(_list_url(kind))
    context.update({"file_error": file_error, "preview": preview})
    if preview is not None and preview.ok:
        context["token"] = signing.dumps(
            {"m": municipality.pk, "u": request.user.pk, "k": kind, "t": text},
            salt=IMPORT_SALT,
            compress=True,
        )
        context["sample"] = preview.objects[:20]
        return render(request, "partners/import.html", context)
    return render(request, "partners/import.html", context, status=422)


def _read_token(token: str, request: AuthedRequest, kind: str) -> str | None:
    try:
        data = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    membership = request.membership
    if (
        membership is None
        or data.get("m") != membership.municipality_id
        or data.get("u") != request.user.pk
        or data.get("k") != kind
    ):
        raise Http404
    text: str = data["t"]
    return text
