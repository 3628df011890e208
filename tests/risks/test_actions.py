"""The diagnostic's lifecycle and the stale-write guard, through risks.actions."""

import pytest

from accounts.models import User
from municipalities.models import Municipality
from risks import actions
from risks.models import Answer, AssessmentStatus
from tests.factories import answer_all, make_partnership, question, set_regime

pytestmark = pytest.mark.django_db


def test_an_answer_is_saved_and_scored(town_a: Municipality, alice: User) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    outcome = actions.save_answer(assessment.pk, question("ip1"), 4, alice, seen_revision=0)
    assert not outcome.conflict
    assert outcome.answer is not None and outcome.answer.revision == 1
    assessment.refresh_from_db()
    assert assessment.result["categories"]["ip_capture"]["impact"] is not None


def test_a_stale_write_is_detected_and_loses_nothing(
    town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    q = question("ip1")
    actions.save_answer(assessment.pk, q, 4, alice, seen_revision=0)
    # martha's form was shown before alice's save: she still thinks there is no answer
    outcome = actions.save_answer(assessment.pk, q, 0, martha, seen_revision=0)
    assert outcome.conflict
    stored = Answer.objects.get(assessment=assessment, question=q)
    assert stored.points == 4 and stored.updated_by == alice
    # once she has seen the current revision, her change goes through
    outcome = actions.save_answer(assessment.pk, q, 0, martha, seen_revision=stored.revision)
    assert not outcome.conflict
    assert Answer.objects.get(assessment=assessment, question=q).points == 0


def test_na_is_refused_where_the_question_does_not_offer_it(
    town_a: Municipality, alice: User
) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    q = question("ip1")
    assert not q.allow_na
    with pytest.raises(actions.AssessmentError, match="na_not_allowed"):
        actions.save_answer(assessment.pk, q, "na", alice, seen_revision=0)


def test_submit_needs_every_category_complete(town_a: Municipality, alice: User) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    actions.save_answer(assessment.pk, question("ip1"), 4, alice, seen_revision=0)
    with pytest.raises(actions.AssessmentError) as error:
        actions.submit_assessment(assessment.pk, alice)
    assert error.value.code == "incomplete"


def test_lifecycle_and_freeze(town_a: Municipality, alice: User, martha: User) -> None:
    set_regime("DE", 0)
    partnership = make_partnership(town_a, sectors=["ai"])
    assessment = actions.start_assessment(partnership, alice)
    answer_all(assessment, alice, points=4)
    actions.submit_assessment(assessment.pk, alice)
    with pytest.raises(actions.AssessmentError):
        actions.save_answer(assessment.pk, question("ip1"), 0, alice, seen_revision=1)
    actions.approve_assessment(assessment.pk, martha)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    assert assessment.rating == "critical" and assessment.flagged
    partnership.refresh_from_db()
    assert partnership.rating == "critical" and partnership.flagged
    latest = partnership.history.order_by("-history_date").first()
    assert latest is not None and latest.history_user == martha  # the audit names the approver
    for attempt in (
        lambda: actions.save_answer(assessment.pk, question("ip1"), 0, alice, seen_revision=1),
        lambda: actions.submit_assessment(assessment.pk, alice),
        lambda: actions.approve_assessment(assessment.pk, martha),
        lambda: actions.return_to_draft(assessment.pk, martha),
    ):
        with pytest.raises(actions.AssessmentError):
            attempt()


def test_reassessment_starts_from_the_last_approved_answers(
    town_a: Municipality, alice: User, martha: User
) -> None:
    partnership = make_partnership(town_a)
    first = actions.start_assessment(partnership, alice)
    answer_all(first, alice, points=2)
    actions.submit_assessment(first.pk, alice)
    actions.approve_assessment(first.pk, martha)
    second = actions.start_assessment(partnership, alice)
    assert second.previous == first
    assert second.answers.count() == first.answers.count()
    assert second.status == AssessmentStatus.DRAFT
    with pytest.raises(actions.AssessmentError, match="already_open"):
        actions.start_assessment(partnership, alice)


def test_dependent_question_applies_only_when_its_parent_says_so(
    town_a: Municipality, alice: User
) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    child = question("conf3")
    assert child.depends_on is not None
    # the parent answered low: the child does not count even if answered
    low = min(child.depends_on.choices.values_list("points", flat=True))
    actions.save_answer(assessment.pk, child.depends_on, low, alice, seen_revision=0)
    actions.save_answer(
        assessment.pk,
        child,
        max(child.choices.values_list("points", flat=True)),
        alice,
        seen_revision=0,
    )
    assessment.refresh_from_db()
    keys = [c["key"] for c in assessment.result["categories"]["imported_conflict"]["contributions"]]
    assert child.key not in keys
