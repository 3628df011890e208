"""The demo data shows questionnaire version 2 at work, with a red line."""

import pytest
from django.core.management import call_command

from risks.models import Assessment

pytestmark = pytest.mark.django_db


def test_demo_diagnostics_use_version_2_and_show_a_red_line() -> None:
    call_command("load_demo")
    assessments = Assessment.objects.select_related("questionnaire", "partnership")
    assert {a.questionnaire.version for a in assessments} == {2}
    charter = assessments.get(partnership__title__startswith="Projet de charte d'amitié")
    assert {"red_line", "territory_not_recognised"} <= set(charter.flag_reasons)
    assert charter.result["red_lines"] == ["conf1"]
    # every other demo partnership answers no red line
    others = assessments.exclude(pk=charter.pk)
    assert not [a for a in others if "red_line" in a.flag_reasons]
