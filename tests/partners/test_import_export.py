"""CSV import (preview, every bad row, all or nothing) and CSV/XLSX export with the filters."""

import html
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citydiplo.french import typography
from municipalities.models import Municipality
from partners.imports import MAX_IMPORT_BYTES
from partners.models import Partner, Partnership
from tests.factories import make_partner, make_partnership

pytestmark = pytest.mark.django_db

PARTNER_HEADER = "nom;autres noms;type;pays;ville;site web;lien avec l'état"
GOOD_PARTNERS = (
    PARTNER_HEADER
    + "\nVille de Kyïv;Kyiv|Kiev;collectivité locale étrangère;UA;Kyïv;https://kyiv.example;non"
    + "\nUniversidade de São Lourenço;UFSL;University;Brésil;;;oui"
    + "\nHuaxin Photonics;;company;CHN;;;OUI\n"
)


def upload(client: Client, kind: str, content: bytes | str, name: str = "file.csv") -> Any:
    data = content.encode("utf-8") if isinstance(content, str) else content
    url = reverse(f"partners:{kind}_import")
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def confirm(client: Client, kind: str, preview: Any) -> Any:
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    assert token, "the preview offers no confirmation"
    return client.post(reverse(f"partners:{kind}_import"), {"token": token.group(1)})


def test_good_file_previews_then_imports_everything(alice_client: Client, alice: Any) -> None:
    preview = upload(alice_client, "partner", GOOD_PARTNERS)
    assert preview.status_code == 200
    assert "3 lignes seront importées" in preview.content.decode()
    assert not Partner.objects.exists()  # nothing before the confirmation
    response = confirm(alice_client, "partner", preview)
    assert response.status_code == 302
    kyiv = Partner.objects.get(name="Ville de Kyïv")
    assert kyiv.alias_list == ["Kyiv", "Kiev"] and kyiv.country_id == "UA"
    assert kyiv.kind == "local_authority"
    assert Partner.objects.get(name="Universidade de São Lourenço").linked_to_state
    assert Partner.objects.count() == 3
    assert kyiv.history.get().history_user == alice
    assert Partner.objects.search("kiev").get() == kyiv


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff" + GOOD_PARTNERS,  # UTF-8 with BOM (Excel's "CSV UTF-8")
        GOOD_PARTNERS.replace(";", ",").replace("Kyiv|Kiev", '"Kyiv|Kiev"'),  # comma
        GOOD_PARTNERS.replace("\n", "\r\n"),  # Windows line ends
    ],
    ids=["bom", "comma", "crlf"],
)
def test_excel_variants_are_accepted(alice_client: Client, content: str) -> None:
    preview = upload(alice_client, "partner", content)
    assert preview.status_code == 200, preview.content.decode()
    confirm(alice_client, "partner", preview)
    assert Partner.objects.count() == 3


BAD_ROWS = {
    "missing name": (";;company;DE;;;", "le nom manque"),
    "unknown country": ("Ville X;;company;Atlantide;;;", "pays inconnu « Atlantide »"),
    "unknown kind": ("Ville X;;licorne;DE;;;", "type inconnu « licorne »"),
    "bad boolean": ("Ville X;;company;DE;;;peut-être", "ni oui ni non"),
    "bad url": ("Ville X;;company;DE;;pas une url;", "URL valide"),
    "duplicate in file": ("Huaxin Photonics;;company;CN;;;", "doublon du partenaire de la ligne 4"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS), ids=list(BAD_ROWS))
def test_each_bad_row_is_listed_with_its_reason_and_nothing_is_imported(
    alice_client: Client, case: str
) -> None:
    row, reason = BAD_ROWS[case]
    response = upload(alice_client, "partner", GOOD_PARTNERS + row + "\n")
    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert typography(reason) in body, body[body.find("import-errors") :][:2000]
    assert "<td>5</td>" in body  # the line number
    assert 'name="token"' not in body
    assert not Partner.objects.exists()


def test_duplicate_of_the_register_is_refused(alice_client: Client, town_a: Municipality) -> None:
    make_partner(town_a, "VILLE DE KYIV", country_id="UA")
    response = upload(alice_client, "partner", GOOD_PARTNERS)
    assert response.status_code == 422
    assert "déjà dans le registre" in response.content.decode()
    assert Partner.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD_PARTNERS.replace(";", "\t"), "virgules ou des points-virgules"),
        (GOOD_PARTNERS.replace(";", "|"), "virgules ou des points-virgules"),
        (GOOD_PARTNERS.encode("cp1252"), "UTF-8"),
        (GOOD_PARTNERS.encode("utf-16"), "UTF-8"),
        ("", "Le fichier soumis est vide"),
        ("nom;pays\nA;DE\n", "« type »"),
        (PARTNER_HEADER + "\n", "aucune ligne"),
    ],
    ids=["tab", "pipe", "cp1252", "utf16", "empty", "missing-column", "no-rows"],
)
def test_bad_files_are_refused_with_a_clear_message(
    alice_client: Client, content: str | bytes, message: str
) -> None:
    response = upload(alice_client, "partner", content)
    assert response.status_code == 422
    assert typography(message) in html.unescape(response.content.decode())
    assert not Partner.objects.exists()


def test_a_file_over_the_limit_is_refused(alice_client: Client) -> None:
    big = GOOD_PARTNERS + ("Ville;;company;DE;;;\n" * (MAX_IMPORT_BYTES // 20 + 10))
    assert len(big.encode()) > MAX_IMPORT_BYTES
    response = upload(alice_client, "partner", big)
    assert response.status_code == 422
    assert "trop volumineux" in html.unescape(response.content.decode())
    assert not Partner.objects.exists()


def test_the_confirmation_rechecks_and_stays_all_or_nothing(
    alice_client: Client, town_a: Municipality
) -> None:
    preview = upload(alice_client, "partner", GOOD_PARTNERS)
    make_partner(town_a, "Huaxin Photonics", country_id="CN")  # added meanwhile
    response = confirm(alice_client, "partner", preview)
    assert response.status_code == 422
    assert Partner.objects.count() == 1


def test_a_tampered_or_foreign_token_imports_nothing(
    alice_client: Client, oscar_client: Client
) -> None:
    preview = upload(alice_client, "partner", GOOD_PARTNERS)
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    assert token
    url = reverse("partners:partner_import")
    assert alice_client.post(url, {"token": token.group(1) + "x"}).status_code == 422
    assert oscar_client.post(url, {"token": token.group(1)}).status_code == 404
    assert not Partner.objects.exists()


def test_viewer_and_outsider_cannot_import(victor_client: Client, town_a: Municipality) -> None:
    assert upload(victor_client, "partner", GOOD_PARTNERS).status_code == 403
    assert victor_client.get(reverse("partners:partner_import")).status_code == 403
    assert not Partner.objects.exists()


PARTNERSHIP_HEADER = (
    "partenaire;pays du partenaire;intitulé;forme;statut;secteurs stratégiques;flux;début;fin;"
    "budget (euros);responsable (e-mail)"
)


@pytest.fixture
def kyiv(town_a: Municipality) -> Partner:
    return make_partner(town_a, "Ville de Kyïv", country_id="UA", aliases="Kyiv")


def test_partnerships_import(alice_client: Client, alice: Any, kyiv: Partner) -> None:
    content = (
        PARTNERSHIP_HEADER
        + "\nkyiv;;Jumelage;jumelage;actif;santé et biotechnologies|ai;savoir-faire;"
        + "01/09/2024;31/08/2027;12 500,50;alice@a.test"
        + "\nVille de Kyïv;Ukraine;Don;donation;ended;;;2022-04-01;;;\n"
    )
    preview = upload(alice_client, "partnership", content)
    assert preview.status_code == 200, preview.content.decode()
    assert confirm(alice_client, "partnership", preview).status_code == 302
    twinning = Partnership.objects.get(title="Jumelage")
    assert twinning.partner == kyiv and twinning.municipality_id == kyiv.municipality_id
    assert twinning.sectors == ["health", "ai"] and twinning.flows == ["know_how"]
    assert str(twinning.budget) == "12500.50" and twinning.owner == alice
    assert Partnership.objects.get(title="Don").status == "ended"


PARTNERSHIP_BAD = {
    "unknown partner": (
        "Ville inconnue;;T;jumelage;actif;;;;;;",
        "aucun partenaire « Ville inconnue »",
    ),
    "bad date": ("Kyiv;;T;jumelage;actif;;;31/02/2024;;;", "date invalide « 31/02/2024 »"),
    "end before start": (
        "Kyiv;;T;jumelage;actif;;;01/01/2025;01/01/2024;;",
        "la date de fin est antérieure",
    ),
    "unknown status": ("Kyiv;;T;jumelage;en cours;;;;;;", "statut inconnu"),
    "missing title": ("Kyiv;;;jumelage;actif;;;;;;", "l'intitulé manque"),
    "duplicate": ("Kyiv;;Jumelage existant;jumelage;actif;;;;;;", "déjà dans le registre"),
    "not a member": ("Kyiv;;T;jumelage;actif;;;;;;oscar@b.test", "n'est pas membre"),
    "bad amount": ("Kyiv;;T;jumelage;actif;;;;;beaucoup;", "n'est pas un montant"),
}


@pytest.mark.parametrize("case", list(PARTNERSHIP_BAD), ids=list(PARTNERSHIP_BAD))
def test_each_bad_partnership_row_is_refused(
    alice_client: Client, kyiv: Partner, oscar: Any, case: str
) -> None:
    make_partnership(kyiv, "Jumelage existant")
    row, reason = PARTNERSHIP_BAD[case]
    content = PARTNERSHIP_HEADER + "\nKyiv;;Bon;jumelage;actif;;;;;;\n" + row + "\n"
    response = upload(alice_client, "partnership", content)
    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert typography(reason) in body, body[body.find("import-errors") :][:2000]
    assert Partnership.objects.count() == 1


def test_templates_download_with_french_headers(victor_client: Client) -> None:
    response = victor_client.get(reverse("partners:partner_import_template"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffnom;autres noms;type;pays")
    response = victor_client.get(reverse("partners:partnership_import_template"))
    assert "intitulé" in response.content.decode("utf-8")


def test_csv_export_follows_the_filters_and_round_trips(
    alice_client: Client, victor_client: Client, town_a: Municipality, town_b: Municipality
) -> None:
    make_partner(town_a, "=HYPERLINK(1)", country_id="UA", aliases="A|B")
    make_partner(town_a, "Stadt Brunnfeld", country_id="DE")
    make_partner(town_b, "Ville de B", country_id="UA")
    response = victor_client.get(reverse("partners:partner_export_csv"), {"country": "UA"})
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "Brunnfeld" not in text and "Ville de B" not in text
    assert "Ukraine" in text and "A|B" in text
    Partner.objects.all().delete()
    preview = upload(alice_client, "partner", response.content)
    assert preview.status_code == 200, preview.content.decode()
    confirm(alice_client, "partner", preview)
    assert Partner.objects.get(municipality=town_a).name == "=HYPERLINK(1)"


def test_xlsx_exports(victor_client: Client, kyiv: Partner) -> None:
    from openpyxl import load_workbook

    make_partnership(kyiv, "=1+1", sectors=["ai"])
    for name in ("partners:partner_export_xlsx", "partners:partnership_export_xlsx"):
        response = victor_client.get(reverse(name), {"q": "kyiv"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2
    assert rows[1][2] == "=1+1"  # kept as text, not a formula
    assert sheet.cell(row=2, column=3).data_type == "s"


HOSTILE_BUDGETS = {
    "NaN": "« NaN » dans « budget (euros) » n'est pas un montant",
    "inf": "« inf » dans « budget (euros) » n'est pas un montant",
    "-Infinity": "n'est pas un montant",
    "99999999999": "« 99999999999 » dans « budget (euros) »",
    "1e400": "« 1e400 » dans « budget (euros) »",
    "1,23456": "« 1,23456 » dans « budget (euros) »",
}


@pytest.mark.parametrize("budget", list(HOSTILE_BUDGETS))
def test_a_hostile_budget_is_refused_at_preview_with_row_and_column(
    alice_client: Client, kyiv: Partner, budget: str
) -> None:
    content = PARTNERSHIP_HEADER + "\nKyiv;;Bon;jumelage;actif;;;;;12,5;\n"
    content += f"Kyiv;;T;jumelage;actif;;;;;{budget};\n"
    response = upload(alice_client, "partnership", content)
    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert typography(HOSTILE_BUDGETS[budget]) in body, body[body.find("import-errors") :][:2000]
    assert "<td>3</td>" in body  # the line
    assert 'name="token"' not in body
    assert not Partnership.objects.exists()


def test_a_french_decimal_comma_with_two_decimals_is_kept_exactly(
    alice_client: Client, kyiv: Partner
) -> None:
    content = PARTNERSHIP_HEADER + "\nKyiv;;Bon;jumelage;actif;;;;;1 234 567,89;\n"
    preview = upload(alice_client, "partnership", content)
    assert preview.status_code == 200
    assert confirm(alice_client, "partnership", preview).status_code == 302
    assert str(Partnership.objects.get().budget) == "1234567.89"


HOSTILE_FILES = {
    "a cell over the csv limit": (
        "\nKyiv;;" + "T" * (132 * 1024) + ";jumelage;actif;;;;;;\n",
        "La ligne 2 ne peut pas être lue",
    ),
    "an unterminated quote": (
        '\nKyiv;;"Bon;jumelage;actif;;;;;;\n' + "Kyiv;;T;jumelage;actif;;;;;;\n" * 5000,
        "ne peut pas être lue",
    ),
    "a NUL byte": ("\nKyiv;;Bo\x00n;jumelage;actif;;;;;;\n", "Ligne 2, colonne « intitulé »"),
    "a description past its limit": (
        "\nKyiv;;Bon;jumelage;actif;;;;;;;" + "d" * 10001 + "\n",
        "10001 caractères",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_a_hostile_file_gets_a_clear_message_not_a_server_error(
    alice_client: Client, kyiv: Partner, case: str
) -> None:
    rows, reason = HOSTILE_FILES[case]
    header = PARTNERSHIP_HEADER + (";description" if "description" in case else "")
    response = upload(alice_client, "partnership", header + rows)
    body = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert typography(reason) in body, body[body.find("<main") :][:3000]
    assert not Partnership.objects.exists()
