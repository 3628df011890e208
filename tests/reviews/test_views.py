"""The referral pages, for every persona: who sees what, who may do what (HTTP status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reviews import actions
from reviews.forms import ATTACHMENT_MAX_BYTES
from reviews.models import EventKind, Message, Notification, NotificationPreference, Referral
from risks.models import Assessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def status(people: dict[str, Any], who: str, method: str, url: str, data: Any = None) -> int:
    client = Client() if who == "anonymous" else client_for(people[who])
    response = getattr(client, method)(url, data or {})
    return int(response.status_code)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", 200),
        ("manager", 200),
        ("viewer", 200),
        ("liaison", 200),
        ("other_liaison", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_the_referral_page(
    who: str, expected: int, people: dict[str, Any], referral: Referral
) -> None:
    assert status(people, who, "get", referral.get_absolute_url()) == expected


def test_each_side_sees_its_own_forms(people: dict[str, Any], referral: Referral) -> None:
    url = referral.get_absolute_url()
    liaison_page = client_for(people["liaison"]).get(url).content.decode()
    assert reverse("reviews:opinion", args=[referral.pk]) in liaison_page
    assert reverse("reviews:question", args=[referral.pk]) in liaison_page
    assert reverse("reviews:answer", args=[referral.pk]) not in liaison_page
    # the liaison is never sent to the register
    assert referral.partnership.get_absolute_url() not in liaison_page
    officer_page = client_for(people["officer"]).get(url).content.decode()
    assert reverse("reviews:answer", args=[referral.pk]) in officer_page
    assert reverse("reviews:opinion", args=[referral.pk]) not in officer_page
    viewer_page = client_for(people["viewer"]).get(url).content.decode()
    assert reverse("reviews:answer", args=[referral.pk]) not in viewer_page


def test_the_page_shows_the_snapshot(liaison_client: Client, referral: Referral) -> None:
    page = liaison_client.get(referral.get_absolute_url()).content.decode()
    assert referral.snapshot["partner"]["name"] in page
    assert 'class="heatmap"' in page
    assert referral.snapshot["answers"][0]["question_fr"][:30] in page


TRANSITIONS = {
    # url name: (data, who may act)
    "question": ({"body": "Une question ?"}, {"liaison"}),
    "answer": ({"body": "Une réponse."}, {"officer", "manager"}),
    "opinion": ({"opinion": "vigilance", "reasons": "Prudence."}, {"liaison"}),
}


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize(
    "who", ["officer", "manager", "viewer", "liaison", "other_liaison", "outsider", "anonymous"]
)
def test_who_may_post_each_transition(
    name: str, who: str, people: dict[str, Any], referral: Referral
) -> None:
    data, allowed = TRANSITIONS[name]
    url = reverse(f"reviews:{name}", args=[referral.pk])
    code = status(people, who, "post", url, data)
    before = referral.state
    referral.refresh_from_db()
    if who in allowed:
        assert code == 302
        assert referral.state != before or name == "answer"
    else:
        expected = {"anonymous": 302, "other_liaison": 404, "outsider": 404}.get(who, 403)
        assert code == expected
        assert referral.state == before


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", 302),
        ("manager", 302),
        ("liaison", 302),
        ("viewer", 403),
        ("other_liaison", 404),
        ("outsider", 404),
    ],
)
def test_who_may_close(who: str, expected: int, people: dict[str, Any], referral: Referral) -> None:
    actions.give_opinion(referral.pk, people["liaison"], "no_objection", "RAS.")
    url = reverse("reviews:close", args=[referral.pk])
    assert status(people, who, "post", url) == expected
    referral.refresh_from_db()
    assert (referral.state == "closed") == (expected == 302)


@pytest.mark.parametrize("name", ["question", "answer", "opinion", "close"])
def test_transitions_refuse_get(name: str, liaison_client: Client, referral: Referral) -> None:
    assert liaison_client.get(reverse(f"reviews:{name}", args=[referral.pk])).status_code == 405


def test_an_invalid_opinion_redisplays_the_form(liaison_client: Client, referral: Referral) -> None:
    response = liaison_client.post(
        reverse("reviews:opinion", args=[referral.pk]), {"opinion": "maybe"}
    )
    assert response.status_code == 422
    referral.refresh_from_db()
    assert referral.state == "open"


def test_a_refused_transition_says_why(alice_client: Client, referral: Referral) -> None:
    response = alice_client.post(reverse("reviews:close", args=[referral.pk]), follow=True)
    assert response.status_code == 200
    assert "une fois l'avis" in response.content.decode().replace("&#x27;", "'")


def test_an_answer_with_an_attachment_reaches_the_liaison(
    alice_client: Client, liaison_client: Client, referral: Referral
) -> None:
    upload = SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf")
    response = alice_client.post(
        reverse("reviews:answer", args=[referral.pk]), {"body": "Ci-joint.", "attachment": upload}
    )
    assert response.status_code == 302
    message = Message.objects.get(referral=referral, kind="answer")
    assert message.attachment_name == "convention.pdf"
    download = liaison_client.get(message.get_attachment_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ\x90\x00", "type"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "content"),
        ("big.pdf", b"%PDF-" + b"0" * ATTACHMENT_MAX_BYTES, "size"),
    ],
)
def test_attachments_are_limited_in_type_and_size(
    name: str, content: bytes, reason: str, alice_client: Client, referral: Referral
) -> None:
    upload = SimpleUploadedFile(name, content)
    response = alice_client.post(
        reverse("reviews:answer", args=[referral.pk]), {"body": "Ci-joint.", "attachment": upload}
    )
    assert response.status_code == 422, reason
    assert not Message.objects.filter(referral=referral, kind="answer").exists()


def test_attachments_follow_the_referral_access(people: dict[str, Any], referral: Referral) -> None:
    actions.answer(
        referral.pk,
        people["officer"],
        "Ci-joint.",
        SimpleUploadedFile("note.txt", b"une note", content_type="text/plain"),
    )
    url = Message.objects.get(kind="answer").get_attachment_url()
    assert status(people, "viewer", "get", url) == 200
    assert status(people, "other_liaison", "get", url) == 404
    assert status(people, "outsider", "get", url) == 404


def test_the_liaison_sees_nothing_else_of_the_municipality(
    liaison_client: Client, referral: Referral, flagged: Assessment
) -> None:
    for url in (
        referral.partnership.get_absolute_url(),
        flagged.get_absolute_url(),
        reverse("partners:partnership_list"),
        reverse("partners:partner_list"),
        reverse("reviews:referral_list"),
    ):
        assert liaison_client.get(url).status_code == 404, url


# --- request an opinion ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer", 302), ("manager", 302), ("viewer", 403), ("liaison", 404), ("outsider", 404)],
)
def test_who_may_request_an_opinion(
    who: str, expected: int, people: dict[str, Any], town_a: Any
) -> None:
    from tests.reviews.conftest import approved_assessment

    assessment = approved_assessment(people["officer"], people["manager"], town=town_a, points=0)
    url = reverse("reviews:request_opinion", args=[assessment.pk])
    if expected == 302:
        assert status(people, who, "get", url) == 200
    assert status(people, who, "post", url, {"body": "Avis ?"}) == expected
    assert Referral.objects.exists() == (expected == 302)


# --- notifications ---------------------------------------------------------------------------


def test_the_badge_counts_unread_notifications(
    liaison_client: Client,
    referral: Referral,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    page = liaison_client.get(reverse("home")).content.decode()
    assert 'class="count-badge">1<' in page
    assert reverse("reviews:queue") in page  # the liaison's link in the header
    # reading the referral reads its news; the cached badge goes once that is committed
    with django_capture_on_commit_callbacks(execute=True):
        liaison_client.get(referral.get_absolute_url())
    page = liaison_client.get(reverse("home")).content.decode()
    assert "count-badge" not in page


def test_the_notification_list_and_opening_one(
    liaison_client: Client, liaison: User, referral: Referral
) -> None:
    page = liaison_client.get(reverse("reviews:notifications"))
    assert page.status_code == 200
    assert referral.snapshot["partnership"]["title"] in page.content.decode()
    notification = Notification.objects.get(recipient=liaison)
    response = liaison_client.get(reverse("reviews:notification", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(
    alice_client: Client, liaison: User, referral: Referral
) -> None:
    notification = Notification.objects.get(recipient=liaison)
    assert (
        alice_client.get(reverse("reviews:notification", args=[notification.pk])).status_code == 404
    )


def test_mark_all_read(liaison_client: Client, liaison: User, referral: Referral) -> None:
    assert liaison_client.post(reverse("reviews:read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=liaison, read_at__isnull=True).exists()


def test_preferences_choose_in_app_only(
    alice_client: Client, alice: User, liaison: User, referral: Referral
) -> None:
    url = reverse("reviews:preferences")
    assert alice_client.get(url).status_code == 200
    data = {kind: "email" for kind in EventKind.values}
    data[EventKind.OPINION_GIVEN] = "app"
    assert alice_client.post(url, data).status_code == 302
    assert not NotificationPreference.objects.get(user=alice, kind=EventKind.OPINION_GIVEN).by_email
    actions.give_opinion(referral.pk, liaison, "vigilance", "Prudence.")
    row = Notification.objects.get(recipient=alice, kind=EventKind.OPINION_GIVEN)
    assert not row.by_email  # in the app only
    assert Notification.objects.get(
        recipient__email="martha@a.test", kind=EventKind.OPINION_GIVEN
    ).by_email
