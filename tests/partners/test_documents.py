"""Documents kept with a partnership: upload with limits, download after the tenancy check."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from partners import actions
from partners.models import Document
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db


def test_officer_uploads_viewer_downloads_outsider_gets_404(
    town_a: Municipality, alice_client: Client, victor_client: Client, oscar_client: Client
) -> None:
    partnership = make_partnership(town_a)
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4 text", "application/pdf")
    response = alice_client.post(
        reverse("partners:document_upload", args=[partnership.pk]),
        {"title": "Convention signée", "file": upload},
    )
    assert response.status_code == 302
    document = Document.objects.get(partnership=partnership)
    page = victor_client.get(partnership.get_absolute_url()).content.decode()
    assert "Convention signée" in page
    download = victor_client.get(reverse("partners:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download.getvalue() == b"%PDF-1.4 text"
    assert "attachment" in download["Content-Disposition"]
    assert (
        oscar_client.get(reverse("partners:document_download", args=[document.pk])).status_code
        == 404
    )


def test_a_wrong_file_type_is_refused_with_a_message(
    town_a: Municipality, alice_client: Client
) -> None:
    partnership = make_partnership(town_a)
    upload = SimpleUploadedFile("script.exe", b"MZ")
    response = alice_client.post(
        reverse("partners:document_upload", args=[partnership.pk]),
        {"title": "Programme", "file": upload},
        follow=True,
    )
    assert "pas été ajouté" in response.content.decode()
    assert not Document.objects.exists()


def test_officer_deletes_a_document(town_a: Municipality, alice_client: Client) -> None:
    partnership = make_partnership(town_a)
    alice_client.post(
        reverse("partners:document_upload", args=[partnership.pk]),
        {"title": "Lettre", "file": SimpleUploadedFile("lettre.txt", b"bonjour")},
    )
    document = Document.objects.get()
    response = alice_client.post(reverse("partners:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_a_deleted_document_loses_its_file_only_once_the_deletion_commits(
    town_a: Municipality, alice: User, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    partnership = make_partnership(town_a)
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4 text", "application/pdf")
    document = actions.add_document(partnership, "Convention", upload, alice)
    pk, stored = document.pk, Path(document.file.path)
    assert stored.read_bytes() == b"%PDF-1.4 text"
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.delete_document(document)
        raise RuntimeError("the deletion is rolled back")
    assert Document.objects.filter(pk=pk).exists() and stored.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_document(Document.objects.get(pk=pk))
    assert not Document.objects.exists() and not stored.exists()
