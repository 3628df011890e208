"""Screening in the app: hits on save, the partner's page, decisions, flags, filter and report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Partner
from reports.screening import screening_results_for
from risks.compute import context_for
from screening import actions
from screening.models import Decision, Hit
from screening.state import State, sanctions_state
from tests.factories import make_partner, make_partnership
from tests.screening.files import WRITERS, Made

pytestmark = pytest.mark.django_db

LISTED = [
    Made("Z1", "OOO Zvezda Trading", aliases=["ООО Звезда Трейдинг"], countries=["RU"]),
    Made("H1", "Harbin Example Polytechnic University", countries=["CN"]),
]


def load(entries: list[Made] = LISTED, fmt: str = "csv") -> None:
    actions.load_list(io.BytesIO(WRITERS[fmt](entries)), fmt, "Liste nationale")


@pytest.fixture
def listed_partner(town_a: Municipality, django_capture_on_commit_callbacks: Any) -> Partner:
    load()
    with django_capture_on_commit_callbacks(execute=True):
        partner = make_partner(town_a, "Zvezda Trading LLC", kind="company", country_id="RU")
    partner.refresh_from_db()
    return partner


def test_a_partner_is_screened_when_saved(listed_partner: Partner) -> None:
    [hit] = Hit.objects.filter(partner=listed_partner)
    assert hit.entry.entry_id == "Z1"
    assert hit.decision == Decision.UNREVIEWED
    assert hit.features["countries_matched"] == ["RU"]
    assert listed_partner.screening_to_review
    assert listed_partner.screened_at is not None
    assert not listed_partner.sanctions_confirmed


def test_the_parent_organisation_is_screened_too(town_a: Municipality) -> None:
    load()
    partner = make_partner(
        town_a,
        "Harbin Angers Friendship Society",
        country_id="CN",
        parent_organisation="Harbin Example Polytechnic University",
    )
    [hit] = actions.screen_partner(partner)
    assert hit.entry.entry_id == "H1"
    assert hit.features["subject"] == "parent"


def test_an_innocent_partner_has_no_hit_and_is_clear(town_a: Municipality) -> None:
    load()
    partner = make_partner(town_a, "Harbin Sister-City Association", country_id="CN")
    assert actions.screen_partner(partner) == []
    partner.refresh_from_db()
    state = sanctions_state(partner)
    assert state.state == State.CLEAR
    assert [used.name for used in state.lists] == ["Liste nationale"]


def test_members_see_the_hits_explained_and_outsiders_get_404(
    listed_partner: Partner,
    alice_client: Client,
    victor_client: Client,
    oscar_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("screening:partner_hits", args=[listed_partner.pk])
    with django_assert_max_num_queries(8):
        page = alice_client.get(url)
    body = page.content.decode()
    assert "OOO Zvezda Trading" in body
    assert "Liste nationale" in body
    assert "zvezda ↔ zvezda" in body  # which words matched, and how
    assert 'name="decision"' in body
    viewer = victor_client.get(url).content.decode()
    assert "OOO Zvezda Trading" in viewer
    assert 'name="decision"' not in viewer
    assert oscar_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_an_officer_confirms_a_hit_and_the_partner_is_flagged(
    listed_partner: Partner, alice_client: Client, victor_client: Client, oscar_client: Client
) -> None:
    hit = Hit.objects.get(partner=listed_partner)
    url = reverse("screening:decide_hit", args=[hit.pk])
    data = {"decision": "confirmed", "reason": "Same registration number (OGRN)."}
    assert victor_client.post(url, data).status_code == 403
    assert oscar_client.post(url, data).status_code == 404
    assert alice_client.get(url).status_code == 405
    refused = alice_client.post(url, {"decision": "confirmed", "reason": ""})
    assert refused.status_code == 422
    hit.refresh_from_db()
    assert hit.decision == Decision.UNREVIEWED
    response = alice_client.post(url, data)
    assert response.status_code == 302
    hit.refresh_from_db()
    assert hit.decided_by is not None
    assert (hit.decision, hit.reason, hit.decided_by.email) == (
        "confirmed",
        "Same registration number (OGRN).",
        "alice@a.test",
    )
    assert hit.decided_at is not None
    listed_partner.refresh_from_db()
    assert listed_partner.sanctions_confirmed
    assert not listed_partner.screening_to_review
    partnership = make_partnership(listed_partner)
    assert context_for(partnership, method=2).sanctions_confirmed
    assert sanctions_state(listed_partner).state == State.CONFIRMED
    report = screening_results_for(listed_partner)
    assert report.verdict == "Correspondance confirmée sur une liste de sanctions."
    assert [h.decision for h in report.hits] == ["confirmée"]
    assert report.lists[0].startswith("Liste nationale (")


def test_a_decision_stays_until_the_partner_or_the_entry_changes(
    listed_partner: Partner, alice: User
) -> None:
    hit = Hit.objects.get(partner=listed_partner)
    actions.decide(hit, alice, Decision.DISMISSED, "Another company, other address.")
    actions.screen_partner(listed_partner)
    assert Hit.objects.get(pk=hit.pk).decision == Decision.DISMISSED
    # The partner changes what is screened: the dismissal is to be reviewed again.
    listed_partner.aliases = "Zvezda Trade"
    listed_partner.save()
    actions.screen_partner(listed_partner)
    assert Hit.objects.get(pk=hit.pk).decision == Decision.UNREVIEWED
    # A dismissal for good outlives the partner's changes…
    actions.decide(Hit.objects.get(pk=hit.pk), alice, Decision.DISMISSED_FOR_GOOD, "Checked.")
    listed_partner.aliases = "Zvezda Trade\nZvezda"
    listed_partner.save()
    actions.screen_partner(listed_partner)
    assert Hit.objects.get(pk=hit.pk).decision == Decision.DISMISSED_FOR_GOOD
    # …and a confirmation goes back to review when the list entry changes.
    actions.decide(Hit.objects.get(pk=hit.pk), alice, Decision.CONFIRMED, "Same OGRN.")
    changed = [Made("Z1", "OOO Zvezda Trading", aliases=["Zvezda Group"], countries=["RU"])]
    load(changed)
    actions.screen_partner(listed_partner)
    assert Hit.objects.get(pk=hit.pk).decision == Decision.UNREVIEWED
    listed_partner.refresh_from_db()
    assert listed_partner.screening_to_review and not listed_partner.sanctions_confirmed


def test_an_entry_removed_from_the_list_clears_a_confirmed_partner(
    listed_partner: Partner, alice: User
) -> None:
    actions.decide(Hit.objects.get(partner=listed_partner), alice, Decision.CONFIRMED, "OGRN.")
    load([LISTED[1]])
    listed_partner.refresh_from_db()
    assert not listed_partner.sanctions_confirmed
    assert not Hit.objects.filter(partner=listed_partner).exists()


def test_the_partner_list_filters_on_unreviewed_hits(
    listed_partner: Partner, town_a: Municipality, alice_client: Client
) -> None:
    make_partner(town_a, "Comune di Vallerosa", country_id="IT")
    url = reverse("partners:partner_list")
    body = alice_client.get(url, {"screening": "to_review"}).content.decode()
    assert "Zvezda Trading LLC" in body
    assert "Comune di Vallerosa" not in body
    everyone = alice_client.get(url).content.decode()
    assert "Comune di Vallerosa" in everyone


def test_the_partner_page_shows_the_screening_summary(
    listed_partner: Partner, alice_client: Client
) -> None:
    body = alice_client.get(listed_partner.get_absolute_url()).content.decode()
    assert reverse("screening:partner_hits", args=[listed_partner.pk]) in body
    assert "correspondances à examiner" in body


def test_rescreening_every_partner_finds_what_screening_one_finds(
    town_a: Municipality, town_b: Municipality
) -> None:
    load()
    listed = make_partner(town_a, "Zvezda Trading LLC", kind="company", country_id="RU")
    parent = make_partner(
        town_b,
        "Harbin Friendship Society",
        country_id="CN",
        parent_organisation="Harbin Example Polytechnic University",
    )
    clear = make_partner(town_b, "Comune di Vallerosa", country_id="IT")
    Hit.objects.all().delete()
    Partner.objects.update(screened_at=None, screening_to_review=False)
    assert actions.rescreen_all() == 3
    hits = {h.partner_id: h.entry.entry_id for h in Hit.objects.select_related("entry")}
    assert hits == {listed.pk: "Z1", parent.pk: "H1"}
    assert set(Partner.objects.filter(screening_to_review=True)) == {listed, parent}
    assert not Partner.objects.filter(screened_at__isnull=True).exists()
    assert [f.entry.entry_id for f in actions.screen(actions.partner_subjects(clear))] == []


def test_the_panel_comes_alone_to_htmx_and_a_decision_swaps_it(
    listed_partner: Partner, alice_client: Client
) -> None:
    url = reverse("screening:partner_hits", args=[listed_partner.pk])
    panel = alice_client.get(url, headers={"HX-Request": "true"})
    assert "HX-Request" in panel["Vary"]
    body = panel.content.decode()
    assert body.lstrip().startswith('<section class="card" aria-labelledby="screening-title"')
    assert "<html" not in body
    hit = Hit.objects.get(partner=listed_partner)
    decided = alice_client.post(
        reverse("screening:decide_hit", args=[hit.pk]),
        {"decision": "dismissed_for_good", "reason": "Homonyme : autre adresse."},
        headers={"HX-Request": "true"},
    )
    assert decided.status_code == 200
    assert "Écartée définitivement" in decided.content.decode()


def test_every_partner_is_rescreened_nightly() -> None:
    from django.conf import settings

    from citydiplo.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "screening.tasks.rescreen_all_task" in tasks
    app.loader.import_default_modules()
    assert "screening.tasks.rescreen_all_task" in app.tasks
