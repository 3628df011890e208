"""Every change to the checklist, training records and incidents goes through these verbs.

Each runs in one transaction and writes the audit history (django-simple-history, with the
acting user given explicitly); sending an incident writes the liaisons' notifications in the
same transaction, through the referral app's outbox.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from guidance import profile_answers, training
from guidance.models import (
    ChecklistItem,
    ChecklistTick,
    Evidence,
    Incident,
    Method,
    QuizQuestion,
    TrainingModule,
    TrainingRecord,
)
from partners.models import Document, Partnership
from reviews.actions import mark_read
from reviews.models import EventKind
from reviews.outbox import notify
from reviews.recipients import follows, liaisons_of, municipal_recipients

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Municipality


class GuidanceError(Exception):
    """The action does not fit the object's state or the person; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- the checklist ---------------------------------------------------------------------------


def tick_item(
    partnership: Partnership,
    item: ChecklistItem,
    user: User,
    *,
    document: Document | None = None,
    upload: UploadedFile | None = None,
    upload_title: str = "",
    note: str = "",
) -> ChecklistTick:
    """Mark a step done for the partnership, with the document that proves it when the step
    has one (an existing document of the partnership, or a file uploaded with the tick, which
    joins the partnership's documents)."""
    if document is not None and document.partnership_id != partnership.pk:
        raise GuidanceError("foreign_document")
    with transaction.atomic():
        if upload is not None:
            document = Document.objects.create(
                partnership=partnership,
                title=upload_title or str(item.get_document_display()),
                file=upload,
                uploaded_by=user,
            )
        if item.document and document is None:
            raise GuidanceError("document_required")
        if ChecklistTick.objects.filter(partnership=partnership, item=item).exists():
            raise GuidanceError("already_ticked")
        tick = ChecklistTick(
            partnership=partnership, item=item, done_by=user, document=document, note=note
        )
        tick._history_user = user  # type: ignore[attr-defined]
        tick.save()
    return tick


def untick_item(partnership: Partnership, item: ChecklistItem, user: User) -> None:
    """Reopen a step (the tick stays in the history, with who reopened it)."""
    with transaction.atomic():
        tick = ChecklistTick.objects.filter(partnership=partnership, item=item).first()
        if tick is None:
            raise GuidanceError("not_ticked")
        tick._history_user = user  # type: ignore[attr-defined]
        tick.delete()


# --- training --------------------------------------------------------------------------------


def take_quiz(
    municipality: Municipality,
    module: TrainingModule,
    user: User,
    answers: dict[int, int | None],
) -> training.QuizResult:
    """Grade a member's quiz; a pass records the member as trained today."""
    questions = list(QuizQuestion.objects.filter(module=module))
    result = training.grade(questions, answers)
    if result.passed:
        with transaction.atomic():
            TrainingRecord.objects.create(
                municipality=municipality,
                module=module,
                user=user,
                method=Method.QUIZ,
                completed_on=timezone.localdate(),
                score=result.score,
                recorded_by=user,
            )
            profile_answers.sync_profile(municipality, user)
    return result


def record_session(
    municipality: Municipality,
    module: TrainingModule,
    held_on: datetime.date,
    recorded_by: User,
    *,
    attendees: list[str],
    members: list[User],
) -> int:
    """A manager records an in-person session: one record per named attendee and per member
    who attended. Returns how many people were recorded."""
    rows = [
        TrainingRecord(
            municipality=municipality,
            module=module,
            attendee=name,
            method=Method.SESSION,
            completed_on=held_on,
            recorded_by=recorded_by,
        )
        for name in attendees
    ] + [
        TrainingRecord(
            municipality=municipality,
            module=module,
            user=member,
            method=Method.SESSION,
            completed_on=held_on,
            recorded_by=recorded_by,
        )
        for member in members
    ]
    with transaction.atomic():
        TrainingRecord.objects.bulk_create(rows)
        profile_answers.sync_profile(municipality, recorded_by)
    return len(rows)


# --- incidents -------------------------------------------------------------------------------


def save_incident(
    incident: Incident, user: User, partners: Any = None, partnerships: Any = None
) -> Incident:
    """Create or update an incident of the municipality, with the partners and partnerships
    it touches (both must be the municipality's own: the form offers nothing else)."""
    with transaction.atomic():
        if incident.pk is None:
            incident.recorded_by = user
        incident._history_user = user  # type: ignore[attr-defined]
        incident.save()
        if partners is not None:
            incident.partners.set(partners)
        if partnerships is not None:
            incident.partnerships.set(partnerships)
        profile_answers.sync_profile(incident.municipality, user)
    return incident


def add_evidence(incident: Incident, title: str, upload: UploadedFile, user: User) -> Evidence:
    return Evidence.objects.create(incident=incident, title=title, file=upload, uploaded_by=user)


def _params(incident: Incident, who: User) -> dict[str, Any]:
    return {
        "title": incident.title,
        "municipality": incident.municipality.name,
        "who": who.display_name,
    }


def _lock(incident_id: int) -> Incident:
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=incident_id)
    )


def send_incident(incident_id: int, user: User, note: str = "") -> Incident:
    """Send the incident to the liaisons following the municipality; they are notified (in
    the app and by e-mail, through the outbox) and find it in their queue."""
    with transaction.atomic():
        incident = _lock(incident_id)
        if incident.is_sent:
            raise GuidanceError("already_sent")
        liaisons = liaisons_of(incident.municipality)
        if not liaisons:
            raise GuidanceError("no_liaison")
        incident.sent_at = timezone.now()
        incident.sent_by = user
        incident.sent_note = note.strip()
        incident._history_user = user  # type: ignore[attr-defined]
        incident.save(update_fields=["sent_at", "sent_by", "sent_note", "updated_at"])
        notify(
            liaisons,
            EventKind.INCIDENT_SENT,
            params=_params(incident, user),
            path=incident.get_absolute_url(),
        )
    return incident


def acknowledge_incident(incident_id: int, liaison: User, answer: str) -> Incident:
    """The liaison acknowledges a sent incident, with an answer; the municipality's officers
    and managers are notified."""
    with transaction.atomic():
        incident = _lock(incident_id)
        if not incident.is_sent or not follows(liaison, incident.municipality):
            raise GuidanceError("not_allowed")
        if incident.acknowledged_at is not None:
            raise GuidanceError("already_acknowledged")
        incident.acknowledged_at = timezone.now()
        incident.acknowledged_by = liaison
        incident.acknowledgement = answer.strip()
        incident._history_user = liaison  # type: ignore[attr-defined]
        incident.save(
            update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement", "updated_at"]
        )
        notify(
            municipal_recipients(incident.municipality_id),
            EventKind.INCIDENT_ACKNOWLEDGED,
            params=_params(incident, liaison),
            path=incident.get_absolute_url(),
        )
    return incident


def mark_incident_read(incident: Incident, user: User) -> None:
    """Opening the incident's page reads the user's notifications about it."""
    mark_read(user, path=incident.get_absolute_url())
