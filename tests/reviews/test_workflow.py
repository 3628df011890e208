"""Every transition of a referral, and who may make it (through reviews.actions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partnership
from reviews import actions, outbox
from reviews.models import (
    EventKind,
    Message,
    MessageKind,
    Notification,
    Origin,
    Referral,
    ReferralState,
)
from risks.models import Assessment
from tests.reviews.conftest import approved_assessment

pytestmark = pytest.mark.django_db

ALL = ("officer", "manager", "viewer", "outsider", "liaison", "other_liaison")


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# --- opening ---------------------------------------------------------------------------------


def test_approving_a_flagged_diagnostic_opens_a_referral(
    referral: Referral, flagged: Assessment, liaison: User, liaison_b: User
) -> None:
    assert referral.state == ReferralState.OPEN
    assert referral.origin == Origin.FLAGGED
    assert referral.created_by is not None  # the approving manager
    assert referral.snapshot["assessment_id"] == flagged.pk
    assert referral.snapshot["result"] == flagged.result
    assert referral.snapshot["answers"], "the answers travel with the referral"
    assert referral.rating == flagged.rating and referral.score == flagged.score
    assert referral.deadline == timezone.localdate() + timedelta(days=actions.DEADLINE_DAYS)
    assert referral.categories  # the categories reaching the tolerance
    assert not referral.is_outdated
    assert Message.objects.filter(referral=referral, kind=MessageKind.REFERRAL).count() == 1
    # only the liaisons following town_a hear of it
    assert recipients(EventKind.REFERRAL_OPENED) == {liaison.email}
    assert referral.history.count() == 1  # audit


def test_a_diagnostic_under_the_tolerance_opens_nothing(
    town_a: Municipality, alice: User, martha: User, liaison: User
) -> None:
    assessment = approved_assessment(alice, martha, town=town_a, points=0)
    assert not assessment.flagged
    assert not Referral.objects.exists()
    # only the diagnostic's own steps are told (submission to the manager, approval to the
    # officer), nothing to the ministry
    kinds = set(Notification.objects.values_list("kind", "recipient__email"))
    assert kinds == {
        (EventKind.DIAGNOSTIC_SUBMITTED, martha.email),
        (EventKind.DIAGNOSTIC_APPROVED, alice.email),
    }


def test_the_officer_may_request_an_opinion_on_an_approved_diagnostic(
    town_a: Municipality, alice: User, martha: User, liaison: User
) -> None:
    assessment = approved_assessment(alice, martha, town=town_a, points=0)
    referral = actions.request_opinion(assessment.pk, alice, "Un avis, svp.")
    assert referral.origin == Origin.REQUESTED
    assert "opinion_requested" in referral.snapshot["flag_reasons"]
    assert Partnership.objects.get(pk=assessment.partnership_id).flagged
    flagging = Partnership.history.filter(id=assessment.partnership_id).latest()
    assert (flagging.flagged, flagging.history_user) == (True, alice)  # its history says who
    assert Message.objects.get(referral=referral, kind=MessageKind.REFERRAL).body == "Un avis, svp."
    assert recipients(EventKind.REFERRAL_OPENED) == {liaison.email}
    with pytest.raises(actions.ReferralError, match="already_referred"):
        actions.request_opinion(assessment.pk, alice)


@pytest.mark.parametrize("who", ["viewer", "outsider", "liaison", "other_liaison"])
def test_only_officers_and_managers_request_an_opinion(
    who: str, people: dict[str, Any], town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = approved_assessment(alice, martha, town=town_a, points=0)
    with pytest.raises(actions.ReferralError, match="not_allowed"):
        actions.request_opinion(assessment.pk, people[who])
    assert not Referral.objects.exists()


def test_the_manager_may_request_an_opinion_too(
    town_a: Municipality, alice: User, martha: User
) -> None:
    assessment = approved_assessment(alice, martha, town=town_a, points=0)
    assert actions.request_opinion(assessment.pk, martha).state == ReferralState.OPEN


def test_an_opinion_needs_an_approved_latest_diagnostic(
    town_a: Municipality, alice: User, martha: User
) -> None:
    from risks import actions as risk_actions

    old = approved_assessment(alice, martha, town=town_a, points=0)
    draft = risk_actions.start_assessment(old.partnership, alice)
    with pytest.raises(actions.ReferralError, match="not_approved"):
        actions.request_opinion(draft.pk, alice)
    risk_actions.submit_assessment(draft.pk, alice)
    risk_actions.approve_assessment(draft.pk, martha)
    with pytest.raises(actions.ReferralError, match="not_latest"):
        actions.request_opinion(old.pk, alice)


# --- the conversation ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL)
def test_who_may_request_information(who: str, people: dict[str, Any], referral: Referral) -> None:
    if who == "liaison":
        actions.request_information(referral.pk, people[who], "Une question ?")
        referral.refresh_from_db()
        assert referral.state == ReferralState.INFO_REQUESTED
        # officers and managers hear of it, not the viewer
        assert recipients(EventKind.INFO_REQUESTED) == {
            people["officer"].email,
            people["manager"].email,
        }
    else:
        with pytest.raises(actions.ReferralError, match="not_allowed"):
            actions.request_information(referral.pk, people[who], "Une question ?")
        referral.refresh_from_db()
        assert referral.state == ReferralState.OPEN


@pytest.mark.parametrize("who", ALL)
def test_who_may_answer(who: str, people: dict[str, Any], referral: Referral) -> None:
    actions.request_information(referral.pk, people["liaison"], "Une question ?")
    if who in ("officer", "manager"):
        actions.answer(referral.pk, people[who], "Voici.")
        referral.refresh_from_db()
        assert referral.state == ReferralState.OPEN  # info_requested → open
        assert recipients(EventKind.ANSWER_GIVEN) == {people["liaison"].email}
    else:
        with pytest.raises(actions.ReferralError, match="not_allowed"):
            actions.answer(referral.pk, people[who], "Voici.")
        referral.refresh_from_db()
        assert referral.state == ReferralState.INFO_REQUESTED


def test_questions_and_answers_alternate_and_keep_the_thread(
    referral: Referral, liaison: User, alice: User
) -> None:
    for round_ in range(2):
        actions.request_information(referral.pk, liaison, f"Question {round_}")
        actions.answer(referral.pk, alice, f"Réponse {round_}")
    kinds = list(referral.messages.values_list("kind", flat=True))
    assert kinds == ["referral", "question", "answer", "question", "answer"]
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.OPEN


@pytest.mark.parametrize("from_state", ["open", "info_requested"])
@pytest.mark.parametrize("who", ALL)
def test_who_may_give_the_opinion(
    who: str, from_state: str, people: dict[str, Any], referral: Referral
) -> None:
    if from_state == "info_requested":
        actions.request_information(referral.pk, people["liaison"], "?")
    if who == "liaison":
        actions.give_opinion(referral.pk, people[who], "vigilance", "Attention aux données.")
        referral.refresh_from_db()
        assert referral.state == ReferralState.OPINION_GIVEN
        assert referral.opinion == "vigilance" and referral.opinion_by == people[who]
        assert recipients(EventKind.OPINION_GIVEN) == {
            people["officer"].email,
            people["manager"].email,
        }
    else:
        with pytest.raises(actions.ReferralError, match="not_allowed"):
            actions.give_opinion(referral.pk, people[who], "vigilance", "Non.")
        referral.refresh_from_db()
        assert referral.state == from_state


def test_an_opinion_needs_a_known_value_and_reasons(referral: Referral, liaison: User) -> None:
    with pytest.raises(actions.ReferralError, match="unknown_opinion"):
        actions.give_opinion(referral.pk, liaison, "maybe", "Pourquoi pas.")
    with pytest.raises(actions.ReferralError, match="reasons_required"):
        actions.give_opinion(referral.pk, liaison, "no_objection", "  ")


def test_no_question_answer_or_second_opinion_after_the_opinion(
    referral: Referral, liaison: User, alice: User
) -> None:
    actions.give_opinion(referral.pk, liaison, "advise_against", "Trop risqué.")
    for call in (
        lambda: actions.request_information(referral.pk, liaison, "?"),
        lambda: actions.answer(referral.pk, alice, "!"),
        lambda: actions.give_opinion(referral.pk, liaison, "no_objection", "Finalement."),
    ):
        with pytest.raises(actions.ReferralError, match="not_active"):
            call()


@pytest.mark.parametrize("who", ALL)
def test_who_may_close(who: str, people: dict[str, Any], referral: Referral) -> None:
    actions.give_opinion(referral.pk, people["liaison"], "no_objection", "RAS.")
    if who in ("officer", "manager", "liaison"):
        actions.close_referral(referral.pk, people[who], "Merci.")
        referral.refresh_from_db()
        assert referral.state == ReferralState.CLOSED and referral.closed_at is not None
        other_side = (
            {people["liaison"].email}
            if who != "liaison"
            else {people["officer"].email, people["manager"].email}
        )
        assert recipients(EventKind.REFERRAL_CLOSED) == other_side
    else:
        with pytest.raises(actions.ReferralError, match="not_allowed"):
            actions.close_referral(referral.pk, people[who])
        assert Referral.objects.get(pk=referral.pk).state == ReferralState.OPINION_GIVEN


def test_a_referral_closes_only_after_the_opinion(referral: Referral, alice: User) -> None:
    with pytest.raises(actions.ReferralError, match="no_opinion_yet"):
        actions.close_referral(referral.pk, alice)


def test_the_history_records_who_changed_what(referral: Referral, liaison: User) -> None:
    actions.request_information(referral.pk, liaison, "?")
    actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
    states = list(referral.history.order_by("history_date").values_list("state", "history_user"))
    assert states[-2:] == [("info_requested", liaison.pk), ("opinion_given", liaison.pk)]


# --- a new diagnostic ------------------------------------------------------------------------


def test_a_new_diagnostic_makes_the_waiting_referral_outdated(
    referral: Referral, flagged: Assessment, alice: User, martha: User
) -> None:
    approved_assessment(alice, martha, flagged.partnership)
    assert Referral.objects.filter(partnership=flagged.partnership).count() == 1
    referral = Referral.objects.select_related("partnership").get(pk=referral.pk)
    assert referral.is_outdated
    assert referral.snapshot["assessment_id"] == flagged.pk  # frozen


def test_a_new_flagged_diagnostic_after_the_opinion_opens_a_new_referral(
    referral: Referral, flagged: Assessment, alice: User, martha: User, liaison: User
) -> None:
    actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
    newer = approved_assessment(alice, martha, flagged.partnership)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED
    assert Referral.objects.get(assessment=newer).state == ReferralState.OPEN


def test_a_closed_referral_lets_the_officer_ask_again(
    referral: Referral, flagged: Assessment, alice: User, liaison: User
) -> None:
    actions.give_opinion(referral.pk, liaison, "no_objection", "RAS.")
    actions.close_referral(referral.pk, alice)
    again = actions.request_opinion(flagged.pk, alice)
    assert again.pk != referral.pk and again.state == ReferralState.OPEN


# --- the outbox ------------------------------------------------------------------------------


def test_outbox_rows_are_written_in_the_same_transaction(referral: Referral, liaison: User) -> None:
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
        assert Notification.objects.count() > before
        raise RuntimeError("the change fails after the action")
    assert Notification.objects.count() == before
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.OPEN


def test_delivery_is_enqueued_only_after_commit(
    referral: Referral,
    liaison: User,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    enqueued: list[list[int]] = []
    monkeypatch.setattr(outbox, "enqueue", lambda ids: enqueued.append(list(ids)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
        assert enqueued == []
    for callback in callbacks:
        callback()
    rows = set(
        Notification.objects.filter(kind=EventKind.OPINION_GIVEN).values_list("pk", flat=True)
    )
    assert {pk for batch in enqueued for pk in batch} == rows


def test_an_action_on_a_missing_referral_fails_cleanly(liaison: User) -> None:
    with pytest.raises(Referral.DoesNotExist):
        actions.request_information(999999, liaison, "?")


def test_a_liaison_assigned_one_by_one_may_act(referral: Referral, town_a: Municipality) -> None:
    from tests.reviews.conftest import make_liaison

    single = make_liaison("single@meae.test", municipality=town_a)
    actions.request_information(referral.pk, single, "?")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.INFO_REQUESTED
