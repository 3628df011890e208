"""Load each country's regime class from Our World in Data's "Political regime" CSV.

The file has the columns `Entity,Code,Year,<value>`, where the value column's header varies
between releases (`Political regime`, `regime_row_owid`…) and holds V-Dem's Regimes of the World
class, 0 (closed autocracy) to 3 (liberal democracy). The latest year of each country is kept;
rows whose code is not an ISO alpha-3 of the register (regions, `OWID_*`) are skipped.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from partners.models import Country

DEFAULT_SOURCE = "V-Dem, Regimes of the World (via Our World in Data)"


class Command(BaseCommand):
    help = "Set the countries' regime class from an Our World in Data 'Political regime' CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)
        parser.add_argument("--source", default=DEFAULT_SOURCE)

    def handle(self, *args: Any, **options: Any) -> None:
        latest = read_latest(options["csv"])
        countries = {c.alpha3: c for c in Country.objects.all()}
        changed = []
        for alpha3, (year, regime) in latest.items():
            country = countries.get(alpha3)
            if country is None:
                continue
            country.regime_class, country.regime_year = regime, year
            country.regime_source = options["source"]
            changed.append(country)
        with transaction.atomic():
            Country.objects.bulk_update(
                changed, ["regime_class", "regime_year", "regime_source"], batch_size=500
            )
        skipped = len(latest) - len(changed)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(changed)} countries updated; {skipped} codes not in the ISO list skipped."
            )
        )


def read_latest(path: Path) -> dict[str, tuple[int, int]]:
    """{alpha-3: (year, regime class)} for the latest year of each code in the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if (
        not header
        or len(header) < 4
        or [h.strip() for h in header[:3]] != ["Entity", "Code", "Year"]
    ):
        raise CommandError(
            f"{path}: expected the columns Entity,Code,Year,<regime> of Our World in Data's "
            f"'Political regime' CSV, found {','.join(header or [])!r}"
        )
    latest: dict[str, tuple[int, int]] = {}
    for line, row in enumerate(reader, start=2):
        if len(row) < 4 or not row[1].strip() or not row[3].strip():
            continue
        code = row[1].strip().upper()
        try:
            year, regime = int(row[2]), int(float(row[3]))
        except ValueError:
            raise CommandError(f"{path}, line {line}: year and regime must be numbers") from None
        if not 0 <= regime <= 3:
            raise CommandError(f"{path}, line {line}: regime class {regime} is not between 0 and 3")
        if code not in latest or latest[code][0] < year:
            latest[code] = (year, regime)
    if not latest:
        raise CommandError(f"{path}: no data row")
    return latest
