"""The diagnostic page says how far it is: answered / total per section and overall, the next
unanswered question, and what is still missing before submission; htmx keeps it current."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from risks import actions
from risks.models import Assessment
from risks.progress import progress
from tests.factories import make_partnership, question

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def draft(town_a: Municipality, alice: User) -> Assessment:
    started = actions.start_assessment(make_partnership(town_a), alice)
    return Assessment.objects.get(pk=started.pk)  # with the result stored at the start


def nav(body: str) -> str:
    match = re.search(r'<nav class="diagnostic-progress".*?</nav>', body, re.S)
    assert match, "no progress navigation"
    return html.unescape(match.group(0))


def test_a_new_draft_shows_every_section_at_zero_and_the_first_question(
    draft: Assessment, alice_client: Client
) -> None:
    state = progress(draft)
    body = alice_client.get(draft.get_absolute_url()).content.decode()
    links = nav(body)
    # the register and the municipality profile prefill what they know; the rest is open
    assert f"{state.done} / {state.total}" in links and state.done < state.total
    for section in state.sections:
        assert f'href="#category-{section.code}"' in links
        assert f"{section.done} / {section.total}" in links
    assert state.next_question is not None
    assert f'href="#question-{state.next_question.pk}"' in links
    assert f'id="question-{state.next_question.pk}"' in body
    missing = re.search(r'id="submission-missing".*?</div>', body, re.S)
    assert missing and html.unescape(missing.group(0)).count("<li>") == len(state.missing) == 3


def test_an_answer_updates_the_counts_and_the_next_question(
    draft: Assessment, alice_client: Client
) -> None:
    before = progress(draft)
    assert before.next_question is not None
    q = before.next_question
    response = alice_client.post(
        reverse("risks:answer", args=[draft.pk]),
        {"question": str(q.pk), f"q{q.pk}-value": "2", f"q{q.pk}-revision": "0"},
        headers=HTMX,
    )
    assert response.status_code == 200
    links = nav(response.content.decode())
    assert 'hx-swap-oob="true"' in links
    assert f"{before.done + 1} / {before.total}" in links
    draft.refresh_from_db()
    after = progress(draft)
    assert after.next_question is not None and after.next_question.pk != q.pk
    assert f'href="#question-{after.next_question.pk}"' in links


def test_submitting_too_early_says_what_is_missing(
    draft: Assessment, alice: User, alice_client: Client
) -> None:
    ip = question("ip1")
    actions.save_answer(draft.pk, ip, 2, alice, seen_revision=0)
    response = alice_client.post(reverse("risks:submit", args=[draft.pk]), follow=True)
    body = html.unescape(response.content.decode())
    messages = re.search(r'<div class="messages".*?</ul>', body, re.S)
    assert messages
    text = messages.group(0)
    # every section still has unanswered questions, the one answered in included
    assert "Captation de PI" in text
    assert "Désinformation" in text and "Conflit importé" in text
