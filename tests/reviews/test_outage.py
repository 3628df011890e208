"""With Redis stopped, every page answers and every change commits; once it is back, each
notification reaches its recipient exactly once.

A REAL `redis-server` of the test's own (cache, sessions and broker), a REAL Celery worker and
a REAL SMTP server (aiosmtpd), as in tests/reviews/test_integration.py.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from municipalities.models import Municipality
from reports.models import PortfolioReport
from reviews import tasks
from reviews.models import Notification, Referral, ReferralState
from risks import actions as risk_actions
from risks.models import Answer, AssessmentStatus, Question
from tests.factories import make_partnership
from tests.reviews.conftest import answer_quickly
from tests.reviews.test_integration import (  # noqa: F401 - fixtures
    Mailbox,
    RedisServer,
    own_redis,
    smtp,
    wait_for,
    worker,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PAGE_SECONDS = 2.0  # no page may wait on the missing Redis


@pytest.fixture
def redis_cache(own_redis: RedisServer, settings: Any) -> RedisServer:  # noqa: F811
    """The web process's cache and sessions on the throwaway Redis, as in production."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": own_redis.url,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.set("probe", 1)
    assert cache.get("probe") == 1, "the cache must be on the throwaway Redis"
    return own_redis


class Timed:
    """A signed-in client that records every status code and the slowest answer."""

    def __init__(self, user: User) -> None:
        self.client = Client()
        self.client.force_login(user)
        self.codes: list[tuple[str, int]] = []
        self.slowest = 0.0

    def __call__(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        started = time.monotonic()
        response = getattr(self.client, method)(url, data or {})
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.codes.append((f"{method.upper()} {url}", response.status_code))
        return response


def test_redis_down_every_page_answers_every_change_commits_each_mail_once(
    redis_cache: RedisServer,
    smtp: Mailbox,  # noqa: F811
    referral: Referral,
    town_a: Municipality,
    alice: User,
    martha: User,
    victor: User,
    liaison: User,
) -> None:
    # A draft of another flagged partnership, answered but for one question.
    partnership = make_partnership(referral.partnership.partner, sectors=["ai"])
    draft = risk_actions.start_assessment(partnership, alice)
    answer_quickly(draft, alice, 4)
    last = Answer.objects.filter(assessment=draft).select_related("question").first()
    assert last is not None
    question: Question = last.question
    last.delete()
    choice = question.choices.order_by("-points").first()
    assert choice is not None

    officer, manager, viewer, ministry = Timed(alice), Timed(martha), Timed(victor), Timed(liaison)
    before = set(Notification.objects.values_list("pk", flat=True))

    with worker(redis_cache.url, smtp):
        redis_cache.stop()

        # pages of each kind, for each side
        for url in (
            reverse("home"),
            reverse("partners:partnership_list"),
            reverse("partners:partnership_detail", args=[partnership.pk]),
            draft.get_absolute_url(),
            referral.get_absolute_url(),
            reverse("reviews:notifications"),
        ):
            assert officer("get", url).status_code == 200, url
        for url in (reverse("home"), reverse("reviews:queue"), referral.get_absolute_url()):
            assert ministry("get", url).status_code == 200, url

        # an answer and a submission (officer), an approval that refers (manager)
        officer(
            "post",
            reverse("risks:answer", args=[draft.pk]),
            {
                "question": str(question.pk),
                f"q{question.pk}-value": str(choice.points),
                f"q{question.pk}-revision": "0",
                f"q{question.pk}-justification": "",
            },
        )
        officer("post", reverse("risks:submit", args=[draft.pk]))
        manager("post", reverse("risks:approve", args=[draft.pk]))
        # a question and an opinion from the ministry on the open referral
        ministry("post", reverse("reviews:question", args=[referral.pk]), {"body": "Qui finance ?"})
        ministry(
            "post",
            reverse("reviews:opinion", args=[referral.pk]),
            {"opinion": "advise_against", "reasons": "Transfert de technologies sensibles."},
        )
        # a report requested from the broker-less page stays pending, it is not lost
        viewer("post", reverse("reports:portfolio"), {"lang": "fr"})

        clients = (officer, manager, viewer, ministry)
        codes = [pair for c in clients for pair in c.codes]
        assert all(code in (200, 302) for _, code in codes), codes
        slowest = max(c.slowest for c in clients)
        print(f"\nslowest answer with Redis down: {slowest:.2f}s over {len(codes)} requests")
        assert slowest < PAGE_SECONDS

        # every change is committed, with its outbox rows
        draft.refresh_from_db()
        assert draft.status == AssessmentStatus.APPROVED
        assert Answer.objects.filter(assessment=draft, question=question).exists()
        assert Referral.objects.filter(assessment=draft).exists()
        referral.refresh_from_db()
        assert referral.state == ReferralState.OPINION_GIVEN
        assert referral.messages.filter(body="Qui finance ?").exists()
        assert PortfolioReport.objects.filter(status="pending").count() == 1
        rows = Notification.objects.exclude(pk__in=before)
        expected = Counter(rows.values_list("recipient__email", flat=True))
        # the question and the opinion to the officer and the manager, the new referral to
        # the liaison
        assert expected == {alice.email: 2, martha.email: 2, liaison.email: 1}
        assert not rows.filter(sent_at__isnull=False).exists()
        assert not smtp.messages

        redis_cache.start()
        assert tasks.sweep(older_than=timedelta(0)) == 5
        wait_for(lambda: not rows.filter(sent_at__isnull=True).exists(), 60, "every row sent")
        assert tasks.sweep(older_than=timedelta(0)) == 0  # nothing left to send again
        time.sleep(1.5)  # a late duplicate would arrive now

    received = Counter(
        (rcpt, message["Message-ID"]) for _, rcpts, message in smtp.messages for rcpt in rcpts
    )
    assert all(count == 1 for count in received.values()), received
    assert Counter(rcpt for rcpt, _ in received) == expected
