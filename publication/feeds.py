"""Atom feeds of the public register: what was published or changed, newest first."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from citydiplo import french
from municipalities.models import Municipality
from publication.cache import cached
from publication.models import Publication
from publication.public import LICENCE_NAME, PublicPartnership, present, public_publications
from publication.public_views import _live_count, _municipality, _national_version, public

FEED_SIZE = 50


class RegisterFeed(Feed[PublicPartnership, Municipality | None]):
    """Published partnerships by their last public change; `obj` narrows to one municipality."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Municipality | None:
        return getattr(request, "public_municipality", None)

    def title(self, obj: Municipality | None) -> str:
        if obj is None:
            return _("Public register of international partnerships")
        return _("International partnerships %(of_name)s") % {"of_name": french.of(obj.name)}

    def subtitle(self, obj: Municipality | None) -> str:
        return _("Publications and changes. Licence: %(licence)s.") % {"licence": LICENCE_NAME}

    def link(self, obj: Municipality | None) -> str:
        if obj is None:
            return reverse("public:index")
        return reverse("public:register", kwargs={"insee": obj.insee_code})

    def feed_copyright(self, obj: Municipality | None) -> str:
        return LICENCE_NAME

    def items(self, obj: Municipality | None) -> list[PublicPartnership]:
        qs: QuerySet[Publication] = public_publications()
        if obj is not None:
            qs = qs.filter(municipality=obj)
        return [present(p) for p in qs.order_by("-changed_at", "-pk")[:FEED_SIZE]]

    def item_title(self, item: PublicPartnership) -> str:
        return f"{item.title} — {item.municipality_name}"

    def item_description(self, item: PublicPartnership) -> str:
        return _("%(partner)s (%(country)s), %(form)s, %(status)s. %(objectives)s") % {
            "partner": item.partner_name,
            "country": item.country_name,
            "form": item.form_label,
            "status": item.status_label,
            "objectives": item.objectives,
        }

    def item_link(self, item: PublicPartnership) -> str:
        return item.url

    def item_guid(self, item: PublicPartnership) -> str:
        return f"{settings.SITE_URL}{item.url}"

    def item_pubdate(self, item: PublicPartnership) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: PublicPartnership) -> datetime.datetime | None:
        return item.changed_at


_feed = RegisterFeed()


@public
def national_feed(request: HttpRequest) -> HttpResponse:
    return cached(request, _national_version(), lambda: _feed(request))


@public
def register_feed(request: HttpRequest, insee: str) -> HttpResponse:
    municipality = _municipality(insee)
    request.public_municipality = municipality  # type: ignore[attr-defined]

    def build() -> HttpResponse:
        _live_count(municipality)
        return _feed(request)

    return cached(request, municipality.last_change, build)  # type: ignore[attr-defined]
