"""Register pages with three personas: alice (officer), victor (viewer), oscar (outsider)."""

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality
from partners.models import Partner, Partnership
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(town_a: Municipality) -> Partner:
    return make_partner(town_a, "Ville de Kyïv", country_id="UA", aliases="Kyiv\nKiev")


@pytest.fixture
def partnership(partner: Partner) -> Partnership:
    return make_partnership(partner, "Jumelage Kyïv", sectors=["ai"], flows=["data"])


def partner_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Comune di Vallerosa",
        "kind": "local_authority",
        "country": "IT",
        "ownership": "public",
        "aliases": "Vallerosa",
    }
    data.update(overrides)
    return data


def partnership_data(partner: Partner, **overrides: Any) -> dict[str, Any]:
    data = {
        "partner": partner.pk,
        "title": "Échanges scolaires",
        "form": "project",
        "status": "proposed",
        "sectors": ["health"],
        "flows": ["know_how"],
        "start_date": "2025-01-01",
        "end_date": "2026-01-01",
    }
    data.update(overrides)
    return data


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["partners:partner_list", "partners:partnership_list"])
def test_members_read_the_lists_and_outsiders_see_only_their_own(
    name: str,
    partnership: Partnership,
    alice_client: Client,
    victor_client: Client,
    oscar_client: Client,
) -> None:
    for client in (alice_client, victor_client):
        body = client.get(reverse(name)).content.decode()
        assert "Kyïv" in body
    body = oscar_client.get(reverse(name)).content.decode()
    assert oscar_client.get(reverse(name)).status_code == 200
    assert "Kyïv" not in body


def test_viewer_sees_no_write_controls(partner: Partner, victor_client: Client) -> None:
    body = victor_client.get(reverse("partners:partner_list")).content.decode()
    assert reverse("partners:partner_create") not in body
    body = victor_client.get(partner.get_absolute_url()).content.decode()
    assert reverse("partners:partner_edit", args=[partner.pk]) not in body
    assert reverse("partners:partner_archive", args=[partner.pk]) not in body


@pytest.mark.parametrize("which", ["partner", "partnership"])
def test_detail_pages_three_personas(
    which: str,
    partnership: Partnership,
    alice_client: Client,
    victor_client: Client,
    oscar_client: Client,
) -> None:
    obj = partnership if which == "partnership" else partnership.partner
    url = obj.get_absolute_url()
    assert alice_client.get(url).status_code == 200
    assert victor_client.get(url).status_code == 200
    assert oscar_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert alice_client.delete(url).status_code == 405


def test_partner_page_shows_its_partnerships_and_history(
    partnership: Partnership, alice_client: Client
) -> None:
    body = alice_client.get(partnership.partner.get_absolute_url()).content.decode()
    assert "Jumelage Kyïv" in body
    assert "Historique" in body


def test_partnership_page_shows_sectors_flows_and_partner(
    partnership: Partnership, alice_client: Client
) -> None:
    body = alice_client.get(partnership.get_absolute_url()).content.decode()
    assert "Intelligence artificielle" in body
    assert "Données" in body
    assert partnership.partner.get_absolute_url() in body


def test_list_filters_sort_and_pagination(town_a: Municipality, alice_client: Client) -> None:
    for i in range(30):
        make_partner(
            town_a,
            f"Ville {i:02d}",
            country_id="DE" if i % 2 else "IT",
            kind="company" if i % 3 == 0 else "local_authority",
        )
    url = reverse("partners:partner_list")
    body = alice_client.get(url, {"country": "IT", "kind": "company"}).content.decode()
    assert "5 partenaires" in body
    body = alice_client.get(url, {"sort": "-name"}).content.decode()
    assert body.index("Ville 29") < body.index("Ville 28")
    assert "Ville 00" not in body  # on page 2
    body = alice_client.get(url, {"sort": "-name", "page": "2"}).content.decode()
    assert "Ville 00" in body
    # Unknown values in a shared URL are ignored, not an error.
    assert alice_client.get(url, {"sort": "bogus", "country": "ZZ", "page": "x"}).status_code == 200


def test_partnership_filters(partnership: Partnership, alice_client: Client) -> None:
    other = make_partnership(
        partnership.partner, "Projet santé", form="project", status="ended", sectors=["health"]
    )
    url = reverse("partners:partnership_list")
    body = alice_client.get(url, {"sector": "ai"}).content.decode()
    assert partnership.title in body and other.title not in body
    body = alice_client.get(url, {"status": "ended"}).content.decode()
    assert other.title in body and partnership.title not in body
    body = alice_client.get(
        url, {"q": "KYIV", "form": "twinning", "country": "UA"}
    ).content.decode()
    assert partnership.title in body and other.title not in body


def test_htmx_search_returns_only_the_results_fragment(
    partner: Partner, alice_client: Client
) -> None:
    response = alice_client.get(
        reverse("partners:partner_list"), {"q": "kiev"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.strip().startswith('<div id="results">')
    assert "Ville de Kyïv" in body and "<html" not in body
    assert "HX-Request" in response["Vary"]
    restore = alice_client.get(
        reverse("partners:partner_list"),
        {"q": "kiev"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_empty_states_say_what_to_do(
    town_a: Municipality, alice_client: Client, victor_client: Client
) -> None:
    body = alice_client.get(reverse("partners:partner_list")).content.decode()
    assert reverse("partners:partner_import") in body
    body = victor_client.get(reverse("partners:partnership_list")).content.decode()
    assert "Aucun partenariat" in body
    make_partner(town_a)
    body = alice_client.get(reverse("partners:partner_list"), {"q": "zzz"}).content.decode()
    assert (
        'ou <a href="/register/partners/">effacez les filtres</a>' in body
    )  # imperative, as "Vérifiez…"


# --- writing ---------------------------------------------------------------------------------


def test_officer_creates_a_partner_with_history(alice_client: Client, alice: Any) -> None:
    response = alice_client.post(reverse("partners:partner_create"), partner_data())
    partner = Partner.objects.get(name="Comune di Vallerosa")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    record = partner.history.get()
    assert record.history_user == alice and record.history_type == "+"


def test_invalid_partner_form_keeps_input_and_shows_errors(alice_client: Client) -> None:
    response = alice_client.post(
        reverse("partners:partner_create"), partner_data(website="not a url", country="")
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="Comune di Vallerosa"' in body
    assert "id_website_feedback" in body and "URL valide" in body


def test_viewer_and_outsider_cannot_write(
    partner: Partner, victor_client: Client, oscar_client: Client
) -> None:
    assert victor_client.post(reverse("partners:partner_create"), partner_data()).status_code == 403
    edit = reverse("partners:partner_edit", args=[partner.pk])
    assert victor_client.post(edit, partner_data()).status_code == 403
    assert oscar_client.post(edit, partner_data()).status_code == 404
    assert (
        oscar_client.post(reverse("partners:partner_archive", args=[partner.pk])).status_code == 404
    )
    assert not Partner.objects.filter(name="Comune di Vallerosa").exists()


def test_live_validation_answers_one_field_and_saves_nothing(alice_client: Client) -> None:
    response = alice_client.post(
        reverse("partners:partner_create"),
        {"website": "nope"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "website"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<div id="id_website_feedback"')
    assert "URL valide" in body
    assert not Partner.objects.exists()


def test_similar_name_warns_with_a_link_but_does_not_block(
    partner: Partner, alice_client: Client
) -> None:
    response = alice_client.post(
        reverse("partners:partner_create"),
        {"name": "ville de kiyv"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "name"},
    )
    assert partner.get_absolute_url() in response.content.decode()
    # Without JavaScript: created, then the warning shows on the new partner's page.
    response = alice_client.post(
        reverse("partners:partner_create"),
        partner_data(name="Ville de Kiyv", country="UA"),
        follow=True,
    )
    assert Partner.objects.filter(name="Ville de Kiyv").exists()
    assert partner.get_absolute_url() in response.content.decode()


def test_exact_duplicate_is_refused_by_the_form(partner: Partner, alice_client: Client) -> None:
    response = alice_client.post(
        reverse("partners:partner_create"),
        partner_data(name="VILLE DE KYIV", country="UA"),
    )
    assert response.status_code == 422
    assert Partner.objects.count() == 1


def test_edit_records_from_and_to_in_the_history(partner: Partner, alice_client: Client) -> None:
    url = reverse("partners:partner_edit", args=[partner.pk])
    response = alice_client.post(url, partner_data(name="Ville de Kyïv", country="UA", city="Kyïv"))
    assert response.status_code == 302
    body = alice_client.get(partner.get_absolute_url()).content.decode()
    assert "Ville" in body and "Kyïv" in body
    record = partner.history.first()
    assert record is not None and record.history_type == "~"
    delta = record.diff_against(record.prev_record)
    assert "city" in delta.changed_fields


def test_archive_hides_and_restore_brings_back(partner: Partner, alice_client: Client) -> None:
    alice_client.post(reverse("partners:partner_archive", args=[partner.pk]))
    partner.refresh_from_db()
    assert partner.is_archived
    list_url = reverse("partners:partner_list")
    htmx = {"HX-Request": "true"}
    assert "Ville de Kyïv" not in alice_client.get(list_url, headers=htmx).content.decode()
    archived = alice_client.get(list_url, {"state": "archived"}, headers=htmx)
    assert "Ville de Kyïv" in archived.content.decode()
    assert (
        alice_client.get(reverse("partners:partner_archive", args=[partner.pk])).status_code == 405
    )
    alice_client.post(reverse("partners:partner_restore", args=[partner.pk]))
    partner.refresh_from_db()
    assert not partner.is_archived
    assert Partner.objects.filter(pk=partner.pk).exists()
    body = alice_client.get(partner.get_absolute_url()).content.decode()
    assert "archivé" in body and "restauré" in body  # history says both


def test_officer_creates_and_edits_a_partnership(partner: Partner, alice_client: Client) -> None:
    response = alice_client.post(reverse("partners:partnership_create"), partnership_data(partner))
    partnership = Partnership.objects.get(title="Échanges scolaires")
    assert response.status_code == 302
    assert partnership.municipality_id == partner.municipality_id
    assert partnership.sectors == ["health"] and partnership.flows == ["know_how"]
    edit = reverse("partners:partnership_edit", args=[partnership.pk])
    response = alice_client.post(edit, partnership_data(partner, status="active"))
    assert response.status_code == 302
    body = alice_client.get(partnership.get_absolute_url()).content.decode()
    assert "proposé" in body and "actif" in body  # from → to


def test_partnership_end_before_start_is_shown_inline(
    partner: Partner, alice_client: Client
) -> None:
    data = partnership_data(partner, end_date="2024-01-01")
    response = alice_client.post(reverse("partners:partnership_create"), data)
    assert response.status_code == 422
    live = alice_client.post(
        reverse("partners:partnership_create"),
        data,
        headers={"HX-Request": "true", "HX-Trigger-Name": "end_date"},
    )
    assert "ne peut pas précéder la date de début" in live.content.decode()
    assert not Partnership.objects.exists()


def test_partnership_form_refuses_another_towns_partner(
    town_b: Municipality, alice_client: Client, partner: Partner
) -> None:
    foreign = make_partner(town_b, "Partenaire de B")
    response = alice_client.post(reverse("partners:partnership_create"), partnership_data(foreign))
    assert response.status_code == 422
    assert not Partnership.objects.exists()


def test_duplicate_partnership_title_is_refused(
    partnership: Partnership, alice_client: Client
) -> None:
    data = partnership_data(partnership.partner, title="jumelage kyïv")
    response = alice_client.post(reverse("partners:partnership_create"), data)
    assert response.status_code == 422


def test_partnership_archive_and_restore(
    partnership: Partnership, alice_client: Client, victor_client: Client
) -> None:
    url = reverse("partners:partnership_archive", args=[partnership.pk])
    assert victor_client.post(url).status_code == 403
    alice_client.post(url)
    partnership.refresh_from_db()
    assert partnership.is_archived
    listing = alice_client.get(reverse("partners:partnership_list"), headers={"HX-Request": "true"})
    assert partnership.title not in listing.content.decode()
    alice_client.post(reverse("partners:partnership_restore", args=[partnership.pk]))
    partnership.refresh_from_db()
    assert not partnership.is_archived


def test_pages_are_translated_into_english(partnership: Partnership, alice_client: Client) -> None:
    alice_client.post(reverse("set_language"), {"language": "en"})
    body = alice_client.get(reverse("partners:partnership_list")).content.decode()
    assert "Add a partnership" in body and "1 partnership" in body
    body = alice_client.get(partnership.get_absolute_url()).content.decode()
    assert "Artificial intelligence" in body and "Ukraine" in body


@pytest.mark.parametrize("field", ["name", "aliases", "notes"])
def test_a_one_megabyte_field_is_refused_at_once(
    partner: Partner, alice_client: Client, field: str
) -> None:
    """The live check validates sizes before searching for similar names."""
    for n in range(40):  # a register to compare against
        make_partner(partner.municipality, name=f"Institut {n} de Kyiv")
    started = time.monotonic()
    response = alice_client.post(
        reverse("partners:partner_create"),
        {field: "Kyiv " * 200_000},
        headers={"HX-Request": "true", "HX-Trigger-Name": field},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert (
        "au plus" in response.content.decode()
    )  # "Assurez-vous que cette valeur comporte au plus"
    assert elapsed < 1.0


def test_a_full_form_with_an_oversized_field_is_refused_and_nothing_saved(
    alice_client: Client,
) -> None:
    data = partner_data(name="Ville de Kyiv", country="UA")
    data["aliases"] = "Kyiv\n" * 1000
    response = alice_client.post(reverse("partners:partner_create"), data)
    assert response.status_code == 422
    assert not Partner.objects.filter(name="Ville de Kyiv").exists()


def test_a_request_body_past_the_limit_is_refused(alice_client: Client) -> None:
    response = alice_client.post(
        reverse("partners:partner_create"), {"notes": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 400
