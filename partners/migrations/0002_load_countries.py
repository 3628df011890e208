"""Ship the ISO 3166-1 list (French and English names) with the project; regime data stays empty."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.json"


def load_countries(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(**row) for row in rows if row["code"] not in existing], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
