"""The partnership exports carry each partnership's risk: rating, score, flag and its reasons,
last diagnostic and the ministry referral's state, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from municipalities.models import Municipality
from reviews import actions as review_actions
from reviews.models import Referral
from tests.factories import make_partnership
from tests.reviews.conftest import approved_assessment, make_liaison

pytestmark = pytest.mark.django_db


def csv_rows(client: Client) -> list[dict[str, str]]:
    response = client.get(reverse("partners:partnership_export_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_csv_says_the_risk_of_each_partnership(
    town_a: Municipality, alice: User, martha: User, victor_client: Client
) -> None:
    make_liaison("liaison@meae.test", region=town_a.region)
    flagged = approved_assessment(alice, martha, town=town_a, points=4)
    referral = Referral.objects.get(assessment=flagged)
    review_actions.give_opinion(referral.pk, referral_liaison(), "vigilance", "Prudence.")
    make_partnership(town_a, title="Sans diagnostic")
    rows = {row["intitulé"]: row for row in csv_rows(victor_client)}
    rated = rows[flagged.partnership.title]
    assert rated["cotation"] == "critique"
    assert rated["score résiduel"] == str(flagged.score)
    assert rated["signalé au ministère"] == "oui"
    assert "tolérance de la commune" in rated["motifs du signalement"]
    assert flagged.approved_at is not None
    approved_on = timezone.localtime(flagged.approved_at).strftime("%d/%m/%Y")
    assert rated["dernier diagnostic approuvé le"] == approved_on
    assert rated["saisine du ministère"] == "avis rendu"
    empty = rows["Sans diagnostic"]
    assert [empty[k] for k in ("cotation", "score résiduel", "saisine du ministère")] == [""] * 3
    assert empty["signalé au ministère"] == "non"


def referral_liaison() -> User:
    return User.objects.get(email="liaison@meae.test")


def test_the_xlsx_has_the_same_columns(
    town_a: Municipality, alice: User, martha: User, victor_client: Client
) -> None:
    approved_assessment(alice, martha, town=town_a, points=1)
    response = victor_client.get(reverse("partners:partnership_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-6:] == [
        "cotation",
        "score résiduel",
        "signalé au ministère",
        "motifs du signalement",
        "dernier diagnostic approuvé le",
        "saisine du ministère",
    ]
    values = [c.value for c in next(iter(sheet.iter_rows(min_row=2, max_row=2)))]
    assert values[header.index("cotation")] == "faible"


def test_a_formula_in_a_title_stays_text(town_a: Municipality, victor_client: Client) -> None:
    make_partnership(town_a, title='=HYPERLINK("http://x")')
    (row,) = csv_rows(victor_client)
    assert row["intitulé"].startswith("'=")


def test_the_export_costs_the_same_queries_for_many_rows(
    town_a: Municipality,
    alice: User,
    martha: User,
    victor_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    for points in (0, 1, 4):
        approved_assessment(alice, martha, town=town_a, points=points)
    for n in range(30):
        make_partnership(town_a, title=f"Partenariat {n:02d}")
    victor_client.get("/")
    with django_assert_max_num_queries(7):
        assert len(csv_rows(victor_client)) == 33
