"""Demo diagnostics: approved ones for most partnerships, one draft and one awaiting approval.

Answers are drawn from a seeded generator, leaning riskier for partners in autocracies, so the
demo shows every band; running it twice changes nothing.
"""

from __future__ import annotations

import random

from accounts.models import User
from municipalities.demo import DemoWorld
from partners.models import Partnership, Status
from risks import actions
from risks.models import Answer, Question
from risks.structure import structure_of

JUSTIFICATIONS = [
    "Vérifié avec le service des relations internationales et la convention signée.",
    "Information donnée par le partenaire lors de la visite de délégation ; à confirmer.",
    "Point examiné avec la préfecture (conseiller diplomatique).",
    "Aucun élément en ce sens dans la presse locale ni dans les registres publics consultés.",
]


def _points(question: Question, lean: int, rng: random.Random) -> int | str:
    available = sorted(c.points for c in question.choices.all())
    if question.red_line_at is not None:
        return available[0]  # the demo officer checked: no red line unless the register says so
    if rng.random() < 0.08:
        return "unknown"
    target = max(0, min(4, lean + rng.choice((-1, 0, 0, 1))))
    return min(available, key=lambda p: abs(p - target))


def _answer(assessment_id: int, partnership: Partnership, user: User) -> None:
    """Answer every question still open (what the register and the profile prefilled stays),
    parents before the questions that depend on them, then tick some controls."""
    country = partnership.partner.country
    regime = country.regime_class if country and country.regime_class is not None else 3
    lean = {0: 3, 1: 2, 2: 1}.get(regime, 0)
    rng = random.Random(f"demo-{partnership.title}")
    structure = structure_of(partnership.assessments.get(pk=assessment_id).questionnaire_id)
    answered = set(
        Answer.objects.filter(assessment_id=assessment_id).values_list("question_id", flat=True)
    )
    for question in structure.questions:  # ordered: a parent comes before its dependents
        if question.pk in answered:
            continue
        actions.save_answer(
            assessment_id,
            question,
            _points(question, lean, rng),
            user,
            seen_revision=0,
            justification=rng.choice(JUSTIFICATIONS),
        )
    for control in structure.controls:
        if rng.random() < 0.4:
            try:
                actions.set_control(assessment_id, control, True, user, rng.choice(JUSTIFICATIONS))
            except actions.AssessmentError:
                continue  # an answer contradicts it: the demo officer leaves it unticked


def load(world: DemoWorld) -> None:
    for town in ("montclair", "saint-aubin"):
        officer = world.users[f"officer@{town}.example"]
        manager = world.users[f"manager@{town}.example"]
        partnerships = list(
            Partnership.objects.filter(municipality=world.municipalities[town])
            .exclude(status=Status.PROPOSED)
            .select_related("partner__country")
            .order_by("title")
        )
        fresh = [p for p in partnerships if not p.assessments.exists()]
        for index, partnership in enumerate(fresh):
            assessment = actions.start_assessment(partnership, officer)
            _answer(assessment.pk, partnership, officer)
            if index == 0:
                continue  # left as a draft, to show an assessment in progress
            actions.submit_assessment(assessment.pk, officer)
            if index == 1:
                continue  # waiting for the manager's approval
            actions.approve_assessment(assessment.pk, manager)
