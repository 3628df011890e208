"""Demo: a few checklist steps ticked, a member trained, and an incident sent to the liaison."""

from __future__ import annotations

import contextlib
import datetime

from django.utils import timezone

from guidance import actions
from guidance.models import (
    ChecklistItem,
    ChecklistTick,
    Incident,
    Method,
    TrainingModule,
    TrainingRecord,
)
from municipalities.demo import DemoWorld
from partners.models import Partnership

TICKED = ("partner_identified", "not_foreign_state", "clauses")


def load(world: DemoWorld) -> None:
    town = world.municipalities.get("montclair")
    officer = world.users.get("officer@montclair.example")
    manager = world.users.get("manager@montclair.example")
    if town is None or officer is None or manager is None:
        return
    partnership = Partnership.objects.filter(municipality=town).order_by("title").first()
    if partnership is not None and not ChecklistTick.objects.filter(partnership=partnership):
        for item in ChecklistItem.objects.filter(code__in=TICKED):
            actions.tick_item(partnership, item, officer)
    module = TrainingModule.objects.filter(slug="officers").first()
    if module is not None and not TrainingRecord.objects.filter(municipality=town).exists():
        TrainingRecord.objects.create(
            municipality=town,
            module=module,
            user=officer,
            method=Method.QUIZ,
            completed_on=timezone.localdate() - datetime.timedelta(days=40),
            score=5,
            recorded_by=officer,
        )
    if not Incident.objects.filter(municipality=town).exists():
        incident = actions.save_incident(
            Incident(
                municipality=town,
                kind="impersonation",
                occurred_on=timezone.localdate() - datetime.timedelta(days=6),
                title="Faux compte de la mairie sur un réseau social",
                description=(
                    "Un compte reprenant le logo de la ville publie un communiqué de soutien "
                    "à un gouvernement étranger. Captures d'écran conservées."
                ),
            ),
            officer,
            partnerships=[partnership] if partnership else [],
        )
        # Without a liaison following the town the incident simply stays recorded.
        with contextlib.suppress(actions.GuidanceError):
            actions.send_incident(incident.pk, manager, "Pour information et conseil.")
