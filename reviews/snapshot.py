"""The frozen copy of a diagnostic that a referral carries, and how pages read it back.

The liaison never opens the municipality's register: everything they need (partner profile,
partnership, scores, flags, answers with their justifications) is copied here at submission.
"""

from __future__ import annotations

from typing import Any

from risks.models import Answer, Assessment, Choice, Control, Special


def build_snapshot(assessment: Assessment) -> dict[str, Any]:
    partnership = assessment.partnership
    partner = partnership.partner
    country = partner.country
    municipality = assessment.municipality
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("question")
        .order_by("question__category", "question__order")
    )
    labels = {
        (c.question_id, c.points): (c.label_fr, c.label_en)
        for c in Choice.objects.filter(question__in=[a.question_id for a in answers])
    }
    return {
        "assessment_id": assessment.pk,
        "questionnaire_version": assessment.questionnaire.version,
        "approved_at": assessment.approved_at.isoformat() if assessment.approved_at else None,
        "rating": assessment.rating,
        "score": assessment.score,
        "flagged": assessment.flagged,
        "flag_reasons": list(assessment.flag_reasons),
        "result": assessment.result,
        "controls_in_place": list(assessment.controls_in_place),
        "controls": [
            {"category": c.category, "axis": c.axis, "label_fr": c.label_fr, "label_en": c.label_en}
            for c in Control.objects.filter(
                questionnaire_id=assessment.questionnaire_id,
                key__in=assessment.controls_in_place,
            ).order_by("category", "order")
        ],
        "municipality": {
            "name": municipality.name,
            "insee_code": municipality.insee_code,
            "region": municipality.region,
            "tolerance": municipality.risk_tolerance,
        },
        "partner": {
            "name": partner.name,
            "aliases": partner.alias_list,
            "kind": partner.kind,
            "country": country.code,
            "country_fr": country.name_fr,
            "country_en": country.name_en,
            "city": partner.city,
            "website": partner.website,
            "ownership": partner.ownership,
            "parent_organisation": partner.parent_organisation,
            "links": partner.links,
        },
        "partnership": {
            "title": partnership.title,
            "form": partnership.form,
            "status": partnership.status,
            "sectors": list(partnership.sectors),
            "flows": list(partnership.flows),
            "start_date": partnership.start_date.isoformat() if partnership.start_date else None,
            "description": partnership.description,
        },
        "answers": [_answer(a, labels) for a in answers],
    }


def _answer(answer: Answer, labels: dict[tuple[int, int], tuple[str, str]]) -> dict[str, Any]:
    if answer.points is not None:
        label_fr, label_en = labels.get((answer.question_id, answer.points), ("", ""))
    else:
        label = Special(answer.special).label if answer.special else ""
        label_fr = label_en = str(label)
    return {
        "category": answer.question.category,
        "key": answer.question.key,
        "axis": answer.question.axis,
        "question_fr": answer.question.text_fr,
        "question_en": answer.question.text_en,
        "points": answer.points,
        "special": answer.special,
        "label_fr": label_fr,
        "label_en": label_en,
        "justification": answer.justification,
    }


def categories_of_concern(snapshot: dict[str, Any]) -> list[str]:
    """Categories whose residual score reaches the tolerance, or that hold a red line."""
    tolerance = snapshot.get("municipality", {}).get("tolerance", 10)
    categories = snapshot.get("result", {}).get("categories", {})
    codes = [
        code
        for code, data in categories.items()
        if data.get("complete") and (data.get("residual_score") or 0) >= tolerance
    ]
    if "territory_not_recognised" in snapshot.get("flag_reasons", []) and (
        "imported_conflict" not in codes
    ):
        codes.append("imported_conflict")
    return sorted(codes)


def as_assessment(snapshot: dict[str, Any]) -> Assessment:
    """An unsaved Assessment carrying the snapshot's result, for risks' presenters/includes."""
    return Assessment(
        rating=snapshot.get("rating") or "",
        score=snapshot.get("score"),
        flagged=bool(snapshot.get("flagged")),
        flag_reasons=list(snapshot.get("flag_reasons", [])),
        result=snapshot.get("result", {}),
    )
