"""The checklist per partnership: ticked with who, when and the proving document, audited, shown
on the partnership page, printed in the council report, open items on the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from guidance.models import ChecklistItem, ChecklistTick
from municipalities.models import Municipality
from partners.models import Document, Partnership
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db


def item(code: str) -> ChecklistItem:
    return ChecklistItem.objects.get(code=code)


def tick(client: Client, partnership: Partnership, code: str, **data: Any) -> Any:
    url = reverse("guidance:checklist_tick", args=[partnership.pk])
    return client.post(url, {"item": item(code).pk, "back": "checklist", **data}, follow=True)


def test_an_officer_ticks_a_step_with_who_and_when(
    partnership: Partnership, alice: User, alice_client: Client
) -> None:
    response = tick(alice_client, partnership, "clauses", note="Clauses 1 à 8 reprises")
    assert response.status_code == 200
    done = ChecklistTick.objects.get(partnership=partnership)
    assert done.item.code == "clauses" and done.done_by == alice and done.note
    body = response.content.decode()
    assert "1 of 10 done" in body or "1 sur 10" in body
    assert f"ticked by {alice.display_name}" in body or f"coché par {alice.display_name}" in body
    # Audited: the history says who ticked.
    record = ChecklistTick.history.get(history_type="+")
    assert record.history_user == alice


def test_a_step_proved_by_a_document_needs_one(
    partnership: Partnership, alice_client: Client
) -> None:
    response = tick(alice_client, partnership, "deliberation")
    assert not ChecklistTick.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("document" in m for m in messages)


def test_the_receipt_uploaded_with_the_tick_joins_the_partnerships_documents(
    partnership: Partnership, alice_client: Client
) -> None:
    upload = SimpleUploadedFile("ar-prefecture.pdf", b"%PDF-1.4 receipt")
    tick(alice_client, partnership, "prefect_transmission", file=upload, title="AR préfecture")
    done = ChecklistTick.objects.get()
    assert done.document is not None
    assert done.document.title == "AR préfecture"
    assert done.document.partnership == partnership
    assert list(partnership.documents.all()) == [done.document]


def test_an_existing_document_proves_the_deliberation(
    partnership: Partnership, alice_client: Client
) -> None:
    document = Document.objects.create(partnership=partnership, title="Délibération", file="d.pdf")
    tick(alice_client, partnership, "deliberation", document=document.pk)
    assert ChecklistTick.objects.get().document == document


def test_an_upload_of_a_wrong_type_is_refused_and_nothing_is_ticked(
    partnership: Partnership, alice_client: Client
) -> None:
    upload = SimpleUploadedFile("receipt.exe", b"MZ")
    response = tick(alice_client, partnership, "prefect_transmission", file=upload)
    assert not ChecklistTick.objects.exists()
    assert not Document.objects.exists()
    assert any("pdf" in str(m).lower() for m in response.context["messages"])


def test_a_document_of_another_partnership_is_not_a_choice(
    partnership: Partnership, town_a: Municipality, alice_client: Client
) -> None:
    other = make_partnership(town_a)
    document = Document.objects.create(partnership=other, title="Autre", file="o.pdf")
    tick(alice_client, partnership, "deliberation", document=document.pk)
    assert not ChecklistTick.objects.exists()


def test_reopening_a_step_is_audited(
    partnership: Partnership, alice: User, martha: User, alice_client: Client
) -> None:
    tick(alice_client, partnership, "clauses")
    client = Client()
    client.force_login(martha)
    url = reverse("guidance:checklist_untick", args=[partnership.pk])
    client.post(url, {"item": item("clauses").pk})
    assert not ChecklistTick.objects.exists()
    deleted = ChecklistTick.history.get(history_type="-")
    assert deleted.history_user == martha


def test_a_viewer_reads_the_checklist_but_cannot_tick(
    partnership: Partnership, victor_client: Client
) -> None:
    checklist_url = reverse("guidance:checklist", args=[partnership.pk])
    page = victor_client.get(partnership.get_absolute_url()).content.decode()
    assert f'hx-get="{checklist_url}"' in page  # loaded into the partnership page
    assert f'href="{checklist_url}"' in page  # and a link without JavaScript
    body = victor_client.get(checklist_url).content.decode()
    assert 'id="checklist-title"' in body
    assert reverse("guidance:checklist_tick", args=[partnership.pk]) not in body
    assert tick(victor_client, partnership, "clauses").status_code == 403


def test_htmx_gets_the_checklist_fragment(partnership: Partnership, alice_client: Client) -> None:
    url = reverse("guidance:checklist", args=[partnership.pk])
    response = alice_client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'id="checklist"' in body
    assert 'name="back"' not in body  # the tick returns to the partnership page
    assert "HX-Request" in response["Vary"]


def test_the_pages_stay_within_their_query_budget(
    partnership: Partnership, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    tick(alice_client, partnership, "clauses")
    with django_assert_max_num_queries(8):
        assert alice_client.get(partnership.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(7):
        response = alice_client.get(reverse("guidance:checklist", args=[partnership.pk]))
    assert response.context["checklist"]["done"] == 1


def test_open_items_are_listed_on_the_dashboard(
    partnership: Partnership, town_a: Municipality, alice_client: Client
) -> None:
    ended = make_partnership(town_a, title="Partenariat terminé", status="ended")
    complete = make_partnership(town_a, title="Partenariat complet", status="active")
    alice = User.objects.get(email="alice@a.test")
    for entry in ChecklistItem.objects.all():
        ChecklistTick.objects.create(partnership=complete, item=entry, done_by=alice)
    body = alice_client.get(reverse("home")).content.decode()
    assert 'data-item="checklists"' in body
    assert partnership.title in body
    assert complete.title not in body
    assert ended.title not in body


def test_the_dashboard_says_nothing_when_every_checklist_is_complete(
    town_a: Municipality, alice: User, alice_client: Client
) -> None:
    body = alice_client.get(reverse("home")).content.decode()
    assert 'data-item="checklists"' not in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_council_report_prints_the_checklist(
    town_a: Municipality, alice: User, martha: User, settings: Any, tmp_path: Any, language: str
) -> None:
    from django.utils import translation

    from reports.partnership import render_partnership_report
    from tests.factories import set_regime
    from tests.reports.conftest import diagnosed_partnership, pdf_pages

    (tmp_path / "media" / "logos").mkdir(parents=True, exist_ok=True)
    set_regime("CN", 0)
    partnership, assessment = diagnosed_partnership(town_a, alice, martha)
    document = Document.objects.create(
        partnership=partnership, title="Délibération DEL-7", file="d.pdf"
    )
    ChecklistTick.objects.create(
        partnership=partnership, item=item("deliberation"), done_by=alice, document=document
    )
    outcome = render_partnership_report(assessment, language, alice)
    # words cut at a line's end (hyphenation, U+2010) joined again
    text = " ".join(" ".join(pdf_pages(outcome.data)).replace("\u2010\n", "").split())
    with translation.override(language):
        heading = translation.gettext("Checklist before signing")
        not_done = translation.gettext("not done")
        deliberation = item("deliberation").label
        clauses = item("clauses").label
    assert heading in text
    assert f"{deliberation} {alice.display_name}" in text
    assert "Délibération DEL-7" in text
    assert f"{clauses} {not_done}" in text
