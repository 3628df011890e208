"""Copy onto each rated partnership the residual band of each category in the diagnostic that
rates it (partners migration 0011 added the column), with the rule of
`risks.actions.apply_rating`, which keeps it from then on."""

from django.db import migrations
from django.db.models import F

from risks.scoring import residual_bands

BATCH = 1000


def fill_residual_bands(apps, schema_editor):
    Partnership = apps.get_model("partners", "Partnership")
    Assessment = apps.get_model("risks", "Assessment")
    rating = (
        Assessment.objects.filter(status="approved", approved_at=F("partnership__rated_at"))
        .values_list("partnership_id", "result")
        .order_by("partnership_id")
    )
    batch = []
    for partnership_id, result in rating.iterator(chunk_size=BATCH):
        bands = residual_bands((result or {}).get("categories", {}))
        batch.append(Partnership(pk=partnership_id, residual_bands=bands))
        if len(batch) == BATCH:
            Partnership.objects.bulk_update(batch, ["residual_bands"])
            batch = []
    Partnership.objects.bulk_update(batch, ["residual_bands"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0012_partnership_residual_bands"),
        ("risks", "0009_assessment_approved_in_order"),
    ]

    operations = [migrations.RunPython(fill_residual_bands, migrations.RunPython.noop)]
