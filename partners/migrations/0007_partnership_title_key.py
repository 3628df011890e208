from django.db import migrations, models


def fill_title_keys(apps, schema_editor):
    from partners.text import normalise

    Partnership = apps.get_model("partners", "Partnership")
    for partnership in Partnership.objects.only("pk", "title").iterator(chunk_size=2000):
        Partnership.objects.filter(pk=partnership.pk).update(
            title_key=normalise(partnership.title)[:200]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_partner_screening_flags"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="partnership",
            name="partnership_unique_title_per_partner",
        ),
        migrations.AddField(
            model_name="partnership",
            name="title_key",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.UniqueConstraint(
                fields=("municipality", "partner", "title_key"),
                name="partnership_unique_title_key_per_partner",
                violation_error_message="This partner already has a partnership with this title.",
            ),
        ),
    ]
