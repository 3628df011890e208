"""A national liaison is one more case of the single liaison rule: it follows every town."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import LiaisonAssignment, Municipality, Region
from reviews.models import Referral
from reviews.recipients import follows, liaisons_of
from tests.conftest import make_municipality, make_user
from tests.ministry.conftest import national_liaison, regional_liaison


@pytest.mark.django_db
def test_a_national_liaison_follows_every_municipality_in_every_region() -> None:
    towns = [make_municipality(f"T{r}", region=r) for r in (Region.BRETAGNE, Region.CORSE)]
    national = national_liaison()
    breton = regional_liaison(Region.BRETAGNE)
    assert set(Municipality.objects.followed_by(national)) == set(towns)
    assert set(Municipality.objects.followed_by(breton)) == {towns[0]}
    assert all(follows(national, t) for t in towns)
    assert liaisons_of(towns[1]) == [national]
    assert set(liaisons_of(towns[0])) == {national, breton}
    assert Referral.objects.for_liaison(national).query is not None


@pytest.mark.django_db
def test_an_assignment_has_exactly_one_scope() -> None:
    user = make_user("x@meae.test")
    town = make_municipality("Une")
    for scope in (
        {"national": True, "region": Region.BRETAGNE},
        {"national": True, "municipality": town},
        {},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            LiaisonAssignment.objects.create(liaison=user, **scope)
    LiaisonAssignment.objects.create(liaison=user, national=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonAssignment.objects.create(liaison=user, national=True)
