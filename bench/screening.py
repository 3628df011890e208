"""Screening at scale (DESIGN §8): a generated 50,000-entry list, one partner, 20,000 partners.

Run alone with `python bench/screening.py` (or `make bench ARGS=--only-screening`); `make
bench` runs it after the HTTP operations. It loads a made-up list of 50,000 entries into the
bench database (persons with patronymics and native-script aliases, organisations with legal
forms), makes sure 20,000 partners exist, then measures:
- screening one partner in-process (screening.actions.screen_partner: candidates from the
  index, scoring, hits written), median over a sample;
- re-screening every partner (screening.actions.rescreen_all, what the worker's task runs).
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django

LIST_NAME = "bench-50k"
ENTRIES = 50_000
PARTNERS = 20_000
SAMPLE = 300

GIVEN = [
    "Ivan",
    "Sergei",
    "Dmitri",
    "Alexei",
    "Mikhail",
    "Oleg",
    "Yuri",
    "Pavel",
    "Mohammad",
    "Ali",
    "Reza",
    "Hassan",
    "Hossein",
    "Omar",
    "Karim",
    "Li",
    "Wei",
    "Jun",
    "Ming",
    "Hao",
    "Kim",
    "Song",
    "Chol",
    "Ahmed",
    "Youssef",
    "Nikolai",
    "Viktor",
    "Andrei",
    "Boris",
]
FAMILY = [
    "Volkov",
    "Petrov",
    "Ivanov",
    "Sokolov",
    "Popov",
    "Lebedev",
    "Kozlov",
    "Novikov",
    "Morozov",
    "Karimi",
    "Rahimi",
    "Hosseini",
    "Tehrani",
    "Haddad",
    "Nasser",
    "Khalil",
    "Zhang",
    "Wang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Pak",
    "Choe",
    "Ri",
    "Jang",
    "Mansour",
    "Darwish",
    "Orlov",
    "Belov",
]
ORG = [
    "Zvezda",
    "Almaz",
    "Volga",
    "Ural",
    "Sibir",
    "Pars",
    "Aria",
    "Kavir",
    "Sina",
    "Golden",
    "Eastern",
    "Northern",
    "Pacific",
    "Crescent",
    "Dragon",
    "Phoenix",
    "Lotus",
    "Orion",
    "Atlas",
    "Delta",
    "Nova",
    "Kaspi",
    "Baltic",
    "Amur",
    "Longhua",
    "Huaxin",
    "Tianhe",
    "Ryongbong",
    "Sunrise",
    "Meridian",
]
TRADE = [
    "Trading",
    "Shipping",
    "Industrial",
    "Electronics",
    "Petroleum",
    "Logistics",
    "Engineering",
    "Holding",
    "Investment",
    "Chemical",
    "Machinery",
    "Aviation",
    "Technologies",
    "Resources",
    "Construction",
    "Energy",
]
FORMS = ["LLC", "OOO", "JSC", "Co., Ltd.", "SA", "GmbH", "FZE", "Group", ""]
COUNTRIES = ["RU", "IR", "CN", "KP", "SY", "BY", "AE", "TR", "VE", "MM"]


def entry_rows(count: int, seed: int = 50) -> str:
    """The list as the documented CSV (id,name,aliases,country,kind,program)."""
    rng = random.Random(seed)
    lines = ["id,name,aliases,country,kind,program"]
    for n in range(count):
        country = rng.choice(COUNTRIES)
        if n % 2:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            father = rng.choice(GIVEN) + "ovich"
            name = f"{given} {father} {family}{n}"
            aliases = f"{family}{n} {given};{given} {family}{n}"
            lines.append(f"B{n},{name},{aliases},{country},person,BENCH")
        else:
            words = f"{rng.choice(ORG)} {rng.choice(ORG)}{n} {rng.choice(TRADE)}"
            form = rng.choice(FORMS)
            name = f"{words} {form}".strip().replace(",", "")
            lines.append(f"B{n},{name},{rng.choice(ORG)} {n},{country},organisation,BENCH")
    return "\n".join(lines) + "\n"


def ensure_list() -> float | None:
    from screening.actions import load_list
    from screening.models import SanctionsList

    existing = SanctionsList.objects.filter(name=LIST_NAME).first()
    if existing and existing.entry_count == ENTRIES:
        return None
    began = time.perf_counter()
    load_list(io.BytesIO(entry_rows(ENTRIES).encode()), "csv", LIST_NAME)
    return time.perf_counter() - began


def ensure_partners() -> None:
    """20,000 partners: the bench register's, topped up with made-up ones if it has fewer."""
    from municipalities.models import Municipality
    from partners.models import Partner

    missing = PARTNERS - Partner.objects.current().count()
    if missing <= 0:
        return
    town, _ = Municipality.objects.get_or_create(
        insee_code="99990",
        defaults={"name": "Banc d'essai du criblage", "departement": "45", "region": "24"},
    )
    rng = random.Random(20)
    rows = []
    for n in range(missing):
        if n % 50 == 0:  # one in fifty resembles a listed entry
            name = f"{rng.choice(ORG)} {rng.choice(ORG)}{2 * n} {rng.choice(TRADE)}"
        else:
            name = f"{rng.choice(['Ville de', 'Université de', 'Association'])} Bench {n}"
        partner = Partner(
            municipality=town, name=name, kind="other", country_id=rng.choice(COUNTRIES)
        )
        partner.refresh_normalised()
        rows.append(partner)
    Partner.objects.bulk_create(rows, batch_size=2000)


def measure() -> dict[str, Any]:
    from partners.models import Partner
    from screening.actions import rescreen_all, screen_partner

    load_s = ensure_list()
    ensure_partners()
    ids = list(Partner.objects.current().order_by("?").values_list("pk", flat=True)[:SAMPLE])
    times = []
    for partner in Partner.objects.filter(pk__in=ids).select_related("country"):
        began = time.perf_counter()
        screen_partner(partner)
        times.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    count = rescreen_all()
    all_s = time.perf_counter() - began
    return {
        "list_entries": ENTRIES,
        "list_load_s": round(load_s, 1) if load_s is not None else None,
        "one_partner_median_ms": round(statistics.median(times), 1),
        "one_partner_p95_ms": round(sorted(times)[int(len(times) * 0.95)], 1),
        "rescreen_partners": count,
        "rescreen_s": round(all_s, 1),
    }


def report(result: dict[str, Any]) -> str:
    ok_one = result["one_partner_median_ms"] <= 100
    ok_all = result["rescreen_s"] <= 300
    return "\n".join(
        [
            f"| screening one partner, {result['list_entries']:,} entries (in-process) | "
            f"median ≤ 100 ms | {result['one_partner_median_ms']} ms "
            f"(p95 {result['one_partner_p95_ms']} ms) | {'ok' if ok_one else 'MISSED'} |",
            f"| re-screening {result['rescreen_partners']:,} partners | ≤ 5 min | "
            f"{result['rescreen_s']} s | {'ok' if ok_all else 'MISSED'} |",
        ]
    )


def main() -> int:
    setup_django()
    result = measure()
    print(report(result))
    return 0 if result["one_partner_median_ms"] <= 100 and result["rescreen_s"] <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
