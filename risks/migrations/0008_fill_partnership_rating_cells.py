"""Place each partnership rated before the matrix cell existed in the cell of the diagnostic
that rates it (partners migration 0009 added the columns). Idempotent: a database that filled
them when the step lived in the register's migration gets the same values again."""

from django.db import migrations

from risks.scoring import rating_cell


def fill_rating_cells(apps, schema_editor):
    Partnership = apps.get_model("partners", "Partnership")
    Assessment = apps.get_model("risks", "Assessment")
    rated = Partnership.objects.filter(rated_at__isnull=False).only("id", "rated_at")
    for partnership in rated.iterator(chunk_size=500):
        result = (
            Assessment.objects.filter(
                partnership_id=partnership.pk, status="approved", approved_at=partnership.rated_at
            )
            .values_list("result", flat=True)
            .first()
        )
        cell = rating_cell((result or {}).get("categories", {}))
        if cell is not None:
            Partnership.objects.filter(pk=partnership.pk).update(
                risk_likelihood=cell[0], risk_impact=cell[1]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_partnership_rating_cell"),
        ("risks", "0007_sanctions_from_screening"),
    ]

    operations = [migrations.RunPython(fill_rating_cells, migrations.RunPython.noop)]
