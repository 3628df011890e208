"""Normalisation, accent- and case-insensitive search over names and aliases, similar names."""

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import Municipality
from partners.actions import similar_partners
from partners.models import Partner, Partnership
from partners.text import normalise, similarity
from tests.factories import make_partner, make_partnership


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kyïv", "kyiv"),
        ("São Paulo", "sao paulo"),
        ("  SAINT-ÉTIENNE ", "saint etienne"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Œuvre d'Orient", "oeuvre d orient"),
        ("Зеленівка", "зеленівка"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_similarity_ignores_accents_case_and_word_order() -> None:
    assert similarity("Ville de Kyïv", "ville de kyiv") == 1.0
    assert similarity("Kyiv City Council", "Council Kyiv City") > 0.9
    assert similarity("Brunnfeld", "Lianshan") < 0.5


pytestmark = pytest.mark.django_db


@pytest.fixture
def register(town_a: Municipality, town_b: Municipality) -> dict[str, Partner]:
    return {
        "kyiv": make_partner(town_a, "Ville de Kyïv", country_id="UA", city="Kyïv"),
        "sao": make_partner(town_a, "Prefeitura de São Paulo", country_id="BR"),
        "alias": make_partner(
            town_a, "Huaxin Photonics", country_id="CN", aliases="HXP\nHuáxīn Guāngdiàn"
        ),
        "other_town": make_partner(town_b, "Ville de Kyiv", country_id="UA"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kyiv", {"kyiv"}),
        ("KYÏV", {"kyiv"}),
        ("kyïv", {"kyiv"}),
        ("sao paulo", {"sao"}),
        ("SÃO PAULO", {"sao"}),
        ("hxp", {"alias"}),
        ("huaxin guangdian", {"alias"}),
        ("ville de", {"kyiv"}),
        ("nothing like it", set()),
    ],
)
def test_partner_search(
    register: dict[str, Partner], town_a: Municipality, query: str, expected: set[str]
) -> None:
    found = set(Partner.objects.filter(municipality=town_a).search(query))
    assert found == {register[key] for key in expected}


def test_partnership_search_covers_title_and_partner_names(
    register: dict[str, Partner], town_a: Municipality
) -> None:
    twinning = make_partnership(
        register["kyiv"], "Jumelage solidaire", deliberation_ref="DEL-2024-7"
    )
    lab = make_partnership(register["alias"], "Laboratoire commun")
    qs = Partnership.objects.filter(municipality=town_a)
    assert set(qs.search("kyiv")) == {twinning}
    assert set(qs.search("JUMELAGE")) == {twinning}
    assert set(qs.search("del 2024")) == {twinning}
    assert set(qs.search("hxp")) == {lab}


def test_aliases_and_search_text_follow_edits(register: dict[str, Partner]) -> None:
    partner = register["sao"]
    partner.aliases = "  SP  \n\nSP\nSampa"
    partner.save()
    partner.refresh_from_db()
    assert partner.alias_list == ["SP", "Sampa"]
    assert Partner.objects.search("sampa").get() == partner


def test_similar_partners_are_found_in_the_same_register_only(
    register: dict[str, Partner], town_a: Municipality
) -> None:
    assert similar_partners(town_a, "Ville de Kiyv") == [register["kyiv"]]
    assert similar_partners(town_a, "huaxin photonic") == [register["alias"]]
    assert similar_partners(town_a, "Ville de Kyïv", exclude_pk=register["kyiv"].pk) == []
    assert similar_partners(town_a, "Something else entirely") == []


def test_database_refuses_a_duplicate_partner(town_a: Municipality) -> None:
    make_partner(town_a, "Ville de Kyïv", country_id="UA")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_partner(town_a, "VILLE DE KYIV", country_id="UA")
    make_partner(town_a, "Ville de Kyïv", country_id="PL")  # another country is another partner


def test_database_refuses_end_before_start_and_duplicate_titles(town_a: Municipality) -> None:
    import datetime

    partner = make_partner(town_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_partnership(
            partner,
            start_date=datetime.date(2024, 1, 2),
            end_date=datetime.date(2024, 1, 1),
        )
    make_partnership(partner, "Jumelage")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_partnership(partner, "Jumelage")


@pytest.mark.parametrize("title", ["JUMELAGE  KYÏV", "jumelage-kyiv"])
def test_form_and_database_share_one_duplicate_title_rule(town_a: Municipality, title: str) -> None:
    from partners.forms import PartnershipEditForm

    partner = make_partner(town_a)
    make_partnership(partner, "Jumelage Kyïv")
    form = PartnershipEditForm(
        {"partner": partner.pk, "title": title, "form": "twinning", "status": "active"},
        municipality=town_a,
    )
    assert not form.is_valid() and "title" in form.errors
    with pytest.raises(IntegrityError), transaction.atomic():
        make_partnership(partner, title)


def test_countries_ship_with_french_and_english_names() -> None:
    from partners.models import Country

    assert Country.objects.count() >= 249
    germany = Country.objects.get(code="DE")
    assert (germany.alpha3, germany.name_fr, germany.name_en) == ("DEU", "Allemagne", "Germany")
    assert germany.regime_class is None
    assert Country.objects.get(code="CI").name_fr == "Côte d'Ivoire"


def test_a_large_register_finds_its_oldest_similar_name_through_the_trigram_index(
    town_a: Municipality,
) -> None:
    """Past a few thousand partners the search used to read only the most recent ones; on
    PostgreSQL the trigram index finds the similar name wherever it sits in the register."""
    from django.db import connection

    from partners import actions
    from tests.conftest import in_ci

    if connection.vendor != "postgresql":
        if in_ci():
            pytest.fail("CI: the trigram index needs PostgreSQL")
        pytest.skip("the trigram index needs PostgreSQL")
    oldest = make_partner(town_a, "Université technique de Harbin")
    filler = []
    for i in range(actions.SIMILARITY_SCAN_LIMIT + 500):
        partner = Partner(
            municipality=town_a, name=f"Fondation {i:05d}", kind="local_authority", country_id="DE"
        )
        partner.refresh_normalised()
        filler.append(partner)
    Partner.objects.bulk_create(filler, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'partners_partner_names_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    assert similar_partners(town_a, "Universite technique d'Harbin") == [oldest]
