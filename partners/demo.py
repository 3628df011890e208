"""A believable register for the demo municipalities. Every partner name here is fictitious."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from municipalities.demo import DemoWorld
from partners import actions
from partners.models import Country, Partner, PartnerKind, Partnership, Status, Territory

# Indicative context for the demo's countries, only where staff or load_regimes set nothing.
DEMO_CONTEXT = {
    "DE": (3, False),
    "IT": (3, False),
    "SN": (2, False),
    "UA": (1, True),
    "CN": (0, False),
    "MA": (0, False),
    "BR": (2, False),
    "CA": (3, False),
    "TR": (1, False),
    "VN": (0, False),
    "AM": (2, True),
    "JP": (3, False),
}

# key, name, aliases, kind, country, city, extra fields
PARTNERS: dict[str, list[tuple[str, str, str, str, str, str, dict[str, Any]]]] = {
    "montclair": [
        (
            # A red line: an authority of a territory France does not recognise.
            "tiraspol",
            "Mairie de Tiraspol (démo)",
            "Tiraspol City Council",
            PartnerKind.LOCAL_AUTHORITY,
            "MD",
            "Tiraspol",
            {"ownership": "public", "territory": "Transnistrie (rive gauche du Dniestr)"},
        ),
        (
            "brunnfeld",
            "Stadt Brunnfeld (démo)",
            "Brunnfeld",
            PartnerKind.LOCAL_AUTHORITY,
            "DE",
            "Brunnfeld",
            {"ownership": "public"},
        ),
        (
            "vallerosa",
            "Comune di Vallerosa (démo)",
            "Vallerosa",
            PartnerKind.LOCAL_AUTHORITY,
            "IT",
            "Vallerosa",
            {"ownership": "public"},
        ),
        (
            "ndiarene",
            "Commune de Ndiarène (démo)",
            "",
            PartnerKind.LOCAL_AUTHORITY,
            "SN",
            "Ndiarène",
            {"ownership": "public"},
        ),
        (
            "zelenivka",
            "Hromada de Zelenivka (démo)",
            "Зеленівка\nZelenivka",
            PartnerKind.LOCAL_AUTHORITY,
            "UA",
            "Zelenïvka",
            {"ownership": "public"},
        ),
        (
            "lianshan",
            "Municipalité populaire de Lianshan (démo)",
            "Lianshan Shi",
            PartnerKind.LOCAL_AUTHORITY,
            "CN",
            "Lianshan",
            {"ownership": "public", "linked_to_state": True, "linked_to_ruling_party": True},
        ),
        (
            "huaxin",
            "Huaxin Photonics Co. (démo)",
            "HXP",
            PartnerKind.COMPANY,
            "CN",
            "Lianshan",
            {
                "ownership": "state_owned",
                "parent_organisation": "Groupe fictif Huaxin Holding",
                "linked_to_state": True,
                "linked_to_military": True,
            },
        ),
        (
            "univ-sao-lourenco",
            "Universidade Federal de São Lourenço (démo)",
            "UFSL",
            PartnerKind.UNIVERSITY,
            "BR",
            "São Lourenço",
            {"ownership": "public"},
        ),
        (
            "institut-ottawa",
            "Institut boréal de recherche urbaine (démo)",
            "IBRU",
            PartnerKind.UNIVERSITY,
            "CA",
            "Ottawa",
            {"ownership": "non_profit"},
        ),
        (
            "amities-anatolie",
            "Association des amitiés Montclair-Anatolie (démo)",
            "",
            PartnerKind.FRIENDSHIP,
            "TR",
            "",
            {"ownership": "non_profit"},
        ),
        (
            "diaspora-armenie",
            "Maison arménienne du Loiret (démo)",
            "",
            PartnerKind.DIASPORA,
            "AM",
            "",
            {"ownership": "non_profit"},
        ),
        (
            "reseau-villes-fleuves",
            "Réseau international des villes-fleuves (démo)",
            "RIVF",
            PartnerKind.NETWORK,
            "CA",
            "Montréal",
            {"ownership": "non_profit"},
        ),
        (
            "agence-hanoi",
            "Agence provinciale de coopération de Tây Lạc (démo)",
            "Tay Lac",
            PartnerKind.STATE_BODY,
            "VN",
            "Tây Lạc",
            {"ownership": "public", "linked_to_state": True},
        ),
    ],
    "saint-aubin": [
        (
            "kurashiki",
            "Ville de Minamikura (démo)",
            "Minamikura-shi",
            PartnerKind.LOCAL_AUTHORITY,
            "JP",
            "Minamikura",
            {"ownership": "public"},
        ),
        (
            "cooperative-rif",
            "Coopérative viticole de l'Atlas (démo)",
            "",
            PartnerKind.COMPANY,
            "MA",
            "Meknès",
            {"ownership": "private"},
        ),
        (
            "vallerosa-sa",
            "Comune di Vallerosa (démo)",
            "",
            PartnerKind.LOCAL_AUTHORITY,
            "IT",
            "Vallerosa",
            {"ownership": "public"},
        ),
        (
            "zelenivka-sa",
            "Hromada de Zelenivka (démo)",
            "Zelenivka",
            PartnerKind.LOCAL_AUTHORITY,
            "UA",
            "Zelenïvka",
            {"ownership": "public"},
        ),
    ],
}

D = datetime.date
# municipality, partner key, title, form, status, sectors, flows, start, end, budget
PARTNERSHIPS = [
    (
        "montclair",
        "tiraspol",
        "Projet de charte d'amitié Montclair - Tiraspol",
        "friendship_charter",
        Status.SUSPENDED,
        [],
        [],
        None,
        None,
        None,
    ),
    (
        "montclair",
        "brunnfeld",
        "Jumelage Montclair - Brunnfeld",
        "twinning",
        Status.ACTIVE,
        [],
        ["know_how"],
        D(1987, 5, 16),
        None,
        Decimal("8000"),
    ),
    (
        "montclair",
        "vallerosa",
        "Échanges scolaires Vallerosa",
        "project",
        Status.ACTIVE,
        [],
        ["personal_data"],
        D(2022, 9, 1),
        D(2026, 6, 30),
        Decimal("4500"),
    ),
    (
        "montclair",
        "ndiarene",
        "Convention eau et assainissement Ndiarène",
        "convention",
        Status.ACTIVE,
        ["infrastructure"],
        ["know_how", "funds"],
        D(2019, 1, 1),
        D(2027, 12, 31),
        Decimal("60000"),
    ),
    (
        "montclair",
        "zelenivka",
        "Solidarité avec Zelenivka",
        "donation",
        Status.ACTIVE,
        [],
        ["funds"],
        D(2022, 4, 1),
        None,
        Decimal("25000"),
    ),
    (
        "montclair",
        "lianshan",
        "Protocole d'amitié Montclair - Lianshan",
        "mou",
        Status.PROPOSED,
        ["ai", "health"],
        ["data", "know_how"],
        None,
        None,
        None,
    ),
    (
        "montclair",
        "huaxin",
        "Laboratoire commun d'optique appliquée",
        "project",
        Status.SUSPENDED,
        ["semiconductors", "dual_use"],
        ["technology", "data"],
        D(2021, 3, 1),
        D(2025, 2, 28),
        Decimal("150000"),
    ),
    (
        "montclair",
        "univ-sao-lourenco",
        "Chaire croisée urbanisme fluvial",
        "convention",
        Status.ACTIVE,
        [],
        ["know_how"],
        D(2023, 1, 15),
        D(2026, 1, 14),
        Decimal("12000"),
    ),
    (
        "montclair",
        "institut-ottawa",
        "Étude comparée des îlots de chaleur",
        "project",
        Status.ENDED,
        [],
        ["data"],
        D(2020, 6, 1),
        D(2022, 6, 1),
        Decimal("9000"),
    ),
    (
        "montclair",
        "amities-anatolie",
        "Charte d'amitié Montclair - Anatolie",
        "friendship_charter",
        Status.PROPOSED,
        [],
        [],
        None,
        None,
        None,
    ),
    (
        "montclair",
        "diaspora-armenie",
        "Commémoration et exposition 2025",
        "event",
        Status.ENDED,
        [],
        [],
        D(2025, 4, 24),
        D(2025, 4, 30),
        Decimal("1500"),
    ),
    (
        "montclair",
        "reseau-villes-fleuves",
        "Adhésion au réseau des villes-fleuves",
        "network",
        Status.ACTIVE,
        [],
        ["know_how"],
        D(2018, 1, 1),
        None,
        Decimal("2500"),
    ),
    (
        "montclair",
        "agence-hanoi",
        "Accueil d'une délégation de Tây Lạc",
        "delegation",
        Status.PROPOSED,
        ["agrifood"],
        ["know_how"],
        None,
        None,
        None,
    ),
    (
        "saint-aubin",
        "kurashiki",
        "Jumelage viticole Saint-Aubin - Minamikura",
        "twinning",
        Status.ACTIVE,
        [],
        ["know_how"],
        D(2004, 10, 2),
        None,
        Decimal("5000"),
    ),
    (
        "saint-aubin",
        "cooperative-rif",
        "Partage de savoir-faire œnologique",
        "project",
        Status.SUSPENDED,
        ["agrifood"],
        ["know_how", "technology"],
        D(2023, 5, 1),
        D(2026, 4, 30),
        Decimal("18000"),
    ),
    (
        "saint-aubin",
        "vallerosa-sa",
        "Festival des vendanges jumelées",
        "event",
        Status.ENDED,
        [],
        [],
        D(2024, 9, 20),
        D(2024, 9, 22),
        Decimal("3000"),
    ),
    (
        "saint-aubin",
        "zelenivka-sa",
        "Don de matériel de déneigement",
        "donation",
        Status.ACTIVE,
        [],
        ["funds"],
        D(2023, 11, 1),
        D(2023, 11, 30),
        Decimal("7000"),
    ),
]


def _context() -> None:
    for code, (regime, conflict) in DEMO_CONTEXT.items():
        country = Country.objects.filter(code=code, regime_class__isnull=True).first()
        if country is None:
            continue
        country.regime_class, country.regime_year = regime, 2024
        country.regime_source = "Démo — valeurs indicatives"
        country.active_conflict = country.active_conflict or conflict
        country.save(
            update_fields=["regime_class", "regime_year", "regime_source", "active_conflict"]
        )


def load(world: DemoWorld) -> None:
    _context()
    partners: dict[tuple[str, str], Partner] = {}
    for town, rows in PARTNERS.items():
        municipality = world.municipalities[town]
        officer = world.users.get(f"officer@{town}.example")
        for key, name, aliases, kind, country, city, extra in rows:
            partner = Partner.objects.filter(
                municipality=municipality, name=name, country_id=country
            ).first()
            if partner is None:
                fields = dict(extra)
                if "territory" in fields:  # named in the shipped list of territories
                    fields["territory"] = Territory.objects.filter(
                        name_fr=fields["territory"]
                    ).first()
                partner = Partner(
                    municipality=municipality,
                    name=name,
                    aliases=aliases,
                    kind=kind,
                    country_id=country,
                    city=city,
                    **fields,
                )
                actions.save_partner(partner, by=officer)
            partners[(town, key)] = partner
    for town, key, title, form, status, sectors, flows, start, end, budget in PARTNERSHIPS:
        partner = partners[(town, key)]
        if Partnership.objects.filter(partner=partner, title=title).exists():
            continue
        officer = world.users.get(f"officer@{town}.example")
        actions.save_partnership(
            Partnership(
                municipality=partner.municipality,
                partner=partner,
                title=title,
                form=form,
                status=status,
                sectors=sectors,
                flows=flows,
                start_date=start,
                end_date=end,
                budget=budget,
                owner=officer,
                deliberation_ref=f"DEL-{start.year}-{len(title):03d}" if start else "",
            ),
            by=officer,
        )
