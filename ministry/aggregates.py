"""The ministry's picture over the municipalities a liaison follows: counts only, by SQL.

Every figure is a `GROUP BY` in PostgreSQL (values/annotate/aggregate); no partnership row is
loaded into Python. Each table goes through `ministry.suppression` before anyone sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from ministry.suppression import THRESHOLD, Table, shown
from municipalities.models import Municipality, Region
from partners.models import Country, PartnerKind, Partnership, PartnershipForm
from reviews.models import Opinion, Referral, ReferralState
from risks.models import AssessmentStatus, Band, Category
from screening.models import Decision as HitDecision
from screening.models import Hit

UNRATED = ""
BANDS = [(b.value, str(b.label)) for b in Band] + [(UNRATED, "")]


@dataclass(frozen=True)
class Filters:
    """What the liaison narrowed the picture to (each empty means all)."""

    region: str = ""
    country: str = ""
    category: str = ""
    band: str = ""


class Percentile(Aggregate):
    """PostgreSQL's ordered-set aggregate: the value below which `fraction` of rows fall."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


def _band_labels() -> list[tuple[str, str]]:
    return [(b.value, str(b.label)) for b in Band] + [(UNRATED, _("not rated"))]


def partnerships(municipalities: QuerySet[Municipality], filters: Filters) -> QuerySet[Partnership]:
    """Current partnerships of the followed municipalities, narrowed by the filters."""
    qs = Partnership.objects.filter(archived_at__isnull=True, municipality__in=municipalities)
    if filters.region:
        qs = qs.filter(municipality__region=filters.region)
    if filters.country:
        qs = qs.filter(partner__country_id=filters.country)
    if filters.band:
        qs = qs.filter(rating="" if filters.band == "unrated" else filters.band)
    if filters.category:
        # Rated partnerships whose current diagnostic places this category at high or above.
        qs = qs.filter(
            Exists(
                _current_assessments().filter(
                    partnership=OuterRef("pk"),
                    **{
                        f"result__categories__{filters.category}__residual_band__in": [
                            Band.HIGH,
                            Band.CRITICAL,
                        ]
                    },
                )
            )
        )
    return qs


def _current_assessments() -> QuerySet[Any]:
    """Each partnership's approved diagnostic that set its rating (approved_at = rated_at)."""
    from risks.models import Assessment

    return Assessment.objects.filter(
        status=AssessmentStatus.APPROVED, approved_at=F("partnership__rated_at")
    )


def country_category_band(population: QuerySet[Partnership]) -> Table:
    """Partner country and risk category (rows) by residual band of that category."""
    from risks.models import Assessment

    bands = [(b.value, str(b.label)) for b in Band]
    annotations = {
        f"{cat.value}:{band}": Count(
            "pk", filter=Q(**{f"result__categories__{cat.value}__residual_band": band})
        )
        for cat in Category
        for band, _label in bands
    }
    rows = (
        Assessment.objects.filter(
            status=AssessmentStatus.APPROVED,
            approved_at=F("partnership__rated_at"),
            partnership__in=population.values("pk"),
        )
        .values(country=F("partnership__partner__country_id"))
        .annotate(**annotations)
        .order_by("country")
    )
    counts: dict[tuple[Any, Any], int] = {}
    countries: list[str] = []
    for typed in rows:
        row: dict[str, Any] = dict(typed)  # keys built from the categories
        countries.append(row["country"])
        for cat in Category:
            for band, _label in bands:
                n = row[f"{cat.value}:{band}"]
                if n:
                    counts[((row["country"], cat.value), band)] = n
    names = _country_names(countries)
    row_keys = [
        ((code, cat.value), f"{names.get(code, code)} — {cat.label}")
        for code in countries
        for cat in Category
        if any(counts.get(((code, cat.value), b), 0) for b, _l in bands)
    ]
    return Table(
        row_keys,
        bands,
        counts,
        title=_("Partnerships by partner country, category and residual band"),
        slug="country-category-band",
    )


def _country_names(codes: list[str]) -> dict[str, str]:
    return {c.code: c.name for c in Country.objects.filter(code__in=set(codes))}


def kind_form(population: QuerySet[Partnership]) -> Table:
    rows = population.values("partner__kind", "form").annotate(n=Count("pk")).order_by()
    counts: dict[tuple[Any, Any], int] = {(r["partner__kind"], r["form"]): r["n"] for r in rows}
    kinds = [(k.value, str(k.label)) for k in PartnerKind]
    forms = [(f.value, str(f.label)) for f in PartnershipForm]
    used_forms = [f for f in forms if any(counts.get((k, f[0])) for k, _l in kinds)]
    return Table(
        [k for k in kinds if any(counts.get((k[0], f)) for f, _l in forms)],
        used_forms,
        counts,
        title=_("Partnerships by partner kind and form"),
        slug="kind-form",
    )


def by_quarter(population: QuerySet[Partnership]) -> Table:
    """Partnerships by the quarter they started (or were entered), and their band."""
    started = Coalesce(F("start_date"), F("created_at__date"))
    rows = (
        population.annotate(quarter=TruncQuarter(started))
        .values("quarter", "rating")
        .annotate(n=Count("pk"))
        .order_by("quarter")
    )
    counts: dict[tuple[Any, Any], int] = {}
    quarters: list[Any] = []
    for r in rows:
        if r["quarter"] not in quarters:
            quarters.append(r["quarter"])
        counts[(r["quarter"], r["rating"])] = r["n"]
    labels = [(q, f"{q.year} T{(q.month - 1) // 3 + 1}") for q in quarters if q is not None]
    return Table(labels, _band_labels(), counts, title=_("Partnerships by quarter"), slug="quarter")


def referral_tables(
    municipalities: QuerySet[Municipality], filters: Filters
) -> tuple[Table, Table, dict[str, str]]:
    """Referrals by state, opinions by kind, and the median and p90 days to an opinion."""
    qs = Referral.objects.filter(municipality__in=municipalities)
    if filters.region:
        qs = qs.filter(municipality__region=filters.region)
    if filters.country:
        qs = qs.filter(country_code=filters.country)
    if filters.band:
        qs = qs.filter(rating="" if filters.band == "unrated" else filters.band)
    if filters.category:
        qs = qs.filter(categories__icontains=f'"{filters.category}"')
    states = {r["state"]: r["n"] for r in qs.values("state").annotate(n=Count("pk")).order_by()}
    opinions = {
        r["opinion"]: r["n"]
        for r in qs.exclude(opinion="").values("opinion").annotate(n=Count("pk")).order_by()
    }
    days = ExpressionWrapper(F("opinion_at") - F("created_at"), output_field=DurationField())
    timing = qs.filter(opinion_at__isnull=False).aggregate(
        n=Count("pk"),
        median=Percentile(_epoch(days), 0.5),
        p90=Percentile(_epoch(days), 0.9),
    )
    one = [("n", _("referrals"))]
    state_table = Table(
        [(s.value, str(s.label)) for s in ReferralState],
        one,
        {(k, "n"): v for k, v in states.items()},
        title=_("Referrals by state"),
        slug="referral-states",
    )
    opinion_table = Table(
        [(o.value, str(o.label)) for o in Opinion],
        one,
        {(k, "n"): v for k, v in opinions.items()},
        title=_("Opinions by kind"),
        slug="opinions",
    )
    return state_table, opinion_table, _timing(timing)


def _epoch(expression: Any) -> Func:
    return Func(
        expression, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField()
    )


def _timing(row: dict[str, Any]) -> dict[str, str]:
    """Days to an opinion; withheld under three opinions (one town's delay is its own)."""
    if (row["n"] or 0) < THRESHOLD:
        return {"median": shown(row["n"] or 0), "p90": "", "withheld": "1" if row["n"] else ""}
    return {
        "median": f"{row['median'] / 86400:.1f}",
        "p90": f"{row['p90'] / 86400:.1f}",
        "withheld": "",
    }


def screening_hits(population: QuerySet[Partnership]) -> Table:
    """Partners with hits, by list and decision (a partner counted once per list)."""
    partners = population.values("partner_id")
    rows = (
        Hit.objects.filter(partner__in=partners)
        .values("entry__sanctions_list__name", "decision")
        .annotate(n=Count("partner", distinct=True))
        .order_by("entry__sanctions_list__name")
    )
    counts: dict[tuple[Any, Any], int] = {}
    lists: list[str] = []
    for r in rows:
        name = r["entry__sanctions_list__name"]
        if name not in lists:
            lists.append(name)
        counts[(name, r["decision"])] = r["n"]
    return Table(
        [(n, n) for n in lists],
        [(d.value, str(d.label)) for d in HitDecision],
        counts,
        title=_("Screening hits by list"),
        slug="screening",
    )


def overdue_municipalities(population: QuerySet[Partnership]) -> str:
    """How many municipalities have a rated partnership past its review date (shown count)."""
    from risks.models import Assessment

    months = Case(
        *(
            When(rating=band.value, then=F(f"municipality__review_months_{band.value}"))
            for band in Band
        ),
        default=Value(12),
        output_field=IntegerField(),
    )
    due = Func(
        F("rated_at"),
        months,
        # rated_at + make_interval(months => <the interval for its band>)
        template="(%(expressions)s))",
        arg_joiner=" + make_interval(months => ",
        output_field=DateTimeField(),
    )
    in_progress = Assessment.objects.filter(
        partnership=OuterRef("pk"),
        status__in=(AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED),
    )
    overdue = (
        population.filter(rated_at__isnull=False)
        .exclude(rating="")
        .exclude(Exists(in_progress))
        .alias(due=due)
    )
    n = overdue.filter(due__lt=timezone.now()).values("municipality_id").distinct().count()
    return shown(n)


def region_choices(municipalities: QuerySet[Municipality]) -> list[tuple[str, str]]:
    codes = set(municipalities.values_list("region", flat=True).distinct())
    return [(code, label) for code, label in Region.choices if code in codes]
