"""What a liaison sees: counts, never the name of a municipality that did not choose so."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ministry import actions, resolution
from ministry.models import ForeignEntity, RegisterView, Sharing
from municipalities.models import Municipality, Region, Role
from reviews.models import Referral
from tests.conftest import client_for, make_member, make_municipality
from tests.factories import make_partner
from tests.ministry.conftest import national_liaison, rated

SECRET_TOWNS = ("Discrèteville", "Muetteville", "Silenceville")


@pytest.fixture
def picture(db: None) -> dict:
    """Three secretive towns dealing with one body; a sharing town; a referring town."""
    secret = [make_municipality(n, region=Region.BRETAGNE) for n in SECRET_TOWNS]
    sharing = make_municipality("Ouverteville", region=Region.OCCITANIE)
    referring = make_municipality("Saisineville", region=Region.GRAND_EST)
    towns = [*secret, sharing, referring]
    spellings = [
        "Harbin Trade Bureau",
        "Harbin Trade Bureau Co., Ltd.",
        "Harbin Trade Bureau",
        "Harbin Trade Bureau",
        "Harbin Trade Bureau",
    ]
    partners = [
        make_partner(t, country="CN", name=n) for t, n in zip(towns, spellings, strict=True)
    ]
    partnerships = [rated(t, partner=p, band="high") for t, p in zip(towns, partners, strict=True)]
    # One more town, one partnership in a country nobody else deals with: a count of 1.
    lonely = make_municipality("Seuleville", region=Region.CORSE)
    rated(lonely, partner=make_partner(lonely, country="IS", name="Reykjavik Harbour"), band="low")
    manager = make_member(sharing, Role.MANAGER)
    actions.set_sharing(sharing, Sharing.REGISTER, manager)
    p = partnerships[4]
    assert p.rated_at is not None
    Referral.objects.create(
        municipality=referring,
        partnership=p,
        assessment=p.assessments.get(),
        origin="flagged",
        snapshot={},
        snapshot_at=p.rated_at,
        deadline=p.rated_at.date(),
    )
    resolution.full_run()
    liaison = national_liaison()
    return {
        "client": client_for(liaison),
        "liaison": liaison,
        "sharing": sharing,
        "referring": referring,
        "lonely": lonely,
        "secret": secret,
    }


def _liaison_pages(client: Client) -> list[str]:
    entity = ForeignEntity.objects.get()
    urls = [
        reverse("ministry:picture"),
        reverse("ministry:picture") + "?country=CN",
        reverse("ministry:entities"),
        reverse("ministry:entities") + "?new=1",
        reverse("ministry:entity", args=[entity.pk]),
        reverse("ministry:advisories"),
        reverse("ministry:shared_registers"),
        reverse("reviews:queue"),
    ]
    urls += [
        reverse("ministry:picture_csv") + f"?table={slug}"
        for slug in (
            "country-category-band",
            "kind-form",
            "quarter",
            "referral-states",
            "opinions",
            "screening",
        )
    ]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    return bodies


@pytest.mark.django_db
def test_no_liaison_page_or_export_names_a_town_that_did_not_choose_so(picture: dict) -> None:
    bodies = _liaison_pages(picture["client"])
    for body in bodies:
        for name in [*SECRET_TOWNS, "Seuleville"]:
            assert name not in body
    entity_page = bodies[4]
    assert "Ouverteville" in entity_page  # shares its register
    assert "Saisineville" in entity_page  # referred the partnership


@pytest.mark.django_db
def test_no_count_of_one_or_two_is_shown_anywhere(picture: dict) -> None:
    bodies = _liaison_pages(picture["client"])
    cells = re.compile(r"<td>\s*([12])\s*</td>")
    for body in bodies[:5]:
        assert not cells.search(body)
    for body in bodies[-6:]:  # CSV cells
        for line in body.splitlines()[1:]:
            assert not set(line.split(",")[1:]) & {"1", "2"}, line
    # The lonely town's country: a count of 1, shown as "< 3" in the table.
    assert "Islande — " in bodies[0] or "Iceland — " in bodies[0]
    assert "&lt; 3" in bodies[0]


@pytest.mark.django_db
def test_the_entity_shows_how_many_towns_without_naming_the_others(picture: dict) -> None:
    entity = ForeignEntity.objects.get()
    assert entity.municipality_count == 5
    body = picture["client"].get(reverse("ministry:entity", args=[entity.pk])).content.decode()
    assert re.search(r"\b5 (municipalities|communes)\b", body)


@pytest.mark.django_db
def test_a_register_is_read_only_only_when_shared_and_each_look_is_logged(picture: dict) -> None:
    client = picture["client"]
    shared = reverse("ministry:shared_register", args=[picture["sharing"].pk])
    assert client.get(shared).status_code == 200
    assert RegisterView.objects.filter(municipality=picture["sharing"]).count() == 1
    for town in (picture["secret"][0], picture["referring"]):
        assert client.get(reverse("ministry:shared_register", args=[town.pk])).status_code == 404
    assert RegisterView.objects.count() == 1
    # The municipality sees the look, and what it shares.
    member = client_for(make_member(picture["sharing"], Role.VIEWER))
    body = member.get(reverse("ministry:what_ministry_sees")).content.decode()
    assert "national@meae.test" in body
    assert str(Sharing.REGISTER.label) in body or "registre" in body


@pytest.mark.django_db
def test_the_sharing_choice_is_a_managers_and_is_audited(town_a: Municipality) -> None:
    manager = make_member(town_a, Role.MANAGER)
    officer = make_member(town_a, Role.OFFICER)
    url = reverse("ministry:sharing_choice")
    assert client_for(officer).post(url, {"level": "register"}).status_code == 403
    assert actions.sharing_level(town_a) == Sharing.AGGREGATES  # the default
    assert client_for(manager).post(url, {"level": "register"}).status_code == 302
    assert actions.sharing_level(town_a) == Sharing.REGISTER
    client_for(manager).post(url, {"level": "nonsense"})
    assert actions.sharing_level(town_a) == Sharing.REGISTER
    client_for(manager).post(url, {"level": "aggregates"})
    from ministry.models import SharingChoice

    history = SharingChoice.history.filter(municipality_id=town_a.pk).order_by("history_date")
    assert [(h.level, h.changed_by_id) for h in history] == [
        ("register", manager.pk),
        ("aggregates", manager.pk),
    ]
