"""Small builders for register and diagnostic objects used across test modules."""

from __future__ import annotations

import itertools
from typing import Any

from accounts.models import User
from municipalities.models import Municipality
from partners import actions as partners_actions
from partners.models import Country, Partner, Partnership
from risks.models import Assessment, Question, Questionnaire

_n = itertools.count(1)


def make_partner(
    town: Municipality, name: str | None = None, *, country: str = "DE", **extra: Any
) -> Partner:
    """A partner of `town`'s register, saved as the register's action saves it."""
    fields: dict[str, Any] = {"kind": "local_authority", "country_id": country, **extra}
    partner = Partner(municipality=town, name=name or f"Partenaire {next(_n)}", **fields)
    return partners_actions.save_partner(partner, by=None)


def make_partnership(
    with_: Municipality | Partner, /, title: str | None = None, **extra: Any
) -> Partnership:
    """A partnership with a partner, or of a municipality with a new partner of its register."""
    partner = with_ if isinstance(with_, Partner) else make_partner(with_)
    fields: dict[str, Any] = {"form": "twinning", "status": "active", **extra}
    partnership = Partnership(
        municipality_id=partner.municipality_id,
        partner=partner,
        title=title or f"Partenariat {next(_n)}",
        **fields,
    )
    return partners_actions.save_partnership(partnership, by=None)


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
