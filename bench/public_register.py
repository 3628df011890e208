"""The public register at scale: the largest municipality publishes every active partnership
with two years of outcomes (idempotent), then its page and its export are loaded signed out.

Warm: a few addresses cycled (the cache answers after the first hit). Cold: each request
carries a query parameter the page ignores but the cache key does not, so every one is a miss
and is built from the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bench import load

YEARS = (2024, 2025)


def publish_largest(big: Any) -> int:
    """Publish the town's active partnerships that are not yet published; how many are live."""
    from django.db import transaction
    from django.utils import timezone

    from partners.models import Partnership
    from publication.actions import unique_slug
    from publication.models import Outcome, Publication

    todo = list(
        Partnership.objects.filter(municipality=big, archived_at__isnull=True, status="active")
        .exclude(publication__isnull=False)
        .only("id", "title", "municipality_id")
    )
    now = timezone.now()
    with transaction.atomic():
        taken: set[str] = set(
            Publication.objects.filter(municipality=big).values_list("slug", flat=True)
        )
        rows = []
        for partnership in todo:
            slug = unique_slug(partnership)
            n = 2
            while slug in taken:
                slug, n = f"{unique_slug(partnership)}-{n}", n + 1
            taken.add(slug)
            rows.append(
                Publication(
                    municipality=big,
                    partnership=partnership,
                    slug=slug,
                    objectives=f"Objectifs publics de {partnership.title}.",
                    contact_email="international@bench.example",
                    is_published=True,
                    published_at=now,
                    changed_at=now,
                )
            )
        Publication.objects.bulk_create(rows, batch_size=500)
        Outcome.objects.bulk_create(
            [
                Outcome(
                    partnership_id=p.pk,
                    year=year,
                    activities="Échanges de jeunes, visite de délégation, atelier technique.",
                    people_involved=40 + p.pk % 200,
                    municipal_budget=Decimal(1000 + p.pk % 9000),
                    co_financing=Decimal(p.pk % 5000),
                    narrative="Ce que le partenariat a apporté cette année.",
                )
                for p in todo
                for year in YEARS
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return Publication.objects.live().filter(municipality=big).count()


def _get(path: str, label: str) -> load.Request:
    return load.Request("GET", path, label, None, {"Accept-Language": "fr"})


def requests(big: Any) -> dict[str, list[load.Request]]:
    from django.urls import reverse

    from partners.models import Partnership

    register = reverse("public:register", kwargs={"insee": big.insee_code})
    country = (
        Partnership.objects.filter(municipality=big, publication__is_published=True)
        .values_list("partner__country_id", flat=True)
        .first()
    )
    return {
        "public register page": [
            _get(register, "default"),
            _get(f"{register}?country={country}", "country"),
            _get(f"{register}?q=jumelage", "search"),
            _get(f"{register}?status=active&year=2025&page=2", "status+year, page 2"),
            _get(f"{register}?lang=en", "English"),
        ],
        "public export": [
            _get(reverse("public:register_csv", kwargs={"insee": big.insee_code}), "csv"),
            _get(reverse("public:register_json", kwargs={"insee": big.insee_code}), "json"),
        ],
    }


def cold(requests: list[load.Request]) -> load.Source:
    """Every request a cache miss: a parameter the view ignores changes the cache key."""

    def source(thread: int, n: int) -> tuple[load.Request, None]:
        base = requests[(n * 7 + thread) % len(requests)]
        sep = "&" if "?" in base.path else "?"
        path = f"{base.path}{sep}nocache={thread}-{n}"
        return load.Request(base.method, path, base.label, None, base.headers), None

    return source
