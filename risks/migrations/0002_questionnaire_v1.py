"""Ship the default questionnaire, version 1 (risks/questionnaire/v1.json), published."""

from typing import Any

from django.db import migrations


def load_v1(apps: Any, schema_editor: Any) -> None:
    from risks.loading import load_questionnaire, read_document

    models = {name: apps.get_model("risks", name) for name in ("Questionnaire", "Question", "Choice", "Control")}
    load_questionnaire(read_document(), models)


def unload_v1(apps: Any, schema_editor: Any) -> None:
    apps.get_model("risks", "Questionnaire").objects.filter(version=1, assessments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]
    operations = [migrations.RunPython(load_v1, unload_v1)]
