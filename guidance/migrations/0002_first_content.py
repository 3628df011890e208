"""The first version of the guide, the checklist and the training modules."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from guidance import seed, training_seed

    seed.load(apps)
    training_seed.load(apps)


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
