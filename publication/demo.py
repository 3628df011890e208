"""Demo: Montclair publishes three partnerships with two years of outcomes (idempotent)."""

from __future__ import annotations

from decimal import Decimal

from municipalities.demo import DemoWorld
from partners.models import Partnership
from publication import actions
from publication.models import Outcome

D = Decimal
# title, objectives, deliberation date, outcomes by year:
# (activities, people, municipal budget, co-financing, narrative)
PUBLISHED = [
    (
        "Jumelage Montclair - Brunnfeld",
        "Faire se rencontrer les habitants des deux villes : échanges de jeunes, de clubs "
        "sportifs et d'associations, coopération entre services techniques.",
        (1987, 3, 12),
        {
            2024: (
                "Échange de 24 collégiens, tournoi de football des deux villes, visite des "
                "services de la propreté urbaine.",
                180,
                D("7200"),
                D("2500"),
                "Les deux villes ont comparé leur collecte des biodéchets.",
            ),
            2025: (
                "Fête des 38 ans du jumelage, accueil de 40 choristes, stage croisé de deux "
                "agents des espaces verts.",
                260,
                D("8100"),
                D("3100"),
                "Le stage a inspiré la gestion différenciée des parcs de Montclair.",
            ),
        },
    ),
    (
        "Convention eau et assainissement Ndiarène",
        "Aider Ndiarène à étendre son réseau d'eau potable et à former ses agents, au titre "
        "du 1 % eau (loi Oudin-Santini).",
        (2018, 11, 20),
        {
            2024: (
                "Mission de deux techniciens, raccordement de 3 bornes-fontaines.",
                1200,
                D("55000"),
                D("30000"),
                "1 200 habitants ont accès à l'eau potable à moins de 300 m.",
            ),
            2025: (
                "Formation de 6 agents à la maintenance, audit du réseau.",
                1900,
                D("60000"),
                D("42000"),
                "Le taux de panne des bornes est passé de 20 % à 5 %.",
            ),
        },
    ),
    (
        "Échanges scolaires Vallerosa",
        "Permettre aux élèves des deux villes de pratiquer la langue de l'autre lors de "
        "séjours réciproques.",
        (2022, 6, 28),
        {
            2024: (
                "Séjour de 30 élèves à Vallerosa, accueil de 28 élèves en retour.",
                75,
                D("4300"),
                D("1800"),
                "Deux classes suivent désormais un projet d'écriture commun.",
            ),
            2025: (
                "Séjour de 32 élèves, correspondance en ligne toute l'année.",
                82,
                D("4500"),
                D("2000"),
                "",
            ),
        },
    ),
]


def load(world: DemoWorld) -> None:
    import datetime

    municipality = world.municipalities["montclair"]
    officer = world.users.get("officer@montclair.example")
    manager = world.users.get("manager@montclair.example")
    for title, objectives, (y, m, d), outcomes in PUBLISHED:
        partnership = Partnership.objects.filter(municipality=municipality, title=title).first()
        if partnership is None:
            continue
        for year, (activities, people, spent, received, narrative) in outcomes.items():
            if not Outcome.objects.filter(partnership=partnership, year=year).exists():
                actions.save_outcome(
                    Outcome(
                        partnership=partnership,
                        year=year,
                        activities=activities,
                        people_involved=people,
                        municipal_budget=spent,
                        co_financing=received,
                        narrative=narrative,
                        internal_note="Note interne de démonstration : jamais publiée.",
                    ),
                    by=officer,
                )
        publication = actions.draft_for(partnership)
        if publication.pk is None:
            publication.objectives = objectives
            publication.contact_email = "international@montclair.example"
            publication.deliberation_date = datetime.date(y, m, d)
            actions.publish(publication, [], by=manager)
