"""Training: a quiz passed is recorded, a quiz failed shows what was wrong and can be retried;
sessions recorded by a manager; the profile's answer follows the records."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from citydiplo.french import typography
from guidance import training
from guidance.models import Method, QuizQuestion, TrainingModule, TrainingRecord
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def answers(module: str, right: int) -> dict[str, int]:
    """Post data with the first `right` questions answered right and the others wrong."""
    questions = QuizQuestion.objects.filter(module__slug=module)
    return {
        f"q{q.pk}": q.correct if i < right else (q.correct + 1) % len(q.choices_fr)
        for i, q in enumerate(questions)
    }


def url(module: str) -> str:
    return reverse("guidance:module", args=[module])


def test_every_module_has_five_questions_in_both_languages() -> None:
    assert set(TrainingModule.objects.values_list("audience", flat=True)) == {
        "officers",
        "elected",
        "staff",
    }
    for module in TrainingModule.objects.all():
        questions = list(module.questions.all())
        assert len(questions) == training.QUESTIONS_PER_QUIZ, module.slug
        for q in questions:
            assert len(q.choices_fr) == len(q.choices_en) >= 2
            assert 0 <= q.correct < len(q.choices_fr)
            assert q.explanation_fr and q.explanation_en


def test_a_pass_is_recorded_for_the_member(
    town_a: Municipality, victor: User, victor_client: Client
) -> None:
    response = victor_client.post(url("elected"), answers("elected", training.PASS_MARK))
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.user, record.municipality, record.method) == (victor, town_a, Method.QUIZ)
    assert record.score == training.PASS_MARK
    assert record.completed_on == timezone.localdate()


def test_a_fail_shows_what_was_wrong_records_nothing_and_lets_retry(
    victor_client: Client,
) -> None:
    response = victor_client.post(url("elected"), answers("elected", training.PASS_MARK - 1))
    assert response.status_code == 422
    assert not TrainingRecord.objects.exists()
    result = response.context["result"]
    assert result.score == training.PASS_MARK - 1 and not result.passed
    wrong = QuizQuestion.objects.filter(module__slug="elected").order_by("order").last()
    assert wrong is not None
    body = response.content.decode()
    # as a French page prints them (typographic spaces before ? and :)
    assert typography(escape(wrong.text_fr)) in body
    assert typography(escape(wrong.explanation_fr)) in body
    assert typography(escape(wrong.choices_fr[wrong.correct])) in body
    # The quiz is offered again, blank.
    assert "checked" not in body.split('id="quiz-title"')[1]
    retry = victor_client.post(url("elected"), answers("elected", 5))
    assert retry.status_code == 302 and TrainingRecord.objects.count() == 1


def test_a_blank_answer_counts_as_wrong(victor_client: Client) -> None:
    data = answers("staff", 5)
    data.pop(next(iter(data)))
    response = victor_client.post(url("staff"), data)
    assert response.status_code == 302
    assert TrainingRecord.objects.get().score == 4


def test_answers_out_of_range_are_wrong_not_errors(victor_client: Client) -> None:
    data = {key: 99 for key in answers("staff", 5)}
    response = victor_client.post(url("staff"), data)
    assert response.status_code == 422
    assert response.context["result"].score == 0


def test_training_status_follows_the_records(
    town_a: Municipality, alice: User, victor: User, martha: User
) -> None:
    status = training.training_status(town_a)
    assert (status.last_date, status.members_trained, status.members_total) == (None, 0, 3)
    module = TrainingModule.objects.get(slug="officers")
    today = timezone.localdate()
    old = today - datetime.timedelta(days=training.VALID_DAYS + 10)
    TrainingRecord.objects.create(
        municipality=town_a, module=module, user=alice, method="quiz", completed_on=old,
        recorded_by=alice,
    )  # fmt: skip
    status = training.training_status(town_a)
    assert status.last_date == old and status.members_trained == 0  # due again
    TrainingRecord.objects.create(
        municipality=town_a, module=module, user=victor, method="quiz", completed_on=today,
        recorded_by=victor,
    )  # fmt: skip
    status = training.training_status(town_a)
    assert status.last_date == today
    assert status.members_trained == 1
    assert status.share == pytest.approx(1 / 3)


def test_a_manager_records_a_session_with_named_attendees(
    town_a: Municipality, martha: User, alice: User, martha_client: Client
) -> None:
    module = TrainingModule.objects.get(slug="staff")
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = martha_client.post(
        reverse("guidance:training_register"),
        {
            "module": module.pk,
            "held_on": day.isoformat(),
            "members": [alice.pk],
            "attendees": "Jeanne Martin\n  Paul   Durand \n\nJeanne Martin\n",
        },
    )
    assert response.status_code == 302
    records = TrainingRecord.objects.filter(method=Method.SESSION)
    assert sorted(r.who for r in records) == sorted(
        ["Jeanne Martin", "Paul Durand", alice.display_name]
    )
    assert {r.completed_on for r in records} == {day}
    status = training.training_status(town_a)
    assert status.members_trained == 1 and status.attendees_trained == 2
    page = martha_client.get(reverse("guidance:training_register")).content.decode()
    assert "Paul Durand" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"held_on": "2999-01-01", "attendees": "A"}, "held_on"),
        ({"held_on": "2026-01-01", "attendees": ""}, "__all__"),
        ({"held_on": "not a date", "attendees": "A"}, "held_on"),
    ],
)
def test_a_bad_session_is_refused_with_a_clear_error(
    martha_client: Client, data: dict[str, str], error: str
) -> None:
    module = TrainingModule.objects.get(slug="staff")
    response = martha_client.post(
        reverse("guidance:training_register"), {"module": module.pk, **data}
    )
    assert response.status_code == 422
    assert error in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_the_register_shows_who_is_due_again(
    town_a: Municipality, alice: User, martha: User, martha_client: Client,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    module = TrainingModule.objects.get(slug="officers")
    old = timezone.localdate() - datetime.timedelta(days=400)
    TrainingRecord.objects.create(
        municipality=town_a, module=module, user=alice, method="quiz", completed_on=old,
        recorded_by=alice,
    )  # fmt: skip
    with django_assert_max_num_queries(14):
        response = martha_client.get(reverse("guidance:training_register"))
    rows = {row.membership.user: row for row in response.context["rows"]}
    assert not rows[alice].current and rows[alice].due == old + datetime.timedelta(days=365)
    assert rows[martha].last is None


def test_officers_may_not_open_the_register(alice_client: Client) -> None:
    assert alice_client.get(reverse("guidance:training_register")).status_code == 403
