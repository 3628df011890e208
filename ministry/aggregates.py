"""The ministry's picture over the municipalities a liaison follows: counts only, by SQL.

Every figure is a `GROUP BY` in PostgreSQL; no partnership row is loaded into Python. The
partnership tables and the overdue count come from one scan (`tally`, GROUPING SETS), which
reads each category's band from the partnership itself (`Partnership.residual_bands`, copied
with the rating), not from the diagnostics. Each count carries the sum of its units' secret
keys, and each table goes through `ministry.suppression` before anyone sees it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, TruncQuarter
from django.db.models.lookups import LessThan
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


def _seed() -> int:
    """The secret that keys each counted unit (from SECRET_KEY: stable across restarts)."""
    digest = hashlib.sha256(f"ministry-rounding:{settings.SECRET_KEY}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def unit_key(field: str = "pk", **extra: Any) -> Sum:
    """The sum of the counted units' secret keys, which fixes how a count is rounded
    (`ministry.suppression`, rule 3): the same units, the same figure, wherever counted.
    `distinct=True` where a unit may appear in several joined rows (its key counted once)."""
    return Sum(_unit(F(field)), **extra)


def _int(value: Any) -> int:
    return int(value or 0)  # PostgreSQL sums bigints as numeric


def _band_labels() -> list[tuple[str, str]]:
    return [(b.value, str(b.label)) for b in Band] + [(UNRATED, _("not rated"))]


def partnerships(municipalities: list[int], filters: Filters) -> QuerySet[Partnership]:
    """Current partnerships of the followed municipalities (their ids), narrowed by the
    filters. The ids are a list, not a subquery: PostgreSQL then knows how many rows a national
    liaison's picture covers and scans the table once instead of looping over an index."""
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
            **{f"residual_bands__{filters.category}__in": [Band.HIGH.value, Band.CRITICAL.value]}
        )
    return qs


@dataclass
class Tally:
    """The population counted four ways in one pass (`tally`): (count, key sum) per group."""

    by_country: dict[tuple[Any, ...], tuple[int, int]]  # (country, band of each category)
    by_kind_form: dict[tuple[Any, Any], tuple[int, int]]
    by_quarter: dict[tuple[Any, Any], tuple[int, int]]
    late_towns: tuple[int, int]  # municipalities with a review past due: count, key sum


CATEGORY_COLUMNS = [f"band_{cat.value}" for cat in Category]


def tally(population: QuerySet[Partnership]) -> Tally:
    """One scan of the population grouped by GROUPING SETS, for the country, kind-and-form and
    quarter tables and the overdue count: the page's cost is one pass over the partnerships
    (and the partners joined once), not one per table."""
    started = Coalesce(F("start_date"), F("created_at__date"))
    rows = population.annotate(
        country=F("partner__country_id"),
        kind=F("partner__kind"),
        quarter=TruncQuarter(started),
        unit=_unit(F("pk")),
        late_town=Case(When(_overdue(), then=F("municipality_id")), default=None),
        town_unit=_unit(F("municipality_id")),
        **{
            column: KeyTextTransform(cat.value, "residual_bands")
            for column, cat in zip(CATEGORY_COLUMNS, Category, strict=True)
        },
    ).values(
        "country",
        "kind",
        "form",
        "quarter",
        "rating",
        "unit",
        "late_town",
        "town_unit",
        *CATEGORY_COLUMNS,
    )
    inner, params = rows.order_by().query.sql_with_params()  # no sort: the outer query groups
    bands = ", ".join(f's."{c}"' for c in CATEGORY_COLUMNS)
    sql = (
        f"SELECT GROUPING(s.country), GROUPING(s.kind), GROUPING(s.quarter), "
        f"s.country, {bands}, s.kind, s.form, s.quarter, s.rating, s.late_town, "
        f"COUNT(*), SUM(s.unit), MIN(s.town_unit) FROM ({inner}) s GROUP BY GROUPING SETS "
        f"((s.country, {bands}), (s.kind, s.form), (s.quarter, s.rating), (s.late_town))"
    )
    result = Tally({}, {}, {}, (0, 0))
    late, late_key = 0, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for no_country, no_kind, no_quarter, country, *rest in cursor.fetchall():
            bands_of = tuple(rest[: len(CATEGORY_COLUMNS)])
            kind, form, quarter, rating, late_town, n, key, town_key = rest[len(CATEGORY_COLUMNS) :]
            if not no_country:
                if any(bands_of):
                    result.by_country[(country, *bands_of)] = (n, _int(key))
            elif not no_kind:
                result.by_kind_form[(kind, form)] = (n, _int(key))
            elif not no_quarter:
                result.by_quarter[(quarter, rating)] = (n, _int(key))
            elif late_town is not None:
                late, late_key = late + 1, late_key + _int(town_key)
    result.late_towns = (late, late_key)
    return result


def _unit(field: Any) -> Func:
    """A counted unit's secret key (`unit_key`'s summand)."""
    return Func(field, Value(_seed()), function="hashint8extended", output_field=BigIntegerField())


def _overdue() -> Q:
    """A rated partnership past its review date (the interval its municipality sets for its
    band) with no diagnostic under way."""
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
        status__in=(AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED)
    ).values("partnership_id")
    return (
        Q(rated_at__isnull=False)
        & ~Q(rating="")
        & ~Q(pk__in=in_progress)  # a hashed subplan: one pass over the diagnostics under way
        & Q(LessThan(due, timezone.now()))
    )


def country_category_band(counts: Tally) -> Table:
    """Partner country and risk category (rows) by residual band of that category, from the
    bands that `risks.actions.apply_rating` copies onto each partnership with its rating."""
    bands = [(b.value, str(b.label)) for b in Band]
    categories = [(c.value, str(c.label)) for c in Category]
    cells: dict[tuple[Any, Any], list[int]] = {}
    for (country, *category_bands), (n, key) in counts.by_country.items():
        for (category, _label), band in zip(categories, category_bands, strict=True):
            if band:
                cell = cells.setdefault(((country, category), band), [0, 0])
                cell[0] += n
                cell[1] += key
    present = {row for row, _band in cells}
    countries = sorted({country for country, _category in present})
    names = _country_names(countries)
    row_keys = [
        ((code, category), f"{names.get(code, code)} — {label}")
        for code in countries
        for category, label in categories
        if (code, category) in present
    ]
    return Table(
        row_keys,
        bands,
        {cell: n for cell, (n, _key) in cells.items()},
        {cell: key for cell, (_n, key) in cells.items()},
        title=_("Partnerships by partner country, category and residual band"),
        slug="country-category-band",
    )


def _country_names(codes: list[str]) -> dict[str, str]:
    return {c.code: c.name for c in Country.objects.filter(code__in=set(codes))}


def kind_form(counts: Tally) -> Table:
    found = counts.by_kind_form
    kinds = [(k.value, str(k.label)) for k in PartnerKind]
    forms = [(f.value, str(f.label)) for f in PartnershipForm]
    used_forms = [f for f in forms if any((k, f[0]) in found for k, _l in kinds)]
    return Table(
        [k for k in kinds if any((k[0], f) in found for f, _l in forms)],
        used_forms,
        {cell: n for cell, (n, _key) in found.items()},
        {cell: key for cell, (_n, key) in found.items()},
        title=_("Partnerships by partner kind and form"),
        slug="kind-form",
    )


def by_quarter(counts: Tally) -> Table:
    """Partnerships by the quarter they started (or were entered), and their band."""
    found = counts.by_quarter
    quarters = sorted({q for q, _rating in found if q is not None})
    labels = [(q, f"{q.year} T{(q.month - 1) // 3 + 1}") for q in quarters]
    return Table(
        labels,
        _band_labels(),
        {cell: n for cell, (n, _key) in found.items()},
        {cell: key for cell, (_n, key) in found.items()},
        title=_("Partnerships by quarter"),
        slug="quarter",
    )


def overdue_municipalities(counts: Tally) -> str:
    """How many municipalities have a rated partnership past its review date (shown count)."""
    return shown(*counts.late_towns)


def referral_tables(
    municipalities: list[int], filters: Filters
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
    states = {
        r["state"]: (r["n"], _int(r["key"]))
        for r in qs.values("state").annotate(n=Count("pk"), key=unit_key()).order_by()
    }
    opinions = {
        r["opinion"]: (r["n"], _int(r["key"]))
        for r in qs.exclude(opinion="")
        .values("opinion")
        .annotate(n=Count("pk"), key=unit_key())
        .order_by()
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
        {(k, "n"): n for k, (n, _key) in states.items()},
        {(k, "n"): key for k, (_n, key) in states.items()},
        title=_("Referrals by state"),
        slug="referral-states",
    )
    opinion_table = Table(
        [(o.value, str(o.label)) for o in Opinion],
        one,
        {(k, "n"): n for k, (n, _key) in opinions.items()},
        {(k, "n"): key for k, (_n, key) in opinions.items()},
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
        .annotate(n=Count("partner", distinct=True), key=unit_key("partner", distinct=True))
        .order_by("entry__sanctions_list__name")
    )
    counts: dict[tuple[Any, Any], int] = {}
    keys: dict[tuple[Any, Any], int] = {}
    lists: list[str] = []
    for r in rows:
        name = r["entry__sanctions_list__name"]
        if name not in lists:
            lists.append(name)
        counts[(name, r["decision"])] = r["n"]
        keys[(name, r["decision"])] = _int(r["key"])
    return Table(
        [(n, n) for n in lists],
        [(d.value, str(d.label)) for d in HitDecision],
        counts,
        keys,
        title=_("Screening hits by list"),
        slug="screening",
    )


def region_choices(municipalities: QuerySet[Municipality]) -> list[tuple[str, str]]:
    codes = set(municipalities.values_list("region", flat=True).distinct())
    return [(code, label) for code, label in Region.choices if code in codes]
