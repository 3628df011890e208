"""The incident log: recorded with partners, partnerships and evidence; tenancy; sent to the
liaisons following the municipality (their queue and the real outbox), acknowledged back;
and what the profile reads of it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from guidance.incidents import incident_summary
from guidance.models import Evidence, Incident
from municipalities.models import Municipality
from partners.models import Partnership
from reviews.models import EventKind, Notification
from tests.conftest import client_for
from tests.factories import make_partner
from tests.reviews.conftest import make_liaison

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(town_a: Municipality, alice: User, partnership: Partnership) -> Incident:
    incident = Incident.objects.create(
        municipality=town_a,
        kind="impersonation",
        occurred_on=timezone.localdate() - datetime.timedelta(days=2),
        title="Faux compte de la mairie",
        description="Un compte usurpe le logo de la ville.",
        recorded_by=alice,
    )
    incident.partnerships.add(partnership)
    return incident


def test_an_officer_records_an_incident_linked_to_the_register(
    town_a: Municipality, alice: User, alice_client: Client, partnership: Partnership
) -> None:
    response = alice_client.post(
        reverse("guidance:incident_new"),
        {
            "kind": "approach",
            "occurred_on": "2026-03-02",
            "title": "Approche d'une délégation",
            "description": "Demande de visite du technopôle.",
            "partners": [partnership.partner_id],
            "partnerships": [partnership.pk],
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.recorded_by == alice and incident.municipality == town_a
    assert list(incident.partnerships.all()) == [partnership]
    assert incident.history.get().history_user == alice


def test_another_towns_partner_is_not_a_choice(town_b: Municipality, alice_client: Client) -> None:
    foreign = make_partner(town_b)
    response = alice_client.post(
        reverse("guidance:incident_new"),
        {
            "kind": "approach",
            "occurred_on": "2026-03-02",
            "title": "X",
            "description": "Y",
            "partners": [foreign.pk],
        },
    )
    assert response.status_code == 422
    assert "partners" in response.context["form"].errors
    assert not Incident.objects.exists()


def test_a_future_date_is_refused(alice_client: Client) -> None:
    response = alice_client.post(
        reverse("guidance:incident_new"),
        {"kind": "tension", "occurred_on": "2999-01-01", "title": "X", "description": "Y"},
    )
    assert response.status_code == 422 and "occurred_on" in response.context["form"].errors


def test_evidence_has_the_same_limits_as_documents(
    incident: Incident, alice_client: Client, settings: Any
) -> None:
    url = reverse("guidance:evidence_upload", args=[incident.pk])
    bad = alice_client.post(
        url, {"title": "Script", "file": SimpleUploadedFile("x.html", b"<script>")}
    )
    assert bad.status_code == 422 and not Evidence.objects.exists()
    big = SimpleUploadedFile("capture.png", b"0" * (10 * 1024 * 1024 + 1))
    assert alice_client.post(url, {"title": "Big", "file": big}).status_code == 422
    good = SimpleUploadedFile("capture.png", b"\x89PNG\r\n\x1a\n data")
    assert alice_client.post(url, {"title": "Capture", "file": good}).status_code == 302
    evidence = Evidence.objects.get()
    download = alice_client.get(reverse("guidance:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_outsiders_get_404_and_viewers_403_on_writes(
    incident: Incident, oscar_client: Client, victor_client: Client
) -> None:
    for name in ("incident", "incident_edit"):
        assert oscar_client.get(reverse(f"guidance:{name}", args=[incident.pk])).status_code == 404
    assert victor_client.get(incident.get_absolute_url()).status_code == 200
    for name in ("incident_edit", "incident_send", "evidence_upload"):
        url = reverse(f"guidance:{name}", args=[incident.pk])
        assert victor_client.post(url).status_code == 403, name
    assert oscar_client.get(reverse("guidance:incident_list")).context["page"].paginator.count == 0


def test_a_sent_incident_reaches_the_liaisons_queue_and_notifies_them(
    incident: Incident,
    alice_client: Client,
    liaison: User,
    liaison_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox = []
    other = make_liaison("other@meae.test", region="53")  # Bretagne: does not follow town A
    # Before it is sent, the liaison does not see it.
    assert liaison_client.get(incident.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("guidance:incident_send", args=[incident.pk]), {"note": "Pour information."}
        )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.sent_at is not None
    # The outbox row, delivered by the task after commit: one e-mail to the liaison only.
    row = Notification.objects.get(kind=EventKind.INCIDENT_SENT)
    assert row.recipient == liaison and row.sent_at is not None
    assert row.path == incident.get_absolute_url()
    (message,) = mail.outbox
    assert message.to == [liaison.email]
    assert "Faux compte de la mairie" in message.subject
    assert incident.get_absolute_url() in message.body
    # The queue lists it; the page opens and reads the notification.
    queue = liaison_client.get(reverse("reviews:queue")).content.decode()
    assert 'id="queue-incidents-title"' in queue and "Faux compte de la mairie" in queue
    assert liaison_client.get(incident.get_absolute_url()).status_code == 200
    row.refresh_from_db()
    assert row.read_at is not None
    # A liaison of another region sees nothing.
    assert client_for(other).get(incident.get_absolute_url()).status_code == 404
    # A liaison reads but never edits.
    assert (
        liaison_client.post(reverse("guidance:incident_edit", args=[incident.pk])).status_code
        == 403
    )


def test_the_liaison_acknowledges_and_the_municipality_is_notified(
    incident: Incident,
    alice: User,
    martha: User,
    victor: User,
    liaison: User,
    liaison_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from guidance import actions

    actions.send_incident(incident.pk, alice)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = liaison_client.post(
            reverse("guidance:incident_acknowledge", args=[incident.pk]),
            {"answer": "Signalé à Viginum."},
        )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.acknowledged_by == liaison
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, martha.email])
    body = client_for(alice).get(incident.get_absolute_url()).content.decode()
    assert "Signalé à Viginum." in body


def test_sending_twice_or_without_a_liaison_is_refused(
    incident: Incident, alice: User, town_b: Municipality, oscar: User
) -> None:
    from guidance import actions

    lonely = Incident.objects.create(
        municipality=town_b,
        kind="protest",
        occurred_on=timezone.localdate(),
        title="Manifestation",
        description="…",
        recorded_by=oscar,
    )
    with pytest.raises(actions.GuidanceError, match="no_liaison"):
        actions.send_incident(lonely.pk, oscar)
    make_liaison("l@meae.test", region="24")
    actions.send_incident(incident.pk, alice)
    with pytest.raises(actions.GuidanceError, match="already_sent"):
        actions.send_incident(incident.pk, alice)


def test_the_list_is_paginated_within_its_query_budget(
    town_a: Municipality, alice: User, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    Incident.objects.bulk_create(
        Incident(
            municipality=town_a,
            kind="approach",
            occurred_on=timezone.localdate() - datetime.timedelta(days=i),
            title=f"Incident {i:02d}",
            description="…",
            recorded_by=alice,
        )
        for i in range(30)
    )
    with django_assert_max_num_queries(9):
        response = alice_client.get(reverse("guidance:incident_list"))
    page = response.context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 25
    assert (
        alice_client.get(reverse("guidance:incident_list"), {"kind": "tension"})
        .context["page"]
        .paginator.count
        == 0
    )


def test_the_profile_reads_past_incidents(
    town_a: Municipality, incident: Incident, alice: User
) -> None:
    Incident.objects.create(
        municipality=town_a,
        kind="approach",
        occurred_on=timezone.localdate() - datetime.timedelta(days=365 * 5),
        title="Ancien",
        description="…",
        recorded_by=alice,
    )
    summary = incident_summary(town_a)
    assert summary.count == 1 and summary.any
    assert summary.by_kind == {"impersonation": 1}
    assert summary.last_date == incident.occurred_on


def test_an_empty_log_says_what_to_record(alice_client: Client) -> None:
    body = alice_client.get(reverse("guidance:incident_list")).content.decode()
    assert "empty-state" in body
