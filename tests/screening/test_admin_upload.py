"""Staff upload a list in the admin; a worker loads it and the upload shows its outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from screening.models import ListEntry, ListLoad, SanctionsList
from tests.conftest import make_user
from tests.screening.files import WRITERS, Made

pytestmark = pytest.mark.django_db

ENTRIES = [Made("E1", "Zvezda Trading LLC", countries=["RU"]), Made("E2", "Ocean Pearl", "vessel")]


@pytest.fixture
def staff_client(tmp_path: Path) -> Any:
    user = make_user("admin@citydiplo.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    with override_settings(MEDIA_ROOT=tmp_path):
        yield client


def upload(client: Client, name: str, fmt: str, filename: str, content: bytes) -> Any:
    return client.post(
        "/admin/screening/listload/add/",
        {"name": name, "format": fmt, "file": SimpleUploadedFile(filename, content)},
    )


def test_an_uploaded_list_is_loaded_by_the_worker(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff_client, "EU", "eu-fsf", "eu.xml", WRITERS["eu-fsf"](ENTRIES))
    assert response.status_code == 302
    load = ListLoad.objects.get()
    assert (load.state, load.progress) == ("done", 100)
    assert load.message == "EU: 2 added, 0 changed, 0 removed, 0 unchanged"
    assert SanctionsList.objects.get(name="EU").entry_count == 2


def test_a_malformed_upload_fails_with_the_entry_and_field_and_loads_nothing(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    broken = b"id,name,aliases,country,kind,program\nE1,Zvezda,,RU,organisation,\nE2,,,RU,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, "Own", "csv", "own.csv", broken)
    load = ListLoad.objects.get()
    assert load.state == "failed"
    assert load.message == "entry E2, field name: missing or empty"
    assert not ListEntry.objects.exists()


def test_an_upload_must_have_the_extension_of_its_format(staff_client: Client) -> None:
    response = upload(staff_client, "UN", "un", "list.csv", WRITERS["un"](ENTRIES))
    assert response.status_code == 200
    assert not ListLoad.objects.exists()


def test_the_opensanctions_licence_is_stated_on_upload(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff_client, "OS", "ftm", "os.json", WRITERS["ftm"](ENTRIES))
    page = staff_client.get(response["Location"]).content.decode()
    assert "CC BY-NC 4.0" in page
    assert SanctionsList.objects.get(name="OS").licence.startswith("CC BY-NC 4.0")
