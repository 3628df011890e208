"""The public representation of a partnership: the only fields anyone signed out may see.

Every public page, export and feed reads partnerships through `public_publications()` and
`present()`: the queryset loads only the allowed columns (`.only()`), and the templates receive
frozen `PublicPartnership` objects, never a model. A field that is not listed here cannot reach
the public: scores, ratings, answers, referrals, screening, notes, members and unpublished
documents stay out by construction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from partners.models import Document, PartnershipForm, Status
from publication.models import Outcome, Publication

LICENCE_NAME = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# The columns a public query may load; anything else raises if touched (deferred fields are
# never read by templates since they receive the dataclasses below).
PUBLICATION_FIELDS = (
    "id",
    "slug",
    "objectives",
    "contact_email",
    "deliberation_date",
    "published_at",
    "changed_at",
    "municipality__id",
    "municipality__name",
    "municipality__insee_code",
    "partnership__id",
    "partnership__title",
    "partnership__form",
    "partnership__status",
    "partnership__start_date",
    "partnership__end_date",
    "partnership__deliberation_ref",
    "partnership__sent_to_prefect_on",
    "partnership__partner__id",
    "partnership__partner__name",
    "partnership__partner__country__code",
    "partnership__partner__country__name_fr",
    "partnership__partner__country__name_en",
)
OUTCOME_FIELDS = (
    "id",
    "partnership_id",
    "year",
    "activities",
    "people_involved",
    "municipal_budget",
    "co_financing",
    "narrative",
)
DOCUMENT_FIELDS = ("id", "title", "file")


@dataclass(frozen=True)
class PublicOutcome:
    year: int
    activities: str
    people_involved: int
    municipal_budget: Decimal
    co_financing: Decimal
    narrative: str


@dataclass(frozen=True)
class PublicDocument:
    id: int
    title: str
    url: str
    is_image: bool


@dataclass(frozen=True)
class PublicPartnership:
    """One published partnership as citizens see it."""

    id: int
    slug: str
    url: str
    insee_code: str
    municipality_name: str
    title: str
    partner_name: str
    country_code: str
    country_name_fr: str
    country_name_en: str
    form: str
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    deliberation_ref: str
    deliberation_date: datetime.date | None
    sent_to_prefect_on: datetime.date | None
    objectives: str
    contact_email: str
    published_at: datetime.datetime | None
    changed_at: datetime.datetime | None
    outcomes: tuple[PublicOutcome, ...] = field(default=())
    documents: tuple[PublicDocument, ...] = field(default=())

    @property
    def country_name(self) -> str:
        return (
            self.country_name_en
            if (get_language() or "fr").startswith("en")
            else self.country_name_fr
        )

    @property
    def form_label(self) -> str:
        return str(PartnershipForm(self.form).label) if self.form in PartnershipForm.values else ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else ""

    @property
    def totals(self) -> dict[str, Any]:
        return {
            "people_involved": sum(o.people_involved for o in self.outcomes),
            "municipal_budget": sum((o.municipal_budget for o in self.outcomes), Decimal(0)),
            "co_financing": sum((o.co_financing for o in self.outcomes), Decimal(0)),
        }


def public_publications(*, details: bool = False) -> QuerySet[Publication]:
    """Published partnerships with only their public columns; `details` adds outcomes and files."""
    qs = (
        Publication.objects.live()
        .select_related("municipality", "partnership__partner__country")
        .only(*PUBLICATION_FIELDS)
    )
    if details:
        qs = qs.prefetch_related(  # type: ignore[type-var]
            Prefetch(
                "partnership__outcomes",
                queryset=Outcome.objects.only(*OUTCOME_FIELDS).order_by("-year"),
            ),
            Prefetch("documents", queryset=Document.objects.only(*DOCUMENT_FIELDS)),
        )
    return qs


def public_url(insee_code: str, slug: str) -> str:
    return reverse("public:partnership", kwargs={"insee": insee_code, "slug": slug})


def document_url(insee_code: str, slug: str, document_id: int) -> str:
    return reverse(
        "public:document",
        kwargs={"insee": insee_code, "slug": slug, "public_document_id": document_id},
    )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def present_outcome(outcome: Outcome) -> PublicOutcome:
    return PublicOutcome(
        year=outcome.year,
        activities=outcome.activities,
        people_involved=outcome.people_involved,
        municipal_budget=outcome.municipal_budget,
        co_financing=outcome.co_financing,
        narrative=outcome.narrative,
    )


def present(
    publication: Publication,
    *,
    outcomes: list[Outcome] | None = None,
    documents: list[Document] | None = None,
) -> PublicPartnership:
    """The public view of a publication; outcomes and documents when given or prefetched."""
    partnership = publication.partnership
    partner = partnership.partner
    country = partner.country
    insee = publication.municipality.insee_code
    cache = getattr(partnership, "_prefetched_objects_cache", {})
    if outcomes is None and "outcomes" in cache:
        outcomes = list(partnership.outcomes.all())
    if documents is None and "documents" in getattr(publication, "_prefetched_objects_cache", {}):
        documents = list(publication.documents.all())
    return PublicPartnership(
        id=publication.pk,
        slug=publication.slug,
        url=public_url(insee, publication.slug) if publication.slug else "",
        insee_code=insee,
        municipality_name=publication.municipality.name,
        title=partnership.title,
        partner_name=partner.name,
        country_code=country.code,
        country_name_fr=country.name_fr,
        country_name_en=country.name_en,
        form=partnership.form,
        status=partnership.status,
        start_date=partnership.start_date,
        end_date=partnership.end_date,
        deliberation_ref=partnership.deliberation_ref,
        deliberation_date=publication.deliberation_date,
        sent_to_prefect_on=partnership.sent_to_prefect_on,
        objectives=publication.objectives,
        contact_email=publication.contact_email,
        published_at=publication.published_at,
        changed_at=publication.changed_at,
        outcomes=tuple(present_outcome(o) for o in outcomes or []),
        documents=tuple(
            PublicDocument(
                id=d.pk,
                title=d.title,
                url=document_url(insee, publication.slug, d.pk) if publication.slug else "",
                is_image=(d.file.name or "").lower().endswith(IMAGE_SUFFIXES),
            )
            for d in documents or []
        ),
    )


# --- Open data --------------------------------------------------------------------------------
# One row per published partnership; the column names and types are those of the Table Schema
# (publication/schema.py), which a test validates the exports against.


def as_record(item: PublicPartnership, site_url: str) -> dict[str, Any]:
    totals = item.totals
    return {
        "commune_insee": item.insee_code,
        "commune_nom": item.municipality_name,
        "identifiant": f"{item.insee_code}-{item.slug}",
        "titre": item.title,
        "partenaire": item.partner_name,
        "pays_code": item.country_code,
        "pays_nom": item.country_name_fr,
        "forme": item.form,
        "statut": item.status,
        "date_debut": _iso(item.start_date),
        "date_fin": _iso(item.end_date),
        "deliberation_reference": item.deliberation_ref,
        "deliberation_date": _iso(item.deliberation_date),
        "transmission_prefet_date": _iso(item.sent_to_prefect_on),
        "objectifs": item.objectives,
        "annees_renseignees": len(item.outcomes),
        "personnes_impliquees": totals["people_involved"],
        "budget_municipal_euros": _amount(totals["municipal_budget"]),
        "cofinancements_euros": _amount(totals["co_financing"]),
        "contact": item.contact_email,
        "url": f"{site_url}{item.url}",
        "date_publication": _iso(item.published_at.date() if item.published_at else None),
        "date_modification": _iso(item.changed_at.date() if item.changed_at else None),
    }


def outcome_record(outcome: PublicOutcome) -> dict[str, Any]:
    return {
        "annee": outcome.year,
        "activites": outcome.activities,
        "personnes_impliquees": outcome.people_involved,
        "budget_municipal_euros": _amount(outcome.municipal_budget),
        "cofinancements_euros": _amount(outcome.co_financing),
        "recit": outcome.narrative,
    }


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


# --- Fast path for the exports -----------------------------------------------------------------
# The same allowed columns, read as values: no model instance per row, one URL reversal per
# municipality. Used for files of thousands of rows; pages use `present()`.


def present_values(qs: QuerySet[Publication]) -> list[PublicPartnership]:
    rows = list(qs.values(*PUBLICATION_FIELDS))
    partnership_ids = [r["partnership__id"] for r in rows]
    outcomes: dict[int, list[PublicOutcome]] = {}
    for o in (
        Outcome.objects.filter(partnership_id__in=partnership_ids)
        .order_by("partnership_id", "-year")
        .values(*OUTCOME_FIELDS)
        .iterator(chunk_size=2000)
    ):
        pid = o.pop("partnership_id")
        o.pop("id")
        outcomes.setdefault(pid, []).append(PublicOutcome(**o))
    documents: dict[int, list[tuple[int, str, str]]] = {}
    links = Publication.documents.through.objects.filter(
        publication_id__in=[r["id"] for r in rows]
    ).values_list("publication_id", "document_id", "document__title", "document__file")
    for publication_id, document_id, title, name in links:
        documents.setdefault(publication_id, []).append((document_id, title, name or ""))
    bases: dict[str, str] = {}
    result = []
    for r in rows:
        insee = r["municipality__insee_code"]
        base = bases.get(insee) or bases.setdefault(
            insee, reverse("public:register", kwargs={"insee": insee})
        )
        url = f"{base}{r['slug']}/"
        result.append(
            PublicPartnership(
                id=r["id"],
                slug=r["slug"],
                url=url,
                insee_code=insee,
                municipality_name=r["municipality__name"],
                title=r["partnership__title"],
                partner_name=r["partnership__partner__name"],
                country_code=r["partnership__partner__country__code"],
                country_name_fr=r["partnership__partner__country__name_fr"],
                country_name_en=r["partnership__partner__country__name_en"],
                form=r["partnership__form"],
                status=r["partnership__status"],
                start_date=r["partnership__start_date"],
                end_date=r["partnership__end_date"],
                deliberation_ref=r["partnership__deliberation_ref"],
                deliberation_date=r["deliberation_date"],
                sent_to_prefect_on=r["partnership__sent_to_prefect_on"],
                objectives=r["objectives"],
                contact_email=r["contact_email"],
                published_at=r["published_at"],
                changed_at=r["changed_at"],
                outcomes=tuple(outcomes.get(r["partnership__id"], ())),
                documents=tuple(
                    PublicDocument(
                        id=document_id,
                        title=title,
                        url=f"{url}documents/{document_id}/",
                        is_image=name.lower().endswith(IMAGE_SUFFIXES),
                    )
                    for document_id, title, name in documents.get(r["id"], [])
                ),
            )
        )
    return result
