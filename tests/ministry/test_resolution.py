"""Partners of different municipalities resolved into one foreign entity, and decisions kept."""

from __future__ import annotations

import pytest

from ministry import actions, resolution
from ministry.models import EntityLink, ForeignEntity
from municipalities.models import Region
from tests.conftest import make_municipality, make_user
from tests.factories import make_partner


def _entity_of(partner_id: int) -> int | None:
    return EntityLink.objects.filter(partner_id=partner_id).values_list("entity", flat=True).first()


@pytest.fixture
def towns(db: None) -> list:
    return [
        make_municipality("Lyon-test", region=Region.AUVERGNE_RHONE_ALPES),
        make_municipality("Rennes-test", region=Region.BRETAGNE),
        make_municipality("Tours-test", region=Region.CENTRE_VAL_DE_LOIRE),
        make_municipality("Brest-test", region=Region.BRETAGNE),
    ]


@pytest.mark.django_db
def test_spelling_transliteration_and_legal_form_variants_form_one_entity(towns: list) -> None:
    a = make_partner(towns[0], country="RU", name="OOO Sibirskaya Torgovaya Kompaniya")
    b = make_partner(towns[1], country="RU", name="ООО Сибирская торговая компания")  # noqa: RUF001
    c = make_partner(towns[2], country="RU", name="Sibirskaja Torgovaja Kompanija LLC")
    other = make_partner(towns[3], country="RU", name="Uralskiy Metallurgicheskiy Zavod")
    report = resolution.full_run()
    entity = _entity_of(a.pk)
    assert entity is not None
    assert _entity_of(b.pk) == entity and _entity_of(c.pk) == entity
    assert _entity_of(other.pk) is None
    found = ForeignEntity.objects.get(pk=entity)
    assert found.municipality_count == 3 and found.country_id == "RU"
    evidence = EntityLink.objects.get(partner=b).evidence
    assert evidence["how"] == "names" and evidence["score"] >= resolution.THRESHOLD
    assert report["entities"] == 1


@pytest.mark.django_db
def test_similar_names_in_different_countries_are_two_bodies(towns: list) -> None:
    make_partner(towns[0], country="CN", name="Friendship Association of Jiangsu")
    make_partner(towns[1], country="TW", name="Friendship Association of Jiangsu")
    resolution.full_run()
    assert ForeignEntity.objects.count() == 0


@pytest.mark.django_db
def test_same_web_domain_links_two_differently_named_partners(towns: list) -> None:
    a = make_partner(
        towns[0], country="CN", name="Institut Confucius", website="https://www.hanban.example/"
    )
    b = make_partner(
        towns[1], country="CN", name="Kongzi Xueyuan", website="http://hanban.example/fr"
    )
    resolution.full_run()
    assert _entity_of(a.pk) is not None and _entity_of(a.pk) == _entity_of(b.pk)
    assert EntityLink.objects.get(partner=b).evidence["how"] == "web domain"


@pytest.mark.django_db
def test_a_liaisons_split_survives_the_next_run(towns: list) -> None:
    liaison = make_user("l@meae.test")
    partners = [
        make_partner(t, country="RU", name=n)
        for t, n in zip(
            towns,
            ["Rossotrudnichestvo", "Rossotrudnichestvo", "Rossotrudnichestvo", "Rosotrudnichestvo"],
            strict=True,
        )
    ]
    resolution.full_run()
    entity = ForeignEntity.objects.get()
    assert {_entity_of(p.pk) for p in partners} == {entity.pk}
    actions.split_partner(entity, partners[3].pk, liaison)
    assert _entity_of(partners[3].pk) is None
    resolution.full_run()
    assert _entity_of(partners[3].pk) is None
    assert {_entity_of(p.pk) for p in partners[:3]} == {entity.pk}  # same entity kept
    resolution.resolve_partner(partners[3].pk)  # a save of the split partner
    assert _entity_of(partners[3].pk) is None


@pytest.mark.django_db
def test_a_confirmed_merge_survives_the_next_run(towns: list) -> None:
    liaison = make_user("l@meae.test")
    a = make_partner(towns[0], country="DZ", name="Wilaya d'Oran")
    b = make_partner(towns[1], country="DZ", name="Wilaya d'Oran")
    c = make_partner(towns[2], country="DZ", name="Province of Wahran")
    d = make_partner(towns[3], country="DZ", name="Province of Wahran")
    resolution.full_run()
    first, second = _entity_of(a.pk), _entity_of(c.pk)
    assert first and second and first != second
    actions.merge_entities(
        ForeignEntity.objects.get(pk=first), ForeignEntity.objects.get(pk=second), liaison
    )
    resolution.full_run()
    assert {_entity_of(p.pk) for p in (a, b, c, d)} == {first}


@pytest.mark.django_db
def test_one_save_attaches_a_new_partner_to_the_existing_entity(towns: list) -> None:
    make_partner(towns[0], country="RU", name="Rossotrudnichestvo")
    make_partner(towns[1], country="RU", name="Rossotrudnichestvo")
    resolution.full_run()
    entity = ForeignEntity.objects.get()
    newcomer = make_partner(towns[2], country="RU", name="Rossotroudnitchestvo")
    assert resolution.resolve_partner(newcomer.pk) == entity.pk
    entity.refresh_from_db()
    assert entity.municipality_count == 3
