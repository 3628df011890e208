"""Open-data files of the register: CSV (described by the Table Schema) and JSON.

Both state their licence (Licence Ouverte 2.0) and the date of the last public change; JSON also
carries each partnership's outcomes year by year.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse

from publication.models import Publication
from publication.public import (
    LICENCE_NAME,
    LICENCE_URL,
    as_record,
    outcome_record,
    present_values,
)
from publication.schema import fields


def records(qs: QuerySet[Publication]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each published partnership's CSV row and its yearly outcomes, in a stable order."""
    site = settings.SITE_URL
    items = present_values(qs.order_by("municipality__insee_code", "slug"))
    return [(as_record(item, site), [outcome_record(o) for o in item.outcomes]) for item in items]


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f["name"] for f in fields()], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def metadata(version: datetime.datetime | None) -> dict[str, Any]:
    return {
        "licence": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "schema": settings.SITE_URL + reverse("public:schema"),
        "date_modification": version.isoformat() if version else None,
    }


def json_response(data: Any, filename: str = "") -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def export(
    qs: QuerySet[Publication], fmt: str, name: str, version: datetime.datetime | None
) -> HttpResponse:
    pairs = records(qs)
    if fmt == "json":
        data = {
            **metadata(version),
            "partenariats": [{**row, "resultats": outcomes} for row, outcomes in pairs],
        }
        return json_response(data, f"{name}.json")
    response = HttpResponse(
        to_csv([row for row, _ in pairs]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{name}.csv"'
    # The CSV cannot carry them itself: say where its schema and licence are.
    response["Link"] = (
        f'<{metadata(version)["schema"]}>; rel="describedby", <{LICENCE_URL}>; rel="license"'
    )
    return response
