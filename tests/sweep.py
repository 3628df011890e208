"""How the access sweep places each URL: one factory per kind of object id.

A URL whose kwargs are not all known here fails the sweep, so a new object URL cannot slip
through untested: add the factory of its model here (it creates an object owned by `town`).
"""

from collections.abc import Callable

from django.utils import timezone

from municipalities.models import Membership, Municipality, Role
from tests.conftest import make_member

ObjectFactory = Callable[[Municipality], int]


def _membership(town: Municipality) -> int:
    user = make_member(town, Role.OFFICER)
    return Membership.objects.get(user=user, municipality=town).pk


def _partner(town: Municipality) -> int:
    from partners.models import Partner

    return Partner.objects.create(
        municipality=town,
        name=f"Sweep partner {town.pk}-{Partner.objects.count() + 1}",
        kind="other",
        country_id="DE",
    ).pk


def _partnership(town: Municipality) -> int:
    from partners.models import Partnership

    partner_id = _partner(town)
    return Partnership.objects.create(
        municipality=town, partner_id=partner_id, title="Sweep partnership", form="project"
    ).pk


def _assessment(town: Municipality) -> int:
    from risks.models import Assessment, Questionnaire

    partnership_id = _partnership(town)
    creator = make_member(town, Role.OFFICER)
    questionnaire = Questionnaire.objects.current()
    assert questionnaire is not None
    return Assessment.objects.create(
        municipality=town,
        partnership_id=partnership_id,
        questionnaire=questionnaire,
        created_by=creator,
    ).pk


def _referral(town: Municipality) -> int:
    from django.utils import timezone

    from reviews.models import Referral
    from risks.models import Assessment

    assessment_id = _assessment(town)
    partnership_id = Assessment.objects.get(pk=assessment_id).partnership_id
    snapshot = {"partnership": {"title": "Sweep partnership"}, "partner": {"name": "Sweep"}}
    return Referral.objects.create(
        municipality=town,
        partnership_id=partnership_id,
        assessment_id=assessment_id,
        origin="requested",
        snapshot=snapshot,
        partnership_title="Sweep partnership",
        partner_name="Sweep",
        snapshot_at=timezone.now(),
        deadline=timezone.localdate(),
    ).pk


def _message(town: Municipality) -> int:
    """A message with an attachment, in the town's latest referral (the URL names both)."""
    from django.core.files.base import ContentFile

    from reviews.models import Message, Referral

    referral = Referral.objects.filter(municipality=town).order_by("-pk").first()
    referral_id = referral.pk if referral else _referral(town)
    message = Message(referral_id=referral_id, kind="answer", body="Sweep", attachment_name="s.txt")
    message.attachment.save("s.txt", ContentFile(b"sweep"), save=False)
    message.save()
    return message.pk


def _notification(town: Municipality) -> int:
    from reviews.models import Notification

    return Notification.objects.create(
        recipient=make_member(town, Role.OFFICER), kind="review_due", path="/"
    ).pk


def _document(town: Municipality) -> int:
    from django.core.files.base import ContentFile

    from partners.models import Document

    document = Document(partnership_id=_partnership(town), title="Convention")
    document.file.save("convention.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    return document.pk


def _answer(town: Municipality) -> int:
    from django.core.files.base import ContentFile

    from risks.models import Answer, Assessment, Question

    assessment = Assessment.objects.get(pk=_assessment(town))
    question = Question.objects.filter(questionnaire=assessment.questionnaire).first()
    answer = Answer(
        assessment=assessment, question=question, points=0, updated_by=assessment.created_by
    )
    answer.evidence.save("preuve.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
    return answer.pk


def _portfolio_report(town: Municipality) -> int:
    from reports.models import PortfolioReport

    return PortfolioReport.objects.create(municipality=town, language="fr").pk


def _hit(town: Municipality) -> int:
    """A screening hit of one of the town's partners, on a one-entry list."""
    from screening.models import Hit, ListEntry, SanctionsList

    sanctions_list, _ = SanctionsList.objects.get_or_create(name="sweep", format="csv")
    entry = ListEntry.objects.create(
        sanctions_list=sanctions_list,
        entry_id=f"S{ListEntry.objects.count() + 1}",
        kind="organisation",
        name="Sweep Trading",
        digest="x",
    )
    hit = Hit.objects.create(
        partner_id=_partner(town), entry=entry, score=0.9, screened_at=timezone.now()
    )
    return hit.pk


def _incident(town: Municipality) -> int:
    """An incident not sent to the ministry: only the town's members may see it."""
    from guidance.models import Incident

    return Incident.objects.create(
        municipality=town,
        kind="approach",
        occurred_on="2026-01-15",
        title="Sweep incident",
        description="Sweep",
        recorded_by=make_member(town, Role.OFFICER),
    ).pk


def _evidence(town: Municipality) -> int:
    from django.core.files.base import ContentFile

    from guidance.models import Evidence

    evidence = Evidence(incident_id=_incident(town), title="Capture")
    evidence.file.save("capture.png", ContentFile(b"sweep"), save=True)
    return evidence.pk


def _entity(town: Municipality) -> int:
    """A foreign entity that a partner of the town and one of a neighbour resolve to."""
    from ministry.models import EntityLink, ForeignEntity
    from tests.conftest import make_municipality

    neighbour = make_municipality(f"Voisine de {town.name}", region=town.region)
    entity = ForeignEntity.objects.create(
        name="Sweep entity", country_id="DE", kind="other", municipality_count=2
    )
    for owner in (town, neighbour):
        EntityLink.objects.create(entity=entity, partner_id=_partner(owner), municipality=owner)
    return entity.pk


def _advisory(town: Municipality) -> int:
    """An advisory on a country, that reached the town."""
    from ministry.models import Advisory, AdvisoryReach
    from tests.conftest import make_user

    author = make_user(f"sweep-author-{town.pk}-{Advisory.objects.count()}@meae.test")
    advisory = Advisory.objects.create(
        level="vigilance", title="Sweep", text="Sweep", country_id="DE", published_by=author
    )
    AdvisoryReach.objects.create(advisory=advisory, municipality=town)
    return advisory.pk


def _municipality(town: Municipality) -> int:
    return town.pk


def _outcome(town: Municipality) -> int:
    from publication.models import Outcome

    return Outcome.objects.create(
        partnership_id=_partnership(town), year=2024, activities="Sweep visit"
    ).pk


def _published(town: Municipality) -> tuple[str, str, int]:
    """A published partnership of `town` with one public document (made once per town)."""
    from django.core.files.base import ContentFile

    from partners.models import Document, Partnership
    from publication import actions
    from publication.models import Publication

    found = Publication.objects.filter(municipality=town, is_published=True).first()
    if found is None:
        partnership = Partnership.objects.get(pk=_partnership(town))
        document = Document(partnership=partnership, title="Public convention")
        document.file.save("public.pdf", ContentFile(b"%PDF-1.4 public"), save=True)
        draft = actions.draft_for(partnership)
        draft.objectives, draft.contact_email = "Sweep objectives", "contact@sweep.test"
        found = actions.publish(draft, [document], by=None)
    return town.insee_code, found.slug, found.documents.get().pk


# Kwargs of the public pages: the published objects a signed-out visitor may reach.
PUBLIC_FACTORIES: dict[str, Callable[[Municipality], str | int]] = {
    "insee": lambda town: _published(town)[0],
    "slug": lambda town: _published(town)[1],
    "public_document_id": lambda town: _published(town)[2],
}

OBJECT_FACTORIES: dict[str, ObjectFactory] = {
    "entity_id": _entity,
    "advisory_id": _advisory,
    "municipality_id": _municipality,
    "hit_id": _hit,
    "incident_id": _incident,
    "evidence_id": _evidence,
    "outcome_id": _outcome,
    "report_id": _portfolio_report,
    "answer_id": _answer,
    "document_id": _document,
    "assessment_id": _assessment,
    "membership_id": _membership,
    "message_id": _message,
    "notification_id": _notification,
    "partner_id": _partner,
    "partnership_id": _partnership,
    "referral_id": _referral,
}

# Kwargs that are not object ids, with a harmless value (only public URLs may use them).
NON_OBJECT_KWARGS: dict[str, str] = {"uidb64": "MQ", "token": "set-password"}

# Kwargs naming content every signed-in user reads alike (the guide's shipped pages and
# training modules): allowed on ACCOUNT pages only, which hold nothing of a municipality.
SHARED_CONTENT_KWARGS: dict[str, str] = {"slug": "checklist", "module": "officers"}
