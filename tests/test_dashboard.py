"""The dashboard per role: what awaits each person, and figures that match the data."""

from __future__ import annotations

import itertools
import random
import re
from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality, Role
from partners.models import Partnership
from reviews import actions as review_actions
from reviews.models import Referral
from risks import actions as risk_actions
from risks.models import Assessment, AssessmentStatus
from tests.conftest import client_for, make_member
from tests.factories import make_partner, make_partnership, questionnaire
from tests.reviews.conftest import answer_quickly, approved_assessment, make_liaison

pytestmark = pytest.mark.django_db

BUDGET_MEMBER = 14  # session, user, memberships, header, then one query per figure or item
BUDGET_LIAISON = 9


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(body: str, ident: str) -> str:
    match = re.search(rf'<section[^>]*id="{ident}".*?</section>', body, re.S)
    return match.group(0) if match else ""


def figure(body: str, name: str) -> int:
    match = re.search(rf'data-figure="{name}">(?:<a [^>]*>)?<strong>(\d+)</strong>', body)
    assert match, f"no figure {name}"
    return int(match.group(1))


def band_count(body: str, code: str) -> int:
    match = re.search(rf'<tr data-band="{code}">.*?<a [^>]*>(\d+)</a>', body, re.S)
    assert match, f"no band row {code}"
    return int(match.group(1))


def cell(body: str, likelihood: int, impact: int) -> int:
    match = re.search(rf'data-cell="{likelihood}-{impact}">(.*?)</td>', body)
    assert match
    found = re.search(r'class="entry">(\d+)<', match.group(1))
    return int(found.group(1)) if found else 0


def test_the_officer_sees_what_awaits_them_with_links(
    town_a: Municipality, alice: User, martha: User, alice_client: Client, martha_client: Client
) -> None:
    draft = risk_actions.start_assessment(make_partnership(town_a, title="Brouillon"), alice)
    submitted = risk_actions.start_assessment(make_partnership(town_a, title="Soumis"), alice)
    answer_quickly(submitted, alice, 1)
    risk_actions.submit_assessment(submitted.pk, alice)
    flagged = approved_assessment(alice, martha, town=town_a)
    liaison = make_liaison("liaison@meae.test", region=town_a.region)
    referral = Referral.objects.get(assessment=flagged)
    review_actions.request_information(referral.pk, liaison, "Quel budget ?")

    officer = section(page(alice_client), "awaiting")
    assert "1 diagnostic à terminer" in officer
    assert f'href="{draft.get_absolute_url()}">Brouillon<' in officer
    assert f'href="{referral.get_absolute_url()}"' in officer
    assert "1 question du ministère à laquelle répondre" in officer
    assert "à approuver" not in officer  # approving is a manager's step
    manager = section(page(martha_client), "awaiting")
    assert "1 diagnostic à approuver" in manager
    assert f'href="{submitted.get_absolute_url()}">Soumis<' in manager
    # Each item's "see all" link lists exactly those partnerships.
    drafts = alice_client.get("/register/partnerships/?diagnostic=draft").content.decode()
    assert "Brouillon" in drafts and "Soumis" not in drafts
    waiting = alice_client.get("/register/partnerships/?diagnostic=submitted").content.decode()
    assert "Soumis" in waiting and "Brouillon" not in waiting


def test_reviews_due_are_counted_by_band_and_listed(
    town_a: Municipality, alice: User, martha: User, alice_client: Client
) -> None:
    late = approved_assessment(alice, martha, town=town_a, points=1)
    soon = approved_assessment(alice, martha, town=town_a, points=1)
    fresh = approved_assessment(alice, martha, town=town_a, points=1)
    band = late.rating
    months = getattr(town_a, f"review_months_{band}")
    now = timezone.now()
    for assessment, rated in (
        (late, now - relativedelta(months=months, days=3)),
        (soon, now - relativedelta(months=months) + timedelta(days=10)),
        (fresh, now),
    ):
        Partnership.objects.filter(pk=assessment.partnership_id).update(rated_at=rated)
    body = section(page(alice_client), "awaiting")
    assert "1 partenariat à réexaminer" in body
    assert re.search(r"1 en retard, 1 dans les 30 jours", body)
    listed = alice_client.get("/register/partnerships/?review=due").content.decode()
    assert late.partnership.title in listed and soon.partnership.title not in listed
    # A reassessment in progress answers the review.
    risk_actions.start_assessment(late.partnership, alice)
    assert "à réexaminer" not in section(page(alice_client), "awaiting")


def test_the_portfolio_figures_match_the_data(
    town_a: Municipality, town_b: Municipality, alice: User, martha: User, victor: User
) -> None:
    critical_proposed = approved_assessment(alice, martha, town=town_a, points=4)
    Partnership.objects.filter(pk=critical_proposed.partnership_id).update(status="proposed")
    low = approved_assessment(alice, martha, town=town_a, points=0)
    ended = approved_assessment(alice, martha, town=town_a, points=4)
    Partnership.objects.filter(pk=ended.partnership_id).update(status="ended")
    make_partnership(town_a, status="suspended")
    make_partnership(town_b, status="active")  # another town's: never counted
    body = page(client_for(victor))
    assert figure(body, "total") == 3  # the ended one is out
    assert figure(body, "flagged") == 1
    assert figure(body, "referred") == 1
    assert band_count(body, critical_proposed.rating) == 1
    assert band_count(body, low.rating) == 1
    assert band_count(body, "none") == 1
    placed = sum(cell(body, li, im) for li in range(1, 6) for im in range(1, 6))
    assert placed == 2  # the rated partnerships in progress, each once
    worst = max(
        (data["residual_score"], data["residual_impact"], data["residual_likelihood"])
        for data in critical_proposed.result["categories"].values()
        if data["complete"]
    )
    assert cell(body, worst[2], worst[1]) >= 1
    assert "<svg" in body and "<title" in body and 'role="img"' in body
    # Coordinates are written with a dot whatever the language (a comma breaks the drawing).
    assert not re.search(r'\s(?:x|y|width|height)="[\d.]*,', body)


def test_the_viewer_has_nothing_to_do_and_sees_the_decisions(
    town_a: Municipality, alice: User, martha: User, victor: User
) -> None:
    approved = approved_assessment(alice, martha, town=town_a, points=1)
    body = page(client_for(victor))
    assert 'id="awaiting"' not in body and 'id="checklist"' not in body
    main = body.split("<main", 1)[1]
    assert "Enregistrer un premier" not in main  # no call to register anything
    assert "/register/partners/new/" not in main and "/register/partnerships/new/" not in main
    decisions = section(body, "decisions")
    assert approved.partnership.title in decisions
    assert approved.get_absolute_url() in decisions


def test_the_checklist_of_a_new_municipality_disappears_once_done(
    town_a: Municipality, martha: User, martha_client: Client
) -> None:
    body = section(page(martha_client), "checklist")
    assert body.count('class="todo"') == 5
    martha_client.post(
        "/municipality/settings/",
        {
            "classification": "Document interne",
            "risk_tolerance": 12,
            "review_months_low": 36,
            "review_months_moderate": 24,
            "review_months_high": 12,
            "review_months_critical": 6,
        },
    )
    make_member(town_a, Role.OFFICER)
    partnership = make_partnership(town_a)
    assert section(page(martha_client), "checklist").count('class="todo"') == 1
    risk_actions.start_assessment(partnership, martha)
    assert 'id="checklist"' not in page(martha_client)


def test_the_liaison_sees_referrals_by_age_and_deadline(
    town_a: Municipality, alice: User, martha: User
) -> None:
    liaison = make_liaison("liaison@meae.test", region=town_a.region)
    fresh = Referral.objects.get(assessment=approved_assessment(alice, martha, town=town_a))
    old = Referral.objects.get(assessment=approved_assessment(alice, martha, town=town_a))
    Referral.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=40),
        deadline=timezone.localdate() - timedelta(days=10),
    )
    body = page(client_for(liaison))
    assert figure(body, "waiting") == 2
    assert figure(body, "overdue") == 1
    assert old.get_absolute_url() in section(body, "liaison-overdue")
    assert fresh.get_absolute_url() in section(body, "liaison-new")
    assert old.get_absolute_url() not in section(body, "liaison-new")
    ages = re.findall(r'<tr><th scope="row">[^<]+</th><td class="num">(\d+)</td></tr>', body)
    assert ages == ["1", "0", "1"]


def test_an_outsider_liaison_sees_none_of_it(
    town_a: Municipality, alice: User, martha: User
) -> None:
    approved_assessment(alice, martha, town=town_a)
    other = make_liaison("ailleurs@meae.test", region="53")
    body = page(client_for(other))
    assert figure(body, "waiting") == 0


_n = itertools.count()


def big_portfolio(town: Municipality, officer: User, size: int) -> dict[str, Any]:
    """`size` partnerships, each rated by an approved diagnostic at a random matrix cell."""
    rng = random.Random(14)
    partners = [make_partner(town, name=f"Partenaire {i}") for i in range(20)]
    now = timezone.now()
    rows = [
        Partnership(
            municipality=town,
            partner=partners[i % 20],
            title=f"Partenariat {i:04d}",
            form="project",
            status=("proposed", "active", "suspended", "ended")[i % 4],
        )
        for i in range(size)
    ]
    for row in rows:
        row.refresh_normalised()
    Partnership.objects.bulk_create(rows)
    expected: dict[str, Any] = {"bands": {}, "cells": {}, "total": 0}
    assessments = []
    for index, partnership in enumerate(rows):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        score = likelihood * impact
        from risks.scoring import band_for

        band = band_for(score)
        rated_at = now - timedelta(minutes=index)
        partnership.rating, partnership.risk_score, partnership.rated_at = band, score, rated_at
        partnership.risk_likelihood, partnership.risk_impact = likelihood, impact
        partnership.flagged = score >= town.risk_tolerance
        data = {"complete": True, "residual_likelihood": likelihood, "residual_impact": impact}
        assessments.append(
            Assessment(
                municipality=town,
                partnership=partnership,
                questionnaire=questionnaire(),
                status=AssessmentStatus.APPROVED,
                result={"categories": {"ip_capture": data}},
                rating=band,
                score=score,
                created_by=officer,
                approved_by=officer,
                approved_at=rated_at,
            )
        )
        if partnership.status != "ended":
            expected["total"] += 1
            expected["bands"][band] = expected["bands"].get(band, 0) + 1
            key = (likelihood, impact)
            expected["cells"][key] = expected["cells"].get(key, 0) + 1
    Partnership.objects.bulk_update(
        rows, ["rating", "risk_score", "rated_at", "flagged", "risk_likelihood", "risk_impact"]
    )
    Assessment.objects.bulk_create(assessments)
    return expected


def test_two_thousand_partnerships_in_pinned_queries(
    town_a: Municipality,
    alice: User,
    martha: User,
    django_assert_max_num_queries: Any,
) -> None:
    expected = big_portfolio(town_a, alice, 2000)
    client = client_for(martha)
    client.get("/")  # the header's badge is cached after the first page
    with django_assert_max_num_queries(BUDGET_MEMBER):
        body = page(client)
    assert figure(body, "total") == expected["total"] == 1500
    for band, count in expected["bands"].items():
        assert band_count(body, band) == count
    for (likelihood, impact), count in expected["cells"].items():
        assert cell(body, likelihood, impact) == count


def test_query_counts_are_pinned_for_every_role(
    town_a: Municipality,
    alice: User,
    martha: User,
    victor: User,
    django_assert_max_num_queries: Any,
) -> None:
    approved_assessment(alice, martha, town=town_a)
    liaison = make_liaison("liaison@meae.test", region=town_a.region)
    for user, budget in (
        (alice, BUDGET_MEMBER),
        (victor, BUDGET_MEMBER),
        (liaison, BUDGET_LIAISON),
    ):
        client = client_for(user)
        client.get("/")
        with django_assert_max_num_queries(budget):
            page(client)
