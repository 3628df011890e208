"""The municipality profile, the answers prefilled from the register, and diagnostics made with
an older questionnaire version."""

import datetime
import itertools

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from risks import actions, compute, elections, scoring
from risks.models import Answer, AnswerOrigin, Assessment, Question, Questionnaire
from risks.structure import structure_of
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db

PROFILE_KEYS = ["prof_election", "prof_monitoring", "prof_crisis_plan", "prof_training"]


def v2() -> Questionnaire:
    return Questionnaire.objects.get(version=2)


def test_no_profile_and_no_country_context_flags_a_partnership_by_score() -> None:
    """Every partnership-specific answer at its lowest, nothing flowing out: whatever the
    profile says (every combination) and whatever the country context, no score reaches even
    the lowest tolerance and no risk is critical."""
    structure = structure_of(v2().pk)
    top = [q for q in structure.questions if q.depends_on_id is None]
    questions = [
        scoring.Question(
            q.key, q.category, q.axis, q.weight, q.unknown_points, q.red_line_at, q.allow_na
        )
        for q in top
    ]
    lowest = {q.key: min(structure.choice_points(q)) for q in top if not q.profile}
    profile = [q for q in top if q.profile]
    assert len(profile) == 5
    profile_values: list[list[scoring.Answer]] = [
        [*sorted(structure.choice_points(q)), "unknown"] for q in profile
    ]
    contexts = [
        scoring.Context(regime_class=regime, fimi_attributed=fimi, active_conflict=conflict)
        for regime, fimi, conflict in itertools.product(
            (None, 0, 1, 2, 3), (False, True), (False, True)
        )
    ]
    checked = 0
    for values in itertools.product(*profile_values):
        answers: dict[str, scoring.Answer] = {**lowest}
        answers.update({q.key: v for q, v in zip(profile, values, strict=True)})
        for context in contexts:
            result = scoring.score(questions, answers, context, tolerance=5, method=2)
            assert not {"tolerance", "inherent_critical"} & set(result.flag_reasons), (
                values,
                context,
            )
            checked += 1
    assert checked == 4**5 * len(contexts)


def test_the_election_question_is_computed_from_the_calendar() -> None:
    assert elections.election_points(datetime.date(2026, 1, 10)) == 4  # municipal, March 2026
    assert elections.election_points(datetime.date(2030, 6, 1)) == 2  # municipal, March 2032
    assert elections.election_points(datetime.date(2030, 1, 1)) == 0


def test_the_profile_is_due_a_year_later_or_after_the_next_election() -> None:
    # answered before the 2027 presidential election: due the day after it
    assert elections.profile_due_on(datetime.date(2026, 11, 30)) == datetime.date(2027, 4, 11)
    # no election within the year: due a year later
    answered = datetime.date(2027, 5, 1)
    assert elections.profile_due_on(answered) == answered + datetime.timedelta(days=365)


def profile_post(values: dict[str, str]) -> dict[str, str]:
    data = dict(values)
    data.update({f"{key}-justification": f"Réponse {key}" for key in values})
    return data


FULL_PROFILE = {
    "prof_election": "4",
    "prof_monitoring": "0",
    "prof_crisis_plan": "2",
    "prof_training": "unknown",
    "prof_incidents": "0",
}


def test_profile_page_access(
    alice_client: Client, victor_client: Client, martha_client: Client, oscar_client: Client
) -> None:
    url, save = reverse("risks:profile"), reverse("risks:profile_save")
    page = victor_client.get(url)
    assert page.status_code == 200 and "disabled" in page.content.decode()
    assert victor_client.post(save, profile_post(FULL_PROFILE)).status_code == 403
    assert alice_client.post(save, profile_post(FULL_PROFILE)).status_code == 403
    response = martha_client.post(save, profile_post(FULL_PROFILE))
    assert response.status_code == 302
    # the outsider sees their own municipality's profile, not town A's
    assert "Réponse prof_election" not in oscar_client.get(url).content.decode()
    assert "Réponse prof_election" in victor_client.get(url).content.decode()


def test_an_incomplete_profile_is_refused_and_nothing_saved(
    martha_client: Client, town_a: Municipality
) -> None:
    partial = {k: v for k, v in FULL_PROFILE.items() if k != "prof_training"}
    response = martha_client.post(reverse("risks:profile_save"), profile_post(partial))
    assert response.status_code == 422
    assert not town_a.profile_answers.exists()


def test_the_profile_is_carried_into_diagnostics_and_drafts_follow_it(
    town_a: Municipality, alice: User, martha: User, martha_client: Client, alice_client: Client
) -> None:
    draft = actions.start_assessment(make_partnership(town_a), alice)
    martha_client.post(reverse("risks:profile_save"), profile_post(FULL_PROFILE))
    fresh = actions.start_assessment(make_partnership(town_a), alice)
    for assessment in (draft, fresh):
        carried = Answer.objects.get(assessment=assessment, question__key="prof_crisis_plan")
        assert carried.points == 2 and carried.origin == AnswerOrigin.PROFILE
    page = alice_client.get(fresh.get_absolute_url()).content.decode()
    assert page.count("origin-profile") == 5  # the five profile answers say where from
    # the officer adjusts one answer for this diagnostic: the next profile change leaves it
    own = Answer.objects.get(assessment=fresh, question__key="prof_monitoring")
    actions.save_answer(fresh.pk, own.question, 4, alice, seen_revision=own.revision)
    changed = {**FULL_PROFILE, "prof_monitoring": "2", "prof_crisis_plan": "0"}
    martha_client.post(reverse("risks:profile_save"), profile_post(changed))
    answers = {
        a.question.key: a.points
        for a in Answer.objects.filter(assessment=fresh).select_related("question")
    }
    assert answers["prof_monitoring"] == 4 and answers["prof_crisis_plan"] == 0


def test_register_facts_are_prefilled_and_a_disagreement_is_shown(
    town_a: Municipality, alice: User, alice_client: Client
) -> None:
    partner = make_partner(town_a, "CN", kind="university", linked_to_military=True)
    partnership = make_partnership(partner, form="mou", sectors=["ai"], flows=["technology"])
    assessment = actions.start_assessment(partnership, alice)
    prefilled = {
        a.question.key: (a.points, a.origin)
        for a in Answer.objects.filter(assessment=assessment).select_related("question")
        if a.origin == AnswerOrigin.REGISTER
    }
    assert prefilled == {
        "ip1": (4, "register"),  # a strategic sector
        "ip3_control": (4, "register"),  # linked to the army
        "ip7": (4, "register"),  # technology flows out
    }  # a university is neither a State body nor a local authority: the register is silent
    page = alice_client.get(assessment.get_absolute_url()).content.decode()
    assert "register-disagreement" not in page
    # the officer says the partner is not steered by the army: the page shows the register
    q = Question.objects.get(questionnaire=v2(), key="ip3_control")
    actions.save_answer(assessment.pk, q, 0, alice, seen_revision=0)
    page = alice_client.get(assessment.get_absolute_url()).content.decode()
    assert page.count("register-disagreement") == 1


def test_a_draft_on_version_1_can_be_continued_or_restarted_on_version_2(
    town_a: Municipality, alice: User, alice_client: Client
) -> None:
    v1 = Questionnaire.objects.get(version=1)
    partnership = make_partnership(town_a)
    draft = Assessment.objects.create(
        municipality=town_a, partnership=partnership, questionnaire=v1, created_by=alice
    )
    for key, points in (("ip1", 4), ("dis1", 3), ("conf9", 4)):
        question = Question.objects.get(questionnaire=v1, key=key)
        actions.save_answer(draft.pk, question, points, alice, seen_revision=0)
    draft.refresh_from_db()
    assert draft.result["method"] == 1  # continued: scored with its own method
    page = alice_client.get(draft.get_absolute_url()).content.decode()
    assert reverse("risks:upgrade", args=[draft.pk]) in page
    assert alice_client.post(reverse("risks:upgrade", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.questionnaire == v2() and draft.result["method"] == 2
    kept = {
        a.question.key: a.points
        for a in Answer.objects.filter(assessment=draft).select_related("question")
        if a.origin == AnswerOrigin.OFFICER
    }
    assert kept == {"ip1": 4, "dis1": 3}  # conf9 is no question of version 2
    assert all(a.question.questionnaire_id == v2().pk for a in draft.answers.all())


def test_an_approved_version_1_diagnostic_recomputes_to_the_same_numbers(
    town_a: Municipality, alice: User, martha: User
) -> None:
    v1 = Questionnaire.objects.get(version=1)
    draft = Assessment.objects.create(
        municipality=town_a,
        partnership=make_partnership(town_a),
        questionnaire=v1,
        created_by=alice,
    )
    for q in Question.objects.filter(questionnaire=v1).order_by("category", "order"):
        top = max(q.choices.values_list("points", flat=True))
        actions.save_answer(draft.pk, q, top, alice, seen_revision=0)
    for control in v1.controls.all()[:4]:
        actions.set_control(draft.pk, control, True, alice)  # method 1: a tick alone counts
    actions.submit_assessment(draft.pk, alice)
    actions.approve_assessment(draft.pk, martha)
    draft.refresh_from_db()
    stored = draft.result
    recomputed = compute.compute(draft, structure_of(v1.pk), draft.answers.all())
    assert recomputed.explain_dict() == stored and stored["method"] == 1
    assert len(draft.controls_in_place) == 4
