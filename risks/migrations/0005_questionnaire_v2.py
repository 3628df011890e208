"""Ship questionnaire version 2 (risks/questionnaire/v2.json), scored with method 2, published.

Version 1 stays as it is: the diagnostics made with it keep it and recompute with method 1.
"""

from typing import Any

from django.db import migrations


def load_v2(apps: Any, schema_editor: Any) -> None:
    from risks.loading import V2_FILE, load_questionnaire, read_document

    names = ("Questionnaire", "Question", "Choice", "Control")
    load_questionnaire(read_document(V2_FILE), {n: apps.get_model("risks", n) for n in names})


def unload_v2(apps: Any, schema_editor: Any) -> None:
    apps.get_model("risks", "Questionnaire").objects.filter(version=2, assessments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("risks", "0004_question_profile_and_answer_origin")]
    operations = [migrations.RunPython(load_v2, unload_v2)]
