"""Questionnaire version 2, scored with method 2 through the app: the review's scenarios, red
lines, one fact per question, contradictions refused, and version 1 left as it was."""

from typing import Any

import pytest

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partnership, Territory
from risks import actions
from risks.models import Assessment, Control, Question, Questionnaire
from tests.factories import make_partner, make_partnership, set_regime

pytestmark = pytest.mark.django_db


def v2() -> Questionnaire:
    return Questionnaire.objects.get(version=2)


def fill(assessment: Assessment, user: User, overrides: dict[str, Any] | None = None) -> None:
    """Answer every applicable question: its lowest choice unless `overrides` names it.

    Parents come first in the questionnaire's order, so a dependent question is answered once
    its parent decided whether it applies."""
    overrides = overrides or {}
    for q in Question.objects.filter(questionnaire=assessment.questionnaire).order_by(
        "category", "order"
    ):
        value = overrides.get(q.key, min(q.choices.values_list("points", flat=True)))
        current = assessment.answers.filter(question=q).first()
        actions.save_answer(
            assessment.pk, q, value, user, seen_revision=current.revision if current else 0
        )


def tick_every_control(assessment: Assessment, user: User) -> None:
    for control in Control.objects.filter(questionnaire=assessment.questionnaire):
        actions.set_control(assessment.pk, control, True, user, "Mesure vérifiée le 2 mars.")


def start(partnership: Partnership, user: User) -> Assessment:
    assessment = actions.start_assessment(partnership, user)
    assert assessment.questionnaire.version == 2 and assessment.questionnaire.method == 2
    return assessment


def test_v2_is_the_current_version_scored_with_method_2_and_v1_is_kept() -> None:
    assert Questionnaire.objects.current() == v2()
    v1 = Questionnaire.objects.get(version=1)
    assert v1.method == 1 and v1.is_published
    assert v1.questions.count() == 29  # version 1 intact


def test_red_lines_are_the_territory_the_sanctions_and_the_state_questions() -> None:
    red = dict(
        Question.objects.filter(questionnaire=v2(), red_line_at__isnull=False).values_list(
            "key", "red_line_at"
        )
    )
    assert red == {"conf1": 2, "ip6": 3, "conf_state": 4}


def test_no_fact_is_asked_twice() -> None:
    """The v1 duplicates are gone: a fact is either a question or a control, never both."""
    keys = set(Question.objects.filter(questionnaire=v2()).values_list("key", flat=True))
    assert not keys & {"conf9", "dis6", "dis7", "dis4", "dis2", "conf2", "conf6"}
    labels = set(Control.objects.filter(questionnaire=v2()).values_list("label_fr", flat=True))
    v1_duplicates = set(
        Control.objects.filter(
            questionnaire__version=1, key__in=["dis_c2", "dis_c3", "dis_c4"]
        ).values_list("label_fr", flat=True)
    )
    assert len(v1_duplicates) == 3 and not labels & v1_duplicates
    # the prefect's consultation is a control only; training and monitoring are profile facts
    assert "Préfet et DAECT consultés en amont" in labels
    profile = Question.objects.filter(questionnaire=v2(), profile=True)
    assert set(profile.values_list("key", flat=True)) == {
        "prof_election",
        "prof_monitoring",
        "prof_crisis_plan",
        "prof_training",
        "prof_incidents",
    }


def test_charter_in_a_territory_france_does_not_recognise_is_flagged_whatever_the_controls(
    town_a: Municipality, alice: User
) -> None:
    crimea = Territory.objects.get(country_id="UA", name_en__startswith="Autonomous Republic")
    partner = make_partner(town_a, "UA", kind="local_authority", territory=crimea)
    partnership = make_partnership(partner, form="friendship_charter")
    assessment = start(partnership, alice)
    fill(assessment, alice, {"conf1": 4})
    tick_every_control(assessment, alice)
    assessment.refresh_from_db()
    assert assessment.flagged
    assert {"red_line", "territory_not_recognised"} <= set(assessment.flag_reasons)
    assert assessment.result["red_lines"] == ["conf1"]
    assert "tolerance" not in assessment.flag_reasons  # the scores alone would not flag it


def test_ai_mou_with_a_university_stays_referred_with_every_control_ticked(
    town_a: Municipality, alice: User
) -> None:
    set_regime("CN", 0)
    partner = make_partner(town_a, "CN", kind="university", linked_to_military=True)
    partnership = make_partnership(partner, form="mou", sectors=["ai"], flows=["know_how", "data"])
    assessment = start(partnership, alice)
    fill(
        assessment,
        alice,
        {
            "ip1": 4,
            "ip2": 2,
            "ip3_control": 4,
            "ip3_law": 4,
            "ip4": 4,
            "ip5": 4,
            "ip7": 3,
            "ip8": 4,
            "ip9": 2,
            "ip_equipment": 2,
            "ip10": 1,
        },
    )
    tick_every_control(assessment, alice)
    assessment.refresh_from_db()
    ip = assessment.result["categories"]["ip_capture"]
    assert ip["band"] == "critical"
    assert ip["residual_score"] < ip["score"]  # the controls count…
    assert "inherent_critical" in assessment.flag_reasons  # …but do not take it off the desk
    assert assessment.flagged and assessment.rating in ("high", "critical")


def test_twinning_with_a_german_town_stays_low(town_a: Municipality, alice: User) -> None:
    set_regime("DE", 3)
    partner = make_partner(town_a, "DE", kind="local_authority")
    assessment = start(make_partnership(partner, form="twinning"), alice)
    fill(assessment, alice)
    assessment.refresh_from_db()
    assert assessment.rating == "low" and not assessment.flagged
    assert actions.submit_assessment(assessment.pk, alice).status == "submitted"


def _disinformation(town: Municipality, user: User, third_state: int) -> dict[str, Any]:
    partner = make_partner(town, "UA", kind="local_authority")
    title = f"Solidarité {third_state}"
    partnership = make_partnership(partner, form="donation", title=title)
    assessment = start(partnership, user)
    fill(assessment, user, {"dis_third_state": third_state})
    assessment.refresh_from_db()
    result: dict[str, Any] = assessment.result["categories"]["disinformation"]
    return result


def test_ukrainian_solidarity_takes_its_disinformation_risk_from_the_third_state_question(
    town_a: Municipality, alice: User
) -> None:
    set_regime("UA", 1)  # an electoral autocracy in V-Dem's terms, not a source of campaigns
    targeted = _disinformation(town_a, alice, 4)
    quiet = _disinformation(town_a, alice, 0)
    # Ukraine's country context adds nothing to the disinformation likelihood…
    assert targeted["axes"]["likelihood"]["modifiers"] == []
    assert quiet["axes"]["likelihood"]["modifiers"] == []
    # …the targeting of the partnership by a third State's campaigns does.
    assert targeted["likelihood"] > quiet["likelihood"]
    contributions = {c["key"]: c for c in targeted["contributions"]}
    assert contributions["dis_third_state"]["points"] == 4


def test_a_country_attributed_as_a_source_raises_the_disinformation_likelihood(
    town_a: Municipality, alice: User
) -> None:
    partner = make_partner(town_a, "RU", kind="local_authority")
    assessment = start(make_partnership(partner, form="twinning"), alice)
    fill(assessment, alice)
    assessment.refresh_from_db()
    modifiers = assessment.result["categories"]["disinformation"]["axes"]["likelihood"]
    assert [m["reason"] for m in modifiers["modifiers"]] == ["fimi_attributed +1"]


def test_a_convention_with_a_foreign_state_body_is_flagged(
    town_a: Municipality, alice: User
) -> None:
    partner = make_partner(town_a, "DE", kind="state_body")
    assessment = start(make_partnership(partner, form="convention"), alice)
    fill(assessment, alice)
    assessment.refresh_from_db()
    assert "foreign_state_convention" in assessment.flag_reasons
    # the same body in a mere event is not a convention
    event = start(make_partnership(partner, form="event", title="Salon"), alice)
    fill(event, alice)
    event.refresh_from_db()
    assert "foreign_state_convention" not in event.flag_reasons


def test_not_knowing_the_sanctions_answer_is_a_red_line(town_a: Municipality, alice: User) -> None:
    assessment = start(make_partnership(town_a), alice)
    fill(assessment, alice, {"ip6": "unknown"})
    assessment.refresh_from_db()
    assert "red_line" in assessment.flag_reasons and assessment.result["red_lines"] == ["ip6"]


def test_a_contradiction_between_an_answer_and_a_control_is_refused(
    town_a: Municipality, alice: User
) -> None:
    assessment = start(make_partnership(town_a), alice)
    ip7 = Question.objects.get(questionnaire=v2(), key="ip7")
    no_access = Control.objects.get(questionnaire=v2(), key="ip_c3")
    assert no_access.contradicted_by == ip7
    actions.save_answer(assessment.pk, ip7, 4, alice, seen_revision=0)
    with pytest.raises(actions.AssessmentError) as error:
        actions.set_control(assessment.pk, no_access, True, alice, "Aucun accès")
    assert error.value.code == "contradicted_by_answer"
    # and the other way round: with the control ticked, the contradicting answer is refused
    actions.save_answer(assessment.pk, ip7, 0, alice, seen_revision=1)
    actions.set_control(assessment.pk, no_access, True, alice, "Aucun accès")
    with pytest.raises(actions.AssessmentError) as error:
        actions.save_answer(assessment.pk, ip7, 4, alice, seen_revision=2)
    assert error.value.code == "contradicts_control"


def test_submission_needs_every_applicable_question_answered(
    town_a: Municipality, alice: User
) -> None:
    assessment = start(make_partnership(town_a), alice)
    fill(assessment, alice)
    last = Question.objects.get(questionnaire=v2(), key="conf8")
    answer = assessment.answers.get(question=last)
    actions.save_answer(assessment.pk, last, None, alice, seen_revision=answer.revision)
    with pytest.raises(actions.AssessmentError) as error:
        actions.submit_assessment(assessment.pk, alice)
    assert error.value.code == "incomplete" and error.value.detail == "conf8"
    # "I don't know" is an answer
    actions.save_answer(assessment.pk, last, "unknown", alice, seen_revision=0)
    assert actions.submit_assessment(assessment.pk, alice).status == "submitted"
