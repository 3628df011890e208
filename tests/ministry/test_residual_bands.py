"""The category bands the picture counts are the latest approved diagnostic's: copied onto the
partnership by the approval itself, so that the picture never reads a stale band."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ministry import aggregates
from municipalities.models import Role
from risks.actions import apply_rating
from risks.models import Assessment
from tests.conftest import make_member, make_municipality
from tests.ministry.conftest import rated


def _high_in(category: str, town_ids: list[int]) -> int:
    return aggregates.partnerships(town_ids, aggregates.Filters(category=category)).count()


@pytest.mark.django_db
def test_a_new_approval_moves_the_partnership_between_category_bands() -> None:
    town = make_municipality("Ville")
    partnership = rated(town, categories={"ip_capture": "high", "disinformation": "low"})
    assert partnership.residual_bands == {"ip_capture": "high", "disinformation": "low"}
    assert (_high_in("ip_capture", [town.pk]), _high_in("disinformation", [town.pk])) == (1, 0)

    first = partnership.assessments.get()
    manager = make_member(town, Role.MANAGER)
    later = Assessment.objects.create(
        municipality=town,
        partnership=partnership,
        questionnaire=first.questionnaire,
        status="approved",
        result={
            "categories": {
                "ip_capture": {"residual_band": "low"},
                "disinformation": {"residual_band": "critical"},
            }
        },
        rating="critical",
        created_by=manager,
        approved_by=manager,
        approved_at=timezone.now(),
    )
    apply_rating(later, by=manager)

    partnership.refresh_from_db()
    assert partnership.residual_bands == {"ip_capture": "low", "disinformation": "critical"}
    assert (_high_in("ip_capture", [town.pk]), _high_in("disinformation", [town.pk])) == (0, 1)
