"""load_regimes (Our World in Data CSV) and the demo register."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import Municipality
from partners.models import Country, Partner, Partnership, Status

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "regimes.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("column", ["Political regime", "regime_row_owid"])
def test_load_regimes_keeps_the_latest_year(tmp_path: Path, column: str) -> None:
    path = write(
        tmp_path,
        f"Entity,Code,Year,{column}\n"
        "Ukraine,UKR,2021,2\nUkraine,UKR,2022,1\nUkraine,UKR,1990,0\n"
        "China,CHN,2022,0\nWorld,OWID_WRL,2022,2\nNowhere,,2022,3\n",
    )
    call_command("load_regimes", str(path))
    ukraine = Country.objects.get(code="UA")
    assert (ukraine.regime_class, ukraine.regime_year) == (1, 2022)
    assert "V-Dem" in ukraine.regime_source
    assert Country.objects.get(code="CN").regime_class == 0
    assert Country.objects.get(code="DE").regime_class is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("country;year;regime\nUkraine;2022;1\n", "expected the columns"),
        ("Entity,Code,Year,Political regime\nUkraine,UKR,2022,7\n", "not between 0 and 3"),
        ("Entity,Code,Year,Political regime\nUkraine,UKR,last,1\n", "must be numbers"),
        ("Entity,Code,Year,Political regime\n", "no data row"),
    ],
)
def test_load_regimes_refuses_a_bad_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("load_regimes", str(write(tmp_path, text)))
    assert not Country.objects.filter(regime_class__isnull=False).exists()


def test_load_regimes_refuses_a_missing_or_non_utf8_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_regimes", str(tmp_path / "absent.csv"))
    path = write(tmp_path, "Entity,Code,Year,Political regime\nCôte,CIV,2022,1\n", "latin-1")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_regimes", str(path))


def test_demo_register_is_believable_and_idempotent() -> None:
    call_command("load_demo")
    call_command("load_demo")
    montclair = Municipality.objects.get(insee_code="99901")
    partners = Partner.objects.filter(municipality=montclair)
    assert partners.count() >= 12
    assert len(set(partners.values_list("kind", flat=True))) >= 6
    assert len(set(partners.values_list("country", flat=True))) >= 8
    statuses = set(
        Partnership.objects.filter(municipality=montclair).values_list("status", flat=True)
    )
    assert statuses == set(Status.values)
    assert all("(démo)" in name for name in partners.values_list("name", flat=True))
