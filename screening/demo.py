"""Demo: a small made-up sanctions list whose entries hit two demo partners.

The list is fictitious (no real list data ships with CityDiplo): one entry matches Huaxin
Photonics (confirmed by the officer, so the partner carries the flag for the ministry), the
other the Tây Lạc agency (left to review, to show the decision form).
"""

from __future__ import annotations

import io

from municipalities.demo import DemoWorld
from partners.models import Partner
from screening import actions
from screening.models import Decision, Hit, SanctionsList

DEMO_LIST = "Liste de démonstration (fictive)"
PROGRAMME = "Démonstration — gel des avoirs"
DEMO_ROWS = [
    (
        "DEMO-001",
        "Huaxin Photonics Co. Ltd",
        "华新光电有限公司;HXP Photonics",
        "CN",
        "organisation",
    ),
    (
        "DEMO-002",
        "Agence provinciale de coopération de Tay Lac",
        "Tay Lac Provincial Cooperation Agency",
        "VN",
        "organisation",
    ),
    ("DEMO-003", "Ivan Petrovich Demidov", "Иван Петрович Демидов", "RU", "person"),
]
DEMO_CSV = "id,name,aliases,country,kind,program\n" + "".join(
    f"{','.join(row)},{PROGRAMME}\n" for row in DEMO_ROWS
)


def load(world: DemoWorld) -> None:
    if SanctionsList.objects.filter(name=DEMO_LIST).exists():
        return
    actions.load_list(io.BytesIO(DEMO_CSV.encode()), "csv", DEMO_LIST)
    SanctionsList.objects.filter(name=DEMO_LIST).update(
        source="CityDiplo demo", licence="made up for the demo"
    )
    for partner in Partner.objects.filter(municipality__in=world.municipalities.values()):
        actions.screen_partner(partner)
    officer = world.users.get("officer@montclair.example")
    hit = Hit.objects.filter(entry__entry_id="DEMO-001").select_related("partner").first()
    if hit is not None and officer is not None:
        actions.decide(
            hit, officer, Decision.CONFIRMED, "Même adresse et même dirigeant que l'entrée."
        )
