"""Fill a dedicated PostgreSQL database to DESIGN §8's scale, reproducibly (seeded).

    python bench/generate.py [--seed 7] [--force] [--scale 1.0]

200 municipalities (sizes skewed: the largest holds ~5 % of the data), 20,000 partners,
40,000 partnerships, 100,000 diagnostics answered on every top-level question (~2.5 M answers),
2,000 referrals when the `reviews.Referral` model exists, and one user per role per municipality
plus ministry liaisons. Stored results are computed by `risks.compute` / `risks.scoring` (cached
per distinct answer profile and context), and each partnership's rating is copied from its latest
approved diagnostic, as `risks.actions.apply_rating` does. Rows go in with PostgreSQL COPY.

The database (BENCH_DATABASE_URL, default citydiplo_bench) is dropped and created again, unless
it already holds data of the same seed, scale and generator version (then it is reused).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PASSWORD,
    bench_env,
    database_name,
    maintenance_url,
    setup_django,
)

VERSION = 7  # bump when the generated data changes shape
SEED = 7
N_MUNICIPALITIES = 200
N_PARTNERS = 20_000
N_PARTNERSHIPS = 40_000
N_ASSESSMENTS = 100_000
N_REFERRALS = 2_000
BIG = 0  # index of the largest municipality: the list pages are measured on it
PORTFOLIO = 12  # index of the municipality with exactly 300 active partnerships
PORTFOLIO_ACTIVE = 300
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

SYLLABLES = [
    "ba",
    "ber",
    "bo",
    "ca",
    "cha",
    "del",
    "dor",
    "el",
    "fa",
    "gan",
    "gor",
    "ha",
    "in",
    "ka",
    "kor",
    "la",
    "len",
    "lu",
    "ma",
    "mar",
    "mi",
    "na",
    "nor",
    "no",
    "pa",
    "pol",
    "ra",
    "ri",
    "ro",
    "sa",
    "san",
    "se",
    "ta",
    "tor",
    "tu",
    "va",
    "vel",
    "vo",
    "za",
    "zen",
]
FRENCH_TOWNS = [
    "Saint-Martin",
    "Villeneuve",
    "Montreuil",
    "Beaumont",
    "Fontaine",
    "Chateauneuf",
    "Bourg",
    "Neuville",
    "Rochefort",
    "Clairvaux",
    "Valmont",
    "Belleville",
    "Marly",
    "Champagne",
    "Mirebeau",
    "Aubigny",
    "Vernon",
    "Lussac",
    "Brissac",
    "Sully",
]
KIND_PREFIX = {
    "local_authority": ("Ville de", "Municipalité de", "Province de", "District de"),
    "state_body": ("Agence d'État de", "Ministère régional de", "Bureau de"),
    "university": ("Université de", "Institut polytechnique de", "Académie des sciences de"),
    "company": ("Société", "Groupe", "Industries", "Technologies"),
    "network": ("Réseau des villes de", "Association des maires de"),
    "friendship": ("Amitiés", "Cercle d'amitié"),
    "diaspora": ("Association culturelle", "Communauté"),
    "other": ("Fondation", "Centre"),
}
KINDS = list(KIND_PREFIX)
KIND_WEIGHTS = [30, 8, 18, 20, 8, 8, 4, 4]
OWNERSHIP_BY_KIND = {
    "local_authority": "public",
    "state_body": "state_owned",
    "university": "public",
    "company": "private",
    "network": "non_profit",
    "friendship": "non_profit",
    "diaspora": "non_profit",
    "other": "unknown",
}
# Partner countries the way French municipalities' ties are spread (others share the rest).
COUNTRY_WEIGHTS = {
    "DE": 14,
    "IT": 10,
    "ES": 8,
    "GB": 6,
    "PL": 4,
    "PT": 4,
    "BE": 3,
    "US": 4,
    "CA": 3,
    "MA": 5,
    "SN": 4,
    "DZ": 3,
    "TN": 3,
    "CN": 7,
    "RU": 2,
    "UA": 4,
    "IL": 2,
    "PS": 1,
    "TR": 2,
    "JP": 3,
    "VN": 2,
    "BR": 2,
    "ML": 1,
    "BF": 2,
    "AM": 2,
    "AZ": 1,
    "IR": 1,
    "BY": 1,
}
FORMS = [
    "twinning",
    "convention",
    "friendship_charter",
    "mou",
    "project",
    "network",
    "delegation",
    "event",
    "donation",
]
FORM_WEIGHTS = [20, 18, 8, 10, 20, 8, 7, 5, 4]
FORM_TITLE = {
    "twinning": "Jumelage avec",
    "convention": "Convention de coopération avec",
    "friendship_charter": "Charte d'amitié avec",
    "mou": "Protocole d'accord avec",
    "project": "Projet commun avec",
    "network": "Adhésion au réseau",
    "delegation": "Délégation de",
    "event": "Festival avec",
    "donation": "Action de solidarité avec",
}
STATUSES = ["proposed", "active", "suspended", "ended"]
STATUS_WEIGHTS = [15, 55, 10, 20]
SECTORS = [
    "dual_use",
    "ai",
    "quantum",
    "aerospace",
    "defence",
    "health",
    "energy",
    "semiconductors",
    "telecom",
    "cyber",
    "materials",
    "robotics",
    "infrastructure",
    "agrifood",
]
FLOWS = ["data", "know_how", "technology", "funds", "personal_data"]
REGIONS = [
    "11",
    "24",
    "27",
    "28",
    "32",
    "44",
    "52",
    "53",
    "75",
    "76",
    "84",
    "93",
    "94",
    "01",
    "02",
    "03",
    "04",
    "06",
]
# How many diagnostics a partnership has (weights), tuned to 2.5 on average.
DIAG_COUNTS = [0, 1, 2, 3, 4, 5, 6]
DIAG_WEIGHTS = [8, 20, 24, 22, 14, 8, 4]
N_PROFILES_PER_LEVEL = 30


def log(message: str) -> None:
    print(f"[generate] {message}", flush=True)


# --- database -----------------------------------------------------------------------------


def existing_meta(url: str) -> dict[str, Any] | None:
    import psycopg

    try:
        with psycopg.connect(psycopg_url(url), connect_timeout=5) as conn:
            row = conn.execute("SELECT meta FROM bench_meta").fetchone()
            return dict(row[0]) if row else None
    except psycopg.Error:
        return None


def psycopg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = database_name(url)
    with psycopg.connect(psycopg_url(maintenance_url(url)), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def copy_rows(model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows (values in `fields` order; attnames such as `municipality_id`) into the table."""
    from django.db import connection

    columns = []
    for name in fields:
        field = model._meta.get_field(name[:-3] if name.endswith("_id") else name)
        columns.append(field.column)
    statement = 'COPY "{}" ({}) FROM STDIN'.format(
        model._meta.db_table, ", ".join(f'"{c}"' for c in columns)
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequences(models: Iterable[Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'coalesce(max(id), 1), max(id) IS NOT NULL) FROM "{table}"'
            )


# --- the data ----------------------------------------------------------------------------


def pseudo_name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def municipality_sizes(total: int, rng: random.Random) -> list[int]:
    """Skewed sizes (weight 1/(i+5)), every municipality at least a few rows, summing to total."""
    weights = [1 / (i + 5) for i in range(N_MUNICIPALITIES)]
    scale = total / sum(weights)
    sizes = [max(3, int(w * scale)) for w in weights]
    while sum(sizes) < total:
        sizes[rng.randrange(N_MUNICIPALITIES)] += 1
    while sum(sizes) > total:
        i = rng.randrange(20, N_MUNICIPALITIES)
        if sizes[i] > 3:
            sizes[i] -= 1
    return sizes


class Generator:
    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.n_partners = int(N_PARTNERS * scale)
        self.n_partnerships = int(N_PARTNERSHIPS * scale)
        self.n_assessments = int(N_ASSESSMENTS * scale)
        self.n_referrals = int(N_REFERRALS * scale)
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        from django.db import connection, transaction

        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
        try:
            with connection.cursor() as cursor:
                # Bulk load: no foreign-key triggers row by row (the generator keeps them true).
                # Needs a superuser; without it the load is slower, nothing else changes.
                cursor.execute("SET session_replication_role = replica")
        except Exception as error:
            log(f"foreign keys checked row by row ({error.__class__.__name__})")
        with transaction.atomic():
            self.municipalities_and_users()
            self.partners()
            self.partnerships()
        with transaction.atomic():
            self.assessments()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        self.referrals()
        step = time.monotonic()
        from django.db import connection as conn

        conn.ensure_connection()
        raw = conn.connection
        assert raw is not None
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log(f"vacuum analyze {time.monotonic() - step:.1f} s")
        return self.counts

    # municipalities, users, memberships, liaisons
    def municipalities_and_users(self) -> None:
        from django.contrib.auth.hashers import make_password

        from accounts.models import User
        from municipalities.models import LiaisonAssignment, Membership, Municipality

        rng = self.rng
        step = time.monotonic()
        self.muni_ids = list(range(1, N_MUNICIPALITIES + 1))
        self.tolerance: dict[int, int] = {}
        self.muni_region: dict[int, str] = {}
        rows = []
        for i, mid in enumerate(self.muni_ids):
            region = REGIONS[i % len(REGIONS)] if i >= 2 else "24"
            tolerance = rng.choices([10, 8, 12], [80, 10, 10])[0]
            self.tolerance[mid] = tolerance
            self.muni_region[mid] = region
            name = f"{rng.choice(FRENCH_TOWNS)}-sur-{pseudo_name(rng, 2)}"
            rows.append(
                (
                    mid,
                    name,
                    f"{10000 + i * 7:05d}",
                    f"{10 + i % 80}",
                    region,
                    rng.choice(["5k-20k", "20k-100k", "gt100k"]),
                    "",
                    tolerance,
                    "Diffusion restreinte",
                    36,
                    24,
                    12,
                    6,
                    NOW,
                )
            )
        copy_rows(
            Municipality,
            [
                "id",
                "name",
                "insee_code",
                "departement",
                "region",
                "population_band",
                "logo",
                "risk_tolerance",
                "classification",
                "review_months_low",
                "review_months_moderate",
                "review_months_high",
                "review_months_critical",
                "created_at",
            ],
            rows,
        )
        password = make_password(PASSWORD)
        users, memberships = [], []
        self.officer: dict[int, int] = {}
        self.manager: dict[int, int] = {}
        uid = 0
        for i, mid in enumerate(self.muni_ids):
            for role in ("officer", "manager", "viewer"):
                uid += 1
                users.append(
                    (
                        uid,
                        password,
                        None,
                        False,
                        f"{role}-{i:03d}@bench.example",
                        f"{role.title()} {i:03d}",
                        "fr",
                        True,
                        False,
                        NOW,
                    )
                )
                memberships.append((uid, uid, mid, role, NOW))
                if role == "officer":
                    self.officer[mid] = uid
                elif role == "manager":
                    self.manager[mid] = uid
        # The bench's writers: officers of the largest municipality, one per load thread.
        self.bench_officers = []
        for n in range(8):
            uid += 1
            users.append(
                (
                    uid,
                    password,
                    None,
                    False,
                    f"bench-officer-{n}@bench.example",
                    f"Bench officer {n}",
                    "fr",
                    True,
                    False,
                    NOW,
                )
            )
            memberships.append((uid, uid, self.muni_ids[BIG], "officer", NOW))
            self.bench_officers.append(uid)
        assignments = []
        # One liaison per region, and the bench's liaison who follows every region.
        for n, region in enumerate(REGIONS):
            uid += 1
            users.append(
                (
                    uid,
                    password,
                    None,
                    False,
                    f"liaison-{region}@meae.example",
                    f"Liaison {region}",
                    "fr",
                    True,
                    False,
                    NOW,
                )
            )
            assignments.append((n + 1, uid, region, None, False, NOW))
        uid += 1
        self.all_liaison = uid
        users.append(
            (
                uid,
                password,
                None,
                False,
                "liaison-all@meae.example",
                "Liaison (all regions)",
                "fr",
                True,
                False,
                NOW,
            )
        )
        # The national liaison: one assignment that covers every region (DESIGN §1).
        assignments.append((len(assignments) + 1, uid, "", None, True, NOW))
        copy_rows(
            User,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "email",
                "full_name",
                "language",
                "is_active",
                "is_staff",
                "date_joined",
            ],
            users,
        )
        copy_rows(
            Membership, ["id", "user_id", "municipality_id", "role", "created_at"], memberships
        )
        copy_rows(
            LiaisonAssignment,
            ["id", "liaison_id", "region", "municipality_id", "national", "created_at"],
            assignments,
        )
        reset_sequences([Municipality, User, Membership, LiaisonAssignment])
        self.counts.update(municipalities=len(rows), users=len(users))
        log(f"{len(rows)} municipalities, {len(users)} users {time.monotonic() - step:.1f} s")

    def partners(self) -> None:
        from partners.models import Country, Partner
        from partners.text import normalise, search_text

        rng = self.rng
        step = time.monotonic()
        countries = {c.code: c for c in Country.objects.all()}
        self.countries = countries
        codes = [c for c in COUNTRY_WEIGHTS if c in countries]
        others = [c for c in countries if c not in COUNTRY_WEIGHTS]
        weights = [COUNTRY_WEIGHTS[c] for c in codes] + [0.05] * len(others)
        codes += others
        sizes = municipality_sizes(self.n_partners, rng)
        self.partners_of: dict[int, list[int]] = {}
        self.partner_country: dict[int, str] = {}
        self.partner_name: dict[int, str] = {}
        rows = []
        pid = 0
        for mid, size in zip(self.muni_ids, sizes, strict=True):
            seen: set[tuple[str, str]] = set()
            ids = []
            for _ in range(size):
                pid += 1
                kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                country = rng.choices(codes, weights)[0]
                city = pseudo_name(rng, rng.randint(2, 3))
                name = f"{rng.choice(KIND_PREFIX[kind])} {city}"
                if (normalise(name), country) in seen:
                    name = f"{name} {pid}"
                seen.add((normalise(name), country))
                aliases = f"{city.upper()[:4]}" if rng.random() < 0.3 else ""
                state = kind in ("state_body", "local_authority") or rng.random() < 0.1
                regime = countries[country].regime_class
                autocracy = regime is not None and regime <= 1
                rows.append(
                    (
                        pid,
                        mid,
                        name,
                        aliases,
                        kind,
                        country,
                        city,
                        f"https://{city.lower()}.example" if rng.random() < 0.5 else "",
                        OWNERSHIP_BY_KIND[kind],
                        "",
                        state,
                        autocracy and rng.random() < 0.3,
                        autocracy and rng.random() < 0.1,
                        autocracy and rng.random() < 0.05,
                        "",
                        None,
                        NOW,
                        NOW,
                        normalise(name)[:200],
                        search_text([name, aliases, city]),
                        False,  # sanctions_confirmed: the screening bench screens them
                        False,
                        None,
                    )
                )
                ids.append(pid)
                self.partner_country[pid] = country
                self.partner_name[pid] = name
            self.partners_of[mid] = ids
        copy_rows(
            Partner,
            [
                "id",
                "municipality_id",
                "name",
                "aliases",
                "kind",
                "country_id",
                "city",
                "website",
                "ownership",
                "parent_organisation",
                "linked_to_state",
                "linked_to_ruling_party",
                "linked_to_military",
                "linked_to_security_services",
                "notes",
                "archived_at",
                "created_at",
                "updated_at",
                "name_key",
                "search_text",
                "sanctions_confirmed",
                "screening_to_review",
                "screened_at",
            ],
            rows,
        )
        reset_sequences([Partner])
        self.counts["partners"] = len(rows)
        log(f"{len(rows)} partners {time.monotonic() - step:.1f} s")

    def partnerships(self) -> None:
        """Rows are kept in memory (self.ps) and written after the diagnostics set the rating."""
        from partners.text import normalise, search_text

        rng = self.rng
        step = time.monotonic()
        self.ps: list[dict[str, Any]] = []
        # Partnerships follow partners: twice as many per municipality, some partners are hubs.
        psid = 0
        for mid in self.muni_ids:
            partner_ids = self.partners_of[mid]
            n = round(len(partner_ids) * self.n_partnerships / self.n_partners)
            titles: set[tuple[int, str]] = set()
            for k in range(n):
                psid += 1
                pid = partner_ids[k] if k < len(partner_ids) else rng.choice(partner_ids)
                form = rng.choices(FORMS, FORM_WEIGHTS)[0]
                year = rng.randint(1990, 2026)
                title = f"{FORM_TITLE[form]} {self.partner_name[pid]} {year}"
                if (pid, title) in titles:
                    title = f"{title} ({psid})"
                titles.add((pid, title))
                start = date(year, rng.randint(1, 12), rng.randint(1, 28))
                status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
                sectors = (
                    sorted(rng.sample(SECTORS, rng.randint(1, 3))) if rng.random() < 0.3 else []
                )
                self.ps.append(
                    {
                        "id": psid,
                        "municipality_id": mid,
                        "partner_id": pid,
                        "title": title,
                        "form": form,
                        "status": status,
                        "sectors": sectors,
                        "flows": sorted(rng.sample(FLOWS, rng.randint(0, 3))),
                        "start_date": start,
                        "end_date": start + timedelta(days=365 * rng.randint(1, 6))
                        if status == "ended"
                        else None,
                        "renewal_date": None,
                        "deliberation_ref": f"DEL-{year}-{psid:05d}" if rng.random() < 0.6 else "",
                        "sent_to_prefect_on": None,
                        "owner_id": self.officer[mid] if rng.random() < 0.7 else None,
                        "budget": None if rng.random() < 0.4 else rng.randint(1, 500) * 1000,
                        "description": "",
                        "rating": "",
                        "risk_score": None,
                        "flagged": False,
                        "risk_likelihood": None,
                        "risk_impact": None,
                        "residual_bands": {},
                        "rated_at": None,
                        "archived_at": NOW - timedelta(days=rng.randint(1, 900))
                        if rng.random() < 0.05
                        else None,
                        "created_at": NOW - timedelta(days=rng.randint(30, 3000)),
                        "updated_at": NOW,
                        "search_text": "",
                    }
                )
                row = self.ps[-1]
                row["search_text"] = search_text([title, row["deliberation_ref"]])
                row["title_key"] = normalise(title)[:200]
        # Exactly PORTFOLIO_ACTIVE current active partnerships in the portfolio municipality.
        mid = self.muni_ids[PORTFOLIO]
        own = [p for p in self.ps if p["municipality_id"] == mid]
        for p in own:
            p["archived_at"] = None
            p["status"] = "suspended" if p["status"] == "active" else p["status"]
        for p in rng.sample(own, min(PORTFOLIO_ACTIVE, len(own) // 2)):
            p["status"] = "active"
        log(f"{len(self.ps)} partnerships prepared {time.monotonic() - step:.1f} s")

    def profiles(self, questions: list[Any]) -> list[list[dict[int, tuple[int | None, str]]]]:
        """Answer profiles by risk level 0-4: {question id: (points, special)}."""
        rng = self.rng
        levels = []
        for level in range(5):
            pool = []
            for _ in range(N_PROFILES_PER_LEVEL):
                answers: dict[int, tuple[int | None, str]] = {}
                for q in questions:
                    points = sorted(c.points for c in q.choices.all())
                    roll = rng.random()
                    if roll < 0.07:
                        answers[q.pk] = (None, "unknown")
                    elif roll < 0.10 and q.allow_na:
                        answers[q.pk] = (None, "na")
                    else:
                        target = min(4, max(0, level + rng.choice((-1, 0, 0, 1))))
                        answers[q.pk] = (min(points, key=lambda p: abs(p - target)), "")
                pool.append(answers)
            levels.append(pool)
        return levels

    def assessments(self) -> None:
        from municipalities.models import Municipality
        from partners.models import Country, Partner, Partnership
        from risks import compute, scoring
        from risks.models import Answer, Assessment, Questionnaire
        from risks.structure import structure_of

        rng = self.rng
        step = time.monotonic()
        questionnaire = Questionnaire.objects.current()
        assert questionnaire is not None
        structure = structure_of(questionnaire.pk)
        top = [q for q in structure.questions if q.depends_on_id is None]
        profiles = self.profiles(top)
        control_sets: list[list[str]] = [[]]
        keys = list(structure.controls_by_key)
        for n in (1, 2, 3, 5):
            control_sets.append(sorted(rng.sample(keys, min(n, len(keys)))))
        # How many diagnostics each partnership has, adjusted to the exact total.
        counts = [rng.choices(DIAG_COUNTS, DIAG_WEIGHTS)[0] for _ in self.ps]
        while sum(counts) < self.n_assessments:
            counts[rng.randrange(len(counts))] += 1
        while sum(counts) > self.n_assessments:
            i = rng.randrange(len(counts))
            if counts[i] > 0:
                counts[i] -= 1
        cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        countries = self.countries
        muni_stub = {
            mid: Municipality(pk=mid, risk_tolerance=t) for mid, t in self.tolerance.items()
        }
        assessment_rows: list[tuple[Any, ...]] = []
        answer_rows: list[tuple[Any, ...]] = []
        self.latest_flagged: list[tuple[int, int, int]] = []  # (assessment, partnership, muni)
        aid = 0
        ans_id = 0
        for p, count in zip(self.ps, counts, strict=True):
            if count == 0:
                continue
            country_code = self.partner_country[p["partner_id"]]
            country: Country = countries[country_code]
            regime = country.regime_class
            base = {None: 1, 0: 3, 1: 2, 2: 1, 3: 0}[regime] + (1 if country.active_conflict else 0)
            base += 1 if p["sectors"] else 0
            stub = Partnership(sectors=p["sectors"], partner=Partner(country=country))
            created = p["created_at"] + timedelta(days=rng.randint(1, 60))
            previous_id = None
            latest_approved: tuple[int, dict[str, Any], datetime] | None = None
            for n in range(count):
                aid += 1
                last = n == count - 1
                status = "approved"
                if last:
                    status = rng.choices(["approved", "draft", "submitted"], [85, 10, 5])[0]
                level = min(4, max(0, base + rng.choice((-1, 0, 0, 1))))
                profile_index = rng.randrange(N_PROFILES_PER_LEVEL)
                profile = profiles[level][profile_index]
                controls_index = rng.choices(range(len(control_sets)), [40, 20, 20, 12, 8])[0]
                controls = control_sets[controls_index]
                key = (
                    level,
                    profile_index,
                    regime,
                    country.active_conflict,
                    bool(p["sectors"]),
                    country.not_recognised_by_france,
                    controls_index,
                    self.tolerance[p["municipality_id"]],
                )
                fields = cache.get(key)
                if fields is None:
                    assessment = Assessment(
                        partnership=stub,
                        municipality=muni_stub[p["municipality_id"]],
                        controls_in_place=controls,
                        opinion_requested=False,
                    )
                    answers = [
                        Answer(question_id=qid, points=pts, special=special)
                        for qid, (pts, special) in profile.items()
                    ]
                    result = compute.compute(assessment, structure, answers)
                    fields = compute.stored_fields(result)
                    fields["result_json"] = json.dumps(fields["result"])
                    fields["reasons_json"] = json.dumps(fields["flag_reasons"])
                    cache[key] = fields
                officer = self.officer[p["municipality_id"]]
                manager = self.manager[p["municipality_id"]]
                submitted = created + timedelta(days=rng.randint(1, 20))
                approved = submitted + timedelta(days=rng.randint(1, 20))
                assessment_rows.append(
                    (
                        aid,
                        p["municipality_id"],
                        p["id"],
                        questionnaire.pk,
                        status,
                        previous_id,
                        False,
                        json.dumps(controls),
                        fields["result_json"],
                        fields["rating"],
                        fields["score"],
                        fields["flagged"],
                        fields["reasons_json"],
                        officer,
                        created,
                        approved if status == "approved" else submitted,
                        manager if status != "draft" else None,
                        submitted if status != "draft" else None,
                        manager if status == "approved" else None,
                        approved if status == "approved" else None,
                    )
                )
                for qid, (pts, special) in profile.items():
                    ans_id += 1
                    answer_rows.append(
                        (ans_id, aid, qid, pts, special, "", "", "", 1, officer, created)
                    )
                if status == "approved":
                    latest_approved = (aid, fields, approved)
                    previous_id = aid
                created = approved + timedelta(days=rng.randint(200, 900))
            if latest_approved is not None:
                a_id, fields, approved_at = latest_approved
                p["rating"] = fields["rating"]
                p["risk_score"] = fields["score"]
                p["flagged"] = fields["flagged"]
                p["rated_at"] = approved_at
                cell = scoring.rating_cell(fields["result"]["categories"])
                p["risk_likelihood"], p["risk_impact"] = cell or (None, None)
                p["residual_bands"] = scoring.residual_bands(fields["result"]["categories"])
                if fields["flagged"]:
                    self.latest_flagged.append((a_id, p["id"], p["municipality_id"]))
        log(
            f"{len(assessment_rows)} diagnostics scored ({len(cache)} distinct results) "
            f"{time.monotonic() - step:.1f} s"
        )
        step = time.monotonic()
        self.write_partnerships()
        copy_rows(
            Assessment,
            [
                "id",
                "municipality_id",
                "partnership_id",
                "questionnaire_id",
                "status",
                "previous_id",
                "opinion_requested",
                "controls_in_place",
                "result",
                "rating",
                "score",
                "flagged",
                "flag_reasons",
                "created_by_id",
                "created_at",
                "updated_at",
                "submitted_by_id",
                "submitted_at",
                "approved_by_id",
                "approved_at",
            ],
            assessment_rows,
        )
        log(f"diagnostics written {time.monotonic() - step:.1f} s")
        step = time.monotonic()
        copy_rows(
            Answer,
            [
                "id",
                "assessment_id",
                "question_id",
                "points",
                "special",
                "justification",
                "evidence",
                "origin",
                "revision",
                "updated_by_id",
                "updated_at",
            ],
            answer_rows,
        )
        reset_sequences([Assessment, Answer])
        self.counts.update(assessments=len(assessment_rows), answers=len(answer_rows))
        log(f"{len(answer_rows)} answers written {time.monotonic() - step:.1f} s")

    def write_partnerships(self) -> None:
        from partners.models import Partnership

        fields = [
            "id",
            "municipality_id",
            "partner_id",
            "title",
            "form",
            "status",
            "sectors",
            "flows",
            "start_date",
            "end_date",
            "renewal_date",
            "deliberation_ref",
            "sent_to_prefect_on",
            "owner_id",
            "budget",
            "description",
            "rating",
            "risk_score",
            "flagged",
            "risk_likelihood",
            "risk_impact",
            "residual_bands",
            "rated_at",
            "archived_at",
            "created_at",
            "updated_at",
            "search_text",
            "title_key",
        ]
        json_fields = ("sectors", "flows", "residual_bands")
        rows = (
            tuple(json.dumps(p[f]) if f in json_fields else p[f] for f in fields) for p in self.ps
        )
        self.counts["partnerships"] = copy_rows(Partnership, fields, rows)
        reset_sequences([Partnership])

    def referrals(self) -> None:
        """Referrals of flagged approved diagnostics, built with reviews' own snapshot."""
        step = time.monotonic()
        try:
            from citydiplo.bands import band_rank
            from reviews import models as review_models
            from reviews import snapshot as review_snapshot
        except ImportError as error:
            log(f"referrals skipped: reviews is not available yet ({error})")
            return
        referral_model = getattr(review_models, "Referral", None)
        if referral_model is None:
            log("referrals skipped: reviews.Referral does not exist yet")
            return
        from django.db import transaction

        from risks.models import Assessment

        rng = self.rng
        chosen = rng.sample(self.latest_flagged, min(self.n_referrals, len(self.latest_flagged)))
        by_id = Assessment.objects.select_related(
            "partnership__partner__country", "municipality", "questionnaire"
        ).in_bulk([a for a, _, _ in chosen])
        states = ["open", "info_requested", "opinion_given", "closed"]
        rows = []
        try:
            for a_id, _, _ in chosen:
                assessment = by_id[a_id]
                snap = review_snapshot.build_snapshot(assessment)
                state = rng.choices(states, [45, 15, 20, 20])[0]
                has_opinion = state in ("opinion_given", "closed")
                created = (assessment.approved_at or NOW) + timedelta(days=rng.randint(0, 5))
                rows.append(
                    referral_model(
                        municipality_id=assessment.municipality_id,
                        partnership_id=assessment.partnership_id,
                        assessment=assessment,
                        origin="flagged",
                        state=state,
                        snapshot=snap,
                        snapshot_at=assessment.approved_at or NOW,
                        rating=assessment.rating,
                        band_rank=band_rank(assessment.rating),
                        score=assessment.score,
                        categories=review_snapshot.categories_of_concern(snap),
                        partnership_title=snap.get("partnership", {}).get("title", "")[:200],
                        partner_name=snap.get("partner", {}).get("name", "")[:200],
                        country_code=(snap.get("partner", {}).get("country") or "")[:2],
                        deadline=(created + timedelta(days=30)).date(),
                        opinion=rng.choice(["no_objection", "vigilance", "advise_against"])
                        if has_opinion
                        else "",
                        opinion_reasons="Avis motivé du ministère." if has_opinion else "",
                        opinion_by_id=self.all_liaison if has_opinion else None,
                        opinion_at=created + timedelta(days=10) if has_opinion else None,
                        closed_at=created + timedelta(days=20) if state == "closed" else None,
                    )
                )
            with transaction.atomic():
                made = referral_model.objects.bulk_create(rows, batch_size=500)
                # created_at is auto_now_add: spread it like a real queue's history.
                for referral in made:
                    referral.created_at = referral.snapshot_at + timedelta(days=rng.randint(0, 5))
                referral_model.objects.bulk_update(made, ["created_at"], batch_size=500)
        except Exception as error:  # reviews is still moving: say so, keep the rest
            log(f"referrals skipped: the reviews model does not fit the generator ({error!r})")
            return
        self.counts["referrals"] = len(rows)
        log(f"{len(rows)} referrals {time.monotonic() - step:.1f} s")


def write_meta(meta: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (meta jsonb NOT NULL)")
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute("INSERT INTO bench_meta (meta) VALUES (%s)", [json.dumps(meta)])


def migration_state() -> list[str]:
    """Applied migrations as the code defines them: new migrations mean new data."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--force", action="store_true", help="regenerate even if reusable")
    args = parser.parse_args(argv)
    url = bench_env()["DATABASE_URL"]
    setup_django()
    wanted = {
        "version": VERSION,
        "seed": args.seed,
        "scale": args.scale,
        "migrations": migration_state(),
    }
    current = existing_meta(url)
    if (
        not args.force
        and current is not None
        and all(current.get(k) == v for k, v in wanted.items())
    ):
        print(
            f"[generate] reusing {database_name(url)} (seed {args.seed}, version {VERSION}): "
            f"{current.get('counts')}",
            flush=True,
        )
        return 0
    start = time.monotonic()
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    recreate_database(url)
    log(f"database {database_name(url)} created")
    step = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrations {time.monotonic() - step:.1f} s")
    counts = Generator(args.seed, args.scale).run()
    elapsed = time.monotonic() - start
    write_meta({**wanted, "counts": counts, "seconds": round(elapsed, 1)})
    log(f"done in {elapsed:.1f} s: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
