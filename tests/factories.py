"""Small builders for register and diagnostic objects used across test modules."""

from __future__ import annotations

import itertools
from typing import Any

from accounts.models import User
from municipalities.models import Municipality
from partners.models import Country, Partner, Partnership
from risks.models import Assessment, Question, Questionnaire

_n = itertools.count(1)


def make_partner(town: Municipality, country: str = "DE", **extra: Any) -> Partner:
    return Partner.objects.create(
        municipality=town,
        name=extra.pop("name", f"Partenaire {next(_n)}"),
        kind=extra.pop("kind", "foreign_authority") if "kind" in extra else "other",
        country_id=country,
        **extra,
    )


def make_partnership(
    town: Municipality, partner: Partner | None = None, **extra: Any
) -> Partnership:
    partner = partner or make_partner(town)
    return Partnership.objects.create(
        municipality=town,
        partner=partner,
        title=extra.pop("title", f"Partenariat {next(_n)}"),
        form=extra.pop("form", "project"),
        **extra,
    )


def set_regime(code: str, regime_class: int | None, **flags: bool) -> Country:
    country = Country.objects.get(pk=code)
    country.regime_class = regime_class
    for name, value in flags.items():
        setattr(country, name, value)
    country.save()
    return country


def questionnaire() -> Questionnaire:
    current = Questionnaire.objects.current()
    assert current is not None, "the v1 questionnaire is loaded by a migration"
    return current


def question(key: str) -> Question:
    return Question.objects.get(questionnaire=questionnaire(), key=key)


def answer_all(assessment: Assessment, user: User, points: int = 0) -> None:
    """Answer every question with `points` (or its nearest choice), parents first: a
    submitted diagnostic has every applicable question answered."""
    from risks import actions
    from risks.models import Answer

    revisions = dict(
        Answer.objects.filter(assessment=assessment).values_list("question_id", "revision")
    )
    questions = Question.objects.filter(questionnaire=assessment.questionnaire)
    for q in questions.order_by("category", "order"):
        available = sorted(q.choices.values_list("points", flat=True))
        value = min(available, key=lambda p: abs(p - points))
        actions.save_answer(assessment.pk, q, value, user, seen_revision=revisions.get(q.pk, 0))
