"""Changes to the context a draft is scored against are audited and recompute the drafts."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Country
from risks import actions
from risks.models import Assessment
from tests.factories import make_partner, make_partnership
from tests.risks.test_questionnaire_v2 import fill

pytestmark = pytest.mark.django_db

SETTINGS = {
    "classification": "Document interne",
    "review_months_low": 36,
    "review_months_moderate": 24,
    "review_months_high": 12,
    "review_months_critical": 6,
}


def moderate_draft(town: Municipality, user: User) -> Assessment:
    """A draft whose worst residual score is in the moderate band (5-9)."""
    assessment = actions.start_assessment(make_partnership(town), user)
    fill(assessment, user, {"dis1": 4, "dis_third_state": 4, "dis_visibility": 4})
    assessment.refresh_from_db()
    assert assessment.score is not None and 5 <= assessment.score <= 9
    return assessment


def test_a_tolerance_change_is_audited_and_recomputes_the_drafts(
    martha: User,
    martha_client: Client,
    alice: User,
    town_a: Municipality,
    django_capture_on_commit_callbacks: Any,
) -> None:
    draft = moderate_draft(town_a, alice)
    assert "tolerance" not in draft.flag_reasons
    with django_capture_on_commit_callbacks(execute=True):
        response = martha_client.post(
            reverse("municipalities:settings"), {**SETTINGS, "risk_tolerance": 5}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "tolerance" in draft.flag_reasons
    latest = town_a.history.order_by("-history_date").first()
    assert latest is not None and latest.risk_tolerance == 5 and latest.history_user == martha


def test_a_country_context_change_is_audited_and_recomputes_the_drafts(
    alice: User, town_a: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    partner = make_partner(town_a, "BR", kind="local_authority")
    draft = actions.start_assessment(make_partnership(partner), alice)
    fill(draft, alice, {"dis1": 4})
    draft.refresh_from_db()
    before = draft.result["categories"]["disinformation"]["likelihood"]
    country = Country.objects.get(pk="BR")
    with django_capture_on_commit_callbacks(execute=True):
        country.fimi_attributed = True
        country.fimi_source = "Source de test"
        country.save()
    draft.refresh_from_db()
    assert draft.result["categories"]["disinformation"]["likelihood"] == before + 1
    assert country.history.filter(fimi_attributed=True).exists()
