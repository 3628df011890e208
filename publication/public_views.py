"""The public register: pages, open data and feeds anyone may read without signing in.

Every view here is marked `Access.PUBLIC` and `login_not_required` (and is listed in
tests/test_publication_public.py); the data comes only from `publication.public`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from citydiplo.access import Access, access
from municipalities.models import Municipality
from partners.models import Country, Document
from partners.text import normalise
from publication import opendata
from publication.cache import cached, cached_value
from publication.forms import RegisterFilterForm
from publication.models import FIRST_YEAR, Outcome, Publication
from publication.public import present, public_publications
from publication.schema import table_schema

PAGE_SIZE = 25
LANGUAGES = {code for code, _name in settings.LANGUAGES}

View = Callable[..., HttpResponseBase]


def public(view: View) -> View:
    """Reachable signed out, GET only, in the language asked by `?lang=` (else the usual one)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        lang = request.GET.get("lang", "")
        if lang not in LANGUAGES:
            lang = translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, **kwargs)
        response["Content-Language"] = lang
        response["Vary"] = "Accept-Language, Cookie, HX-Request"
        return response

    return access(Access.PUBLIC)(login_not_required(require_GET(wrapper)))


def _municipality(insee: str) -> Municipality:
    """The municipality with the date of its last public change, in one indexed query.

    The cache key needs that date before anything else is read; whether the municipality
    publishes anything is checked only when a page is built (`_live_count`).
    """
    latest = Publication.objects.filter(municipality=OuterRef("pk")).order_by("-changed_at")
    found = (
        Municipality.objects.filter(insee_code=insee)
        .annotate(last_change=Subquery(latest.values("changed_at")[:1]))
        .only("id", "name", "insee_code")
        .first()
    )
    if found is None or found.last_change is None:  # type: ignore[attr-defined]
        raise Http404
    return found


def _live_count(municipality: Municipality) -> int:
    """How many partnerships the municipality publishes now; 404 when none."""
    count = Publication.objects.live().filter(municipality=municipality).count()
    if not count:
        raise Http404
    return count


def _national_version() -> datetime.datetime | None:
    stamp: datetime.datetime | None = Publication.objects.aggregate(last=Max("changed_at"))["last"]
    return stamp


def _last_modified(response: HttpResponse, when: datetime.datetime | None) -> HttpResponse:
    if when:
        response["Last-Modified"] = http_date(when.timestamp())
    return response


def _wants_fragment(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _common(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    lang = translation.get_language() or "fr"
    return {
        "lang": lang,
        "other_lang": "en" if lang == "fr" else "fr",
        "site_url": settings.SITE_URL,
        "canonical": settings.SITE_URL + request.path,
        **extra,
    }


# --- pages ------------------------------------------------------------------------------------


@public
def index(request: HttpRequest) -> HttpResponse:
    """The national index: municipalities that publish, with how many partnerships."""
    version = _national_version()

    def build() -> HttpResponse:
        live = Q(
            publications__is_published=True,
            publications__partnership__archived_at__isnull=True,
        )
        towns = (
            Municipality.objects.annotate(
                live_count=Count("publications", filter=live),
                last_change=Max("publications__changed_at", filter=live),
            )
            .filter(live_count__gt=0)
            .only("id", "name", "insee_code", "departement")
            .order_by("name")
        )
        context = _common(request, towns=list(towns), last_change=version)
        return _last_modified(render(request, "public/index.html", context), version)

    return cached(request, version, build)


def _filtered(qs: QuerySet[Publication], form: RegisterFilterForm) -> QuerySet[Publication]:
    query = form.value("q")
    if query:
        needle = normalise(query)
        qs = qs.filter(
            Q(partnership__search_text__contains=needle)
            | Q(partnership__partner__search_text__contains=needle)
        )
    if form.value("country"):
        qs = qs.filter(partnership__partner__country_id=form.value("country"))
    if form.value("form"):
        qs = qs.filter(partnership__form=form.value("form"))
    if form.value("status"):
        qs = qs.filter(partnership__status=form.value("status"))
    year = form.value("year")
    if year:
        # Running during the year by its dates, or with outcomes recorded for it.
        dated = Q(partnership__start_date__year__lte=year) & (
            Q(partnership__end_date__isnull=True) | Q(partnership__end_date__year__gte=year)
        )
        reported = Exists(
            Outcome.objects.filter(partnership_id=OuterRef("partnership_id"), year=year)
        )
        qs = qs.filter(dated | reported)
    return qs


def _filter_choices(municipality: Municipality) -> tuple[list[Country], list[int]]:
    live = Publication.objects.live().filter(municipality=municipality)
    countries = list(
        Country.objects.filter(partners__partnerships__publication__in=live.values("pk")).distinct()
    )
    countries.sort(key=lambda c: c.name)
    # The years with outcomes, and every year since the earliest start date.
    reported = set(
        Outcome.objects.filter(partnership__publication__in=live.values("pk")).values_list(
            "year", flat=True
        )
    )
    first = live.aggregate(first=Min("partnership__start_date"))["first"]
    this_year = timezone.localdate().year
    spanned = set(range(max(first.year, FIRST_YEAR), this_year + 1)) if first else set()
    years = sorted(reported | spanned, reverse=True)
    return countries, years


@public
def register(request: HttpRequest, insee: str) -> HttpResponse:
    """A municipality's register: search, filters (country, form, status, year), pages."""
    municipality = _municipality(insee)
    version: datetime.datetime | None = municipality.last_change  # type: ignore[attr-defined]

    def build() -> HttpResponse:
        # The same for every search and page of this version of the register: computed once.
        count, countries, years = cached_value(
            f"choices:{municipality.pk}",
            version,
            lambda: (_live_count(municipality), *_filter_choices(municipality)),
        )
        form = RegisterFilterForm(request.GET, countries=countries, years=years)
        form.is_valid()
        qs = _filtered(Publication.objects.live().filter(municipality=municipality), form)
        # Sort and cut on ids alone, then read the page's 25 rows with their public columns.
        ordered = qs.order_by("partnership__title", "pk").values_list("pk", flat=True)
        page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = {p.pk: p for p in public_publications().filter(pk__in=list(page.object_list))}
        filters = {
            name: form.value(name)
            for name in ("q", "country", "form", "status", "year")
            if form.value(name)
        }
        context = _common(
            request,
            municipality=municipality,
            form=form,
            page=page,
            items=[present(rows[pk]) for pk in page.object_list],
            filtered=bool(filters),
            query_string=_query_string(filters, translation.get_language()),
            last_change=version,
            count=count,
        )
        template = "public/register.html"
        if _wants_fragment(request):
            template += "#results"
        return _last_modified(render(request, template, context), version)

    return cached(request, version, build)


def _query_string(filters: dict[str, Any], lang: str | None) -> str:
    from urllib.parse import urlencode

    return urlencode({**filters, **({"lang": lang} if lang == "en" else {})})


def _publication(municipality: Municipality, slug: str) -> Publication:
    found = public_publications(details=True).filter(municipality=municipality, slug=slug).first()
    if found is None:
        raise Http404
    return found


@public
def partnership(request: HttpRequest, insee: str, slug: str) -> HttpResponse:
    """One published partnership: facts, objectives, yearly outcomes, public documents."""
    municipality = _municipality(insee)
    version: datetime.datetime | None = municipality.last_change  # type: ignore[attr-defined]

    def build() -> HttpResponse:
        item = present(_publication(municipality, slug))
        context = _common(
            request, municipality=municipality, item=item, last_change=item.changed_at
        )
        return _last_modified(render(request, "public/partnership.html", context), item.changed_at)

    return cached(request, version, build)


@public
def document(
    request: HttpRequest, insee: str, slug: str, public_document_id: int
) -> HttpResponseBase:
    """A document the manager made public with this partnership; anything else is 404."""
    municipality = _municipality(insee)
    publication = (
        Publication.objects.live()
        .filter(municipality=municipality, slug=slug)
        .only("id", "partnership_id")
        .first()
    )
    if publication is None:
        raise Http404
    found = (
        Document.objects.filter(
            pk=public_document_id,
            partnership_id=publication.partnership_id,
            publications=publication,
        )
        .only("id", "file")
        .first()
    )
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=Path(found.file.name or "document").name)


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    contact = settings.ACCESSIBILITY_CONTACT_EMAIL
    return render(request, "public/accessibility.html", _common(request, contact=contact))


@access(Access.PUBLIC)
@login_not_required
@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public register and the accessibility statement, nothing else."""
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public:index')}",
        f"Allow: {reverse('public:accessibility')}",
        "Disallow: /",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- open data --------------------------------------------------------------------------------


@public
def register_export(request: HttpRequest, insee: str, fmt: str) -> HttpResponse:
    municipality = _municipality(insee)
    version: datetime.datetime | None = municipality.last_change  # type: ignore[attr-defined]

    def build() -> HttpResponse:
        _live_count(municipality)
        qs = public_publications().filter(municipality=municipality)
        response = opendata.export(qs, fmt, f"registre-{municipality.insee_code}", version)
        return _last_modified(response, version)

    return cached(request, version, build)


@public
def national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    version = _national_version()

    def build() -> HttpResponse:
        response = opendata.export(public_publications(), fmt, "registre-national", version)
        return _last_modified(response, version)

    return cached(request, version, build)


@public
def schema(request: HttpRequest) -> HttpResponse:
    """The Table Schema of the CSV exports, at a stable address."""
    descriptor = table_schema(settings.SITE_URL + reverse("public:schema"))
    return opendata.json_response(descriptor)
