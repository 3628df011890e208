"""Controls of a diagnostic: saved at once with htmx or with the full page, counted only when
justified (method 2), guarded by revisions like answers, and saved by one action per page."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from risks import actions
from risks.models import Assessment, Control, ControlAnswer
from tests.factories import make_partnership, question, questionnaire
from tests.forms import form_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def draft(town_a: Municipality, alice: User) -> Assessment:
    return actions.start_assessment(make_partnership(town_a), alice)


def control(key: str) -> Control:
    return Control.objects.get(questionnaire=questionnaire(), key=key)


def first_control() -> Control:
    found = Control.objects.filter(questionnaire=questionnaire()).order_by("category", "order")
    return found.first()  # type: ignore[return-value]


def control_post(key: str, *, ticked: bool, justification: str, revision: int) -> dict[str, str]:
    """What the browser sends for one control row (hx-include="this" plus hx-vals)."""
    data = {
        "control": key,
        f"control-{key}-revision": str(revision),
        f"control-{key}-justification": justification,
    }
    if ticked:
        data[f"control-{key}-in_place"] = "on"
    return data


def residual(assessment: Assessment, code: str) -> Any:
    assessment.refresh_from_db()
    return assessment.result["categories"][code]


def answer_category_high(assessment: Assessment, user: User, category: str) -> None:
    for q in questionnaire().questions.filter(category=category, depends_on=None):
        top = max(q.choices.values_list("points", flat=True))
        actions.save_answer(assessment.pk, q, top, user, seen_revision=0)


def test_a_control_ticked_in_the_live_page_is_saved_and_lowers_the_residual(
    draft: Assessment, alice: User, alice_client: Client
) -> None:
    target = first_control()
    answer_category_high(draft, alice, target.category)
    before = residual(draft, target.category)
    url = reverse("risks:control", args=[draft.pk])
    response = alice_client.post(
        url,
        control_post(target.key, ticked=True, justification="Clauses signées", revision=0),
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_control-{target.key}-revision"' in body and 'value="1"' in body
    assert 'id="scorecard" hx-swap-oob="true"' in body
    state = ControlAnswer.objects.get(assessment=draft, control=target)
    assert state.in_place and state.justification == "Clauses signées"
    after = residual(draft, target.category)
    assert draft.controls_in_place == [target.key]
    axis = f"residual_{target.axis}"
    assert after[axis] == before[axis] - 1
    assert after["residual_score"] < before["residual_score"]


def test_a_control_without_its_justification_is_kept_but_not_counted(
    draft: Assessment, alice: User, alice_client: Client
) -> None:
    # The justification rule is method 2's (method 1 counts a tick alone).
    assert questionnaire().method == 2
    target = first_control()
    answer_category_high(draft, alice, target.category)
    before = residual(draft, target.category)
    url = reverse("risks:control", args=[draft.pk])
    response = alice_client.post(
        url, control_post(target.key, ticked=True, justification="  ", revision=0), headers=HTMX
    )
    assert response.status_code == 200
    assert "write why" in json.loads(response["HX-Trigger"])["announce"].lower() or (
        "pourquoi" in json.loads(response["HX-Trigger"])["announce"]
    )
    assert ControlAnswer.objects.get(assessment=draft, control=target).in_place
    assert residual(draft, target.category) == before
    assert draft.controls_in_place == []
    # once justified, it counts
    alice_client.post(
        url,
        control_post(target.key, ticked=True, justification="Clauses signées", revision=1),
        headers=HTMX,
    )
    assert residual(draft, target.category)["residual_score"] < before["residual_score"]


def test_a_stale_htmx_control_change_is_reported_not_saved(
    draft: Assessment, alice_client: Client, martha_client: Client
) -> None:
    target = first_control()
    url = reverse("risks:control", args=[draft.pk])
    alice_client.post(
        url, control_post(target.key, ticked=True, justification="Fait", revision=0), headers=HTMX
    )
    response = martha_client.post(
        url, control_post(target.key, ticked=False, justification="", revision=0), headers=HTMX
    )
    assert 'class="control conflict"' in response.content.decode()
    state = ControlAnswer.objects.get(assessment=draft, control=target)
    assert state.in_place and state.justification == "Fait" and state.revision == 1


def test_a_stale_full_page_save_reports_the_conflict_instead_of_undoing_a_tick(
    draft: Assessment, alice_client: Client, martha_client: Client
) -> None:
    target = first_control()
    # martha opens the page; alice then ticks a control with its justification
    stale_page = martha_client.get(draft.get_absolute_url()).content.decode()
    alice_client.post(
        reverse("risks:control", args=[draft.pk]),
        control_post(target.key, ticked=True, justification="Clauses signées", revision=0),
        headers=HTMX,
    )
    # martha saves her page without JavaScript: she never saw alice's tick
    response = martha_client.post(
        reverse("risks:save", args=[draft.pk]), form_data(stale_page, "diagnostic-form")
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'class="control conflict"' in body
    draft.refresh_from_db()
    assert draft.controls_in_place == [target.key]
    state = ControlAnswer.objects.get(assessment=draft, control=target)
    assert state.in_place and state.justification == "Clauses signées"


def test_the_full_page_saves_controls_and_the_opinion_request(
    draft: Assessment, alice_client: Client
) -> None:
    target = first_control()
    data = form_data(alice_client.get(draft.get_absolute_url()).content.decode(), "diagnostic-form")
    data[f"control-{target.key}-in_place"] = ["on"]
    data[f"control-{target.key}-justification"] = ["Vérifié avec la préfecture"]
    data["opinion_requested"] = ["on"]
    response = alice_client.post(reverse("risks:save", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.controls_in_place == [target.key]
    assert draft.opinion_requested and "opinion_requested" in draft.flag_reasons
    # the page shows it saved
    page = alice_client.get(draft.get_absolute_url()).content.decode()
    assert "Vérifié avec la préfecture" in page
    assert 'id="opinion_requested" checked' in page


def test_the_opinion_checkbox_is_saved_at_once_with_htmx(
    draft: Assessment, alice_client: Client
) -> None:
    url = reverse("risks:opinion", args=[draft.pk])
    response = alice_client.post(url, {"opinion_requested": "on"}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="scorecard" hx-swap-oob="true"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.opinion_requested and draft.flagged
    alice_client.post(url, {}, headers=HTMX)  # unticked: the browser sends nothing
    draft.refresh_from_db()
    assert not draft.opinion_requested


def test_a_full_page_save_is_one_lock_and_one_recompute(
    draft: Assessment, alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = form_data(alice_client.get(draft.get_absolute_url()).content.decode(), "diagnostic-form")
    for key in ("ip1", "dis1", "conf5"):
        q = question(key)
        data[f"q{q.pk}-value"] = [str(max(q.choices.values_list("points", flat=True)))]
    target = first_control()
    data[f"control-{target.key}-in_place"] = ["on"]
    data[f"control-{target.key}-justification"] = ["Fait"]
    recomputes: list[int] = []
    original = actions.compute.compute

    def counting(*args: Any, **kwargs: Any) -> Any:
        recomputes.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(actions.compute, "compute", counting)
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(reverse("risks:save", args=[draft.pk]), data)
    assert response.status_code == 302
    assert sum("FOR UPDATE" in q["sql"] for q in queries.captured_queries) == 1
    assert len(recomputes) == 1
    saved = {
        a.question.key: a.origin
        for a in draft.answers.select_related("question").filter(revision__gte=1)
    }
    assert saved == {"ip1": "", "dis1": "", "conf5": ""}  # the three the officer answered
    assert ControlAnswer.objects.filter(assessment=draft).count() == 1


def test_controls_carry_their_history(draft: Assessment, alice: User, martha: User) -> None:
    target = first_control()
    actions.save_control(
        draft.pk, target, alice, in_place=True, justification="Fait", seen_revision=0
    )
    actions.save_control(
        draft.pk, target, martha, in_place=False, justification="Fait", seen_revision=1
    )
    state = ControlAnswer.objects.get(assessment=draft, control=target)
    assert [h.history_user for h in state.history.order_by("history_date")] == [alice, martha]
