"""The demo shows the ministry's picture: one body, three towns, three spellings, an advisory."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ministry.demo import ADVISORY_TITLE, SPELLINGS
from ministry.models import Advisory, EntityLink, ForeignEntity


@pytest.mark.django_db
def test_the_demo_has_one_shared_body_and_one_advisory_and_loads_twice() -> None:
    call_command("load_demo")
    call_command("load_demo")
    entity = ForeignEntity.objects.get(links__partner__name=SPELLINGS["montclair"])
    assert entity.municipality_count == 3
    names = set(EntityLink.objects.filter(entity=entity).values_list("partner__name", flat=True))
    assert names == set(SPELLINGS.values())
    advisory = Advisory.objects.get(title=ADVISORY_TITLE)
    assert advisory.entity == entity
    assert advisory.reach.count() == 3
