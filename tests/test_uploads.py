"""Uploads are stored under unguessable paths and served only by the download views."""

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality, logo_path
from partners.models import Document, document_path
from reports.models import report_path
from reviews.models import attachment_path
from risks.models import evidence_path
from tests.factories import make_partnership
from tests.test_settings import PRODUCTION_ENV, run_manage

RANDOM_FOLDER = re.compile(r"/[0-9a-f]{32}/")


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_two_uploads_of_one_name_get_distinct_unguessable_paths_and_keep_their_name(
    town_a: Municipality, alice_client: Client, victor_client: Client
) -> None:
    partnership = make_partnership(town_a)
    for _ in range(2):
        upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4 text", "application/pdf")
        alice_client.post(
            reverse("partners:document_upload", args=[partnership.pk]),
            {"title": "Convention", "file": upload},
        )
    first, second = Document.objects.order_by("pk")
    assert first.file.name != second.file.name
    for document in (first, second):
        assert RANDOM_FOLDER.search(document.file.name or ""), document.file.name
        download = victor_client.get(reverse("partners:document_download", args=[document.pk]))
        assert 'filename="convention.pdf"' in download["Content-Disposition"]


def test_every_kind_of_upload_goes_to_a_random_folder() -> None:
    # the path functions read only these attributes of the instance
    town = SimpleNamespace(municipality_id=7, pk=3, insee_code="45234")
    cases: list[tuple[Any, Any, str]] = [
        (document_path, SimpleNamespace(partnership=town), "a.pdf"),
        (evidence_path, SimpleNamespace(assessment=town, assessment_id=3), "a.pdf"),
        (attachment_path, SimpleNamespace(referral=town, referral_id=3), "a.pdf"),
        (report_path, town, "portfolio.pdf"),
        (logo_path, town, "logo.png"),
    ]
    folders = set()
    for function, instance, name in cases:
        path = function(instance, name)
        found = RANDOM_FOLDER.search(path)
        assert found, path
        folders.add(found.group(0))
    assert len(folders) == len(cases)


def test_media_is_not_served_even_with_debug_on() -> None:
    script = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/documents/1/convention.pdf'); print('SERVED')\n"
        "except Resolver404:\n    print('NOT SERVED')"
    )
    env = {**PRODUCTION_ENV, "DJANGO_DEBUG": "true"}
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "NOT SERVED"
