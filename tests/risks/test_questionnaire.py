"""The shipped questionnaire and new versions: diagnostics keep the version they were made with."""

import pytest

from accounts.models import User
from municipalities.models import Municipality
from risks import actions
from risks.loading import copy_questionnaire
from risks.models import Question, Questionnaire
from tests.factories import answer_all, make_partnership, questionnaire

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("version", "most"), [(1, 10), (2, 16)])
def test_shipped_versions_teach_in_both_languages(version: int, most: int) -> None:
    shipped = Questionnaire.objects.get(version=version)
    assert shipped.is_published and shipped.method == version
    for category in ("ip_capture", "disinformation", "imported_conflict"):
        questions = Question.objects.filter(questionnaire=shipped, category=category)
        assert 6 <= questions.count() <= most
        assert 3 <= shipped.controls.filter(category=category).count() <= 5
        assert questions.exclude(depends_on=None).exists(), f"{category} has a conditional question"
        for q in questions:
            assert q.text_fr and q.text_en and q.source
            assert len(q.help_fr.split()) >= 40 and len(q.help_en.split()) >= 40
            assert q.choices.count() >= 2


def test_diagnostics_keep_their_version_when_a_new_one_is_published(
    town_a: Municipality, alice: User, martha: User
) -> None:
    partnership = make_partnership(town_a)
    first = actions.start_assessment(partnership, alice)
    answer_all(first, alice, points=1)
    actions.submit_assessment(first.pk, alice)
    actions.approve_assessment(first.pk, martha)

    shipped = questionnaire()
    v2 = copy_questionnaire(shipped)
    assert v2.version == shipped.version + 1 and not v2.is_published
    assert v2.method == shipped.method
    assert Questionnaire.objects.current() == shipped  # unpublished: not used yet
    v2.published_at = v2.created_at
    v2.save()
    second = actions.start_assessment(partnership, alice)
    first.refresh_from_db()
    assert first.questionnaire == shipped
    assert second.questionnaire == v2
    # the reassessment carried the answers over by question key
    assert second.answers.count() == first.answers.count()
    assert set(second.answers.values_list("question__questionnaire", flat=True)) == {v2.pk}
