"""Each reader on small made-up files in the real format: load, reload by differences, refuse."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from screening.actions import load_list
from screening.loaders import ListFileError
from screening.models import ListEntry, NameKey, SanctionsList
from tests.screening.files import WRITERS, Made

FORMATS = list(WRITERS)

FIRST = [
    Made(
        "101",
        "Volkov",
        kind="person",
        first_name="Ivan",
        aliases=["Иван Волков"],
        countries=["RU"],
        identifiers=["P123456"],
    ),
    Made("102", "Zvezda Trading LLC", aliases=["ООО Звезда"], countries=["RU"]),
    Made("103", "Harbin Example Institute", aliases=["哈尔滨示例学院"], countries=["CN"]),
]
SECOND = [
    Made(
        "101",
        "Volkov",
        kind="person",
        first_name="Ivan",
        aliases=["Иван Волков", "Vanya Volkov"],
        countries=["RU"],
        identifiers=["P123456"],
    ),
    Made("103", "Harbin Example Institute", aliases=["哈尔滨示例学院"], countries=["CN"]),
    Made("104", "Sea Breeze", kind="vessel", countries=["IR"]),
]


def load(fmt: str, entries: list[Made], name: str = "test"):
    return load_list(io.BytesIO(WRITERS[fmt](entries)), fmt, name)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_loads_names_aliases_countries_and_identifiers(fmt: str) -> None:
    result = load(fmt, FIRST)
    assert (result.added, result.changed, result.removed) == (3, 0, 0)
    person = ListEntry.objects.get(entry_id="101")
    assert person.kind == "person"
    assert person.name == "Ivan Volkov"
    assert person.native_names == ["Иван Волков"]
    assert person.countries == ["RU"]
    if fmt != "csv":  # the documented CSV has no identifier column
        assert person.identifiers == ["P123456"]
    company = ListEntry.objects.get(entry_id="102")
    assert company.kind == "organisation"
    assert "ООО Звезда" in company.native_names
    assert ListEntry.objects.get(entry_id="103").native_names == ["哈尔滨示例学院"]
    assert NameKey.objects.filter(entry=company, key="zvezda").exists()
    sanctions_list = SanctionsList.objects.get(name="test")
    assert sanctions_list.entry_count == 3
    assert sanctions_list.format == fmt
    if fmt in ("tresor", "eu-fsf", "un"):
        assert sanctions_list.published_on is not None
        assert sanctions_list.licence


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_reload_applies_additions_changes_and_removals(fmt: str) -> None:
    load(fmt, FIRST)
    kept = ListEntry.objects.get(entry_id="103")
    result = load(fmt, SECOND)
    assert (result.added, result.changed, result.removed, result.unchanged) == (1, 1, 1, 1)
    assert set(ListEntry.objects.values_list("entry_id", flat=True)) == {"101", "103", "104"}
    assert ListEntry.objects.get(entry_id="103").pk == kept.pk  # untouched, not recreated
    assert "Vanya Volkov" in ListEntry.objects.get(entry_id="101").aliases
    assert NameKey.objects.filter(entry__entry_id="101", key="vanya").exists()
    assert not NameKey.objects.filter(entry__entry_id="102").exists()


BROKEN = {
    "tresor": (
        b'{"Publications": {"PublicationDetail": [{"IdRegistre": 7, "Nature": "Personne morale", "RegistreDetail": []}]}}',
        "entry 7, field Nom",
    ),
    "eu-fsf": (
        b'<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="55"><subjectType code="enterprise"/></sanctionEntity></export>',
        "entry 55, field nameAlias@wholeName",
    ),
    "un": (
        b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        "entry KPi.001, field FIRST_NAME",
    ),
    "ftm": (
        b'{"id": "os-1", "schema": "Person", "properties": {"name": ["A B"]}}\n{"id": "os-2", "schema": "Company", "properties": {"alias": ["X"]}}\n',
        "entry os-2, field properties.name",
    ),
    "csv": (
        b"id,name,aliases,country,kind,program\nC1,Good Name,,RU,organisation,\nC2,Other,,Atlantis,organisation,\n",
        "entry C2, field country",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_malformed_file_is_refused_whole_and_names_entry_and_field(fmt: str) -> None:
    load(fmt, FIRST)
    content, message = BROKEN[fmt]
    with pytest.raises(ListFileError) as error:
        load_list(io.BytesIO(content), fmt, "test")
    assert message in str(error.value)
    # Nothing half-loaded: the list is as it was.
    assert set(ListEntry.objects.values_list("entry_id", flat=True)) == {"101", "102", "103"}


@pytest.mark.django_db
def test_load_list_command_prints_counts_and_refuses_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(WRITERS["csv"](FIRST))
    out = io.StringIO()
    call_command("load_list", str(path), "--format", "csv", "--name", "own", stdout=out)
    assert out.getvalue().strip() == "added 3, changed 0, removed 0, unchanged 0"
    path.write_bytes(b"id,name\nA1,\n")
    with pytest.raises(CommandError, match="nothing loaded: entry A1, field name: missing"):
        call_command("load_list", str(path), "--format", "csv", "--name", "own")
    assert SanctionsList.objects.get(name="own").entries.count() == 3
    path.write_bytes(b"<not xml")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("load_list", str(path), "--format", "un", "--name", "un")
    assert not SanctionsList.objects.filter(name="un").exists()
