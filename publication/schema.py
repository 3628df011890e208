"""The Table Schema (frictionless) of the open-data CSV, published at a stable address.

Column names are French, as data.gouv.fr's schemas are; descriptions are French too, since the
file is published by French municipalities.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from partners.models import PartnershipForm, Status
from publication.public import LICENCE_NAME, LICENCE_URL

SCHEMA_VERSION = "1.0.0"


def _labels(choices: Any) -> str:
    with translation.override("fr"):
        return ", ".join(f"{code}\u00a0: {label}" for code, label in choices)


def _field(name: str, kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": description, **extra}


def _required(**extra: Any) -> dict[str, Any]:
    return {"constraints": {"required": True, **extra}}


def fields() -> list[dict[str, Any]]:
    return [
        _field(
            "commune_insee",
            "string",
            "Code INSEE de la commune qui publie",
            **_required(pattern=r"^(\d{5}|2[AB]\d{3})$"),
        ),
        _field("commune_nom", "string", "Nom de la commune", **_required()),
        _field(
            "identifiant",
            "string",
            "Identifiant stable du partenariat : code INSEE et adresse publique",
            **_required(unique=True),
        ),
        _field("titre", "string", "Intitulé du partenariat", **_required()),
        _field("partenaire", "string", "Nom du partenaire étranger", **_required()),
        _field(
            "pays_code",
            "string",
            "Pays du partenaire, code ISO 3166-1 alpha-2",
            **_required(pattern=r"^[A-Z]{2}$"),
        ),
        _field("pays_nom", "string", "Nom du pays en français", **_required()),
        _field(
            "forme",
            "string",
            "Forme du partenariat. " + _labels(PartnershipForm.choices),
            **_required(enum=list(PartnershipForm.values)),
        ),
        _field(
            "statut",
            "string",
            "Statut du partenariat. " + _labels(Status.choices),
            **_required(enum=list(Status.values)),
        ),
        _field("date_debut", "date", "Date de début"),
        _field("date_fin", "date", "Date de fin"),
        _field(
            "deliberation_reference", "string", "Référence de la délibération du conseil municipal"
        ),
        _field("deliberation_date", "date", "Date de la délibération"),
        _field(
            "transmission_prefet_date",
            "date",
            "Date de transmission au préfet (contrôle de légalité)",
        ),
        _field("objectifs", "string", "Objectifs du partenariat", **_required()),
        _field(
            "annees_renseignees",
            "integer",
            "Nombre d'années dont les résultats sont publiés",
            **_required(minimum=0),
        ),
        _field(
            "personnes_impliquees",
            "integer",
            "Personnes impliquées, total des années publiées",
            **_required(minimum=0),
        ),
        _field(
            "budget_municipal_euros",
            "number",
            "Budget municipal dépensé, total des années publiées, en euros",
            **_required(minimum=0),
        ),
        _field(
            "cofinancements_euros",
            "number",
            "Cofinancements reçus, total des années publiées, en euros",
            **_required(minimum=0),
        ),
        _field("contact", "string", "Adresse de contact", format="email", **_required()),
        _field("url", "string", "Page publique du partenariat", format="uri", **_required()),
        _field("date_publication", "date", "Date de première publication"),
        _field(
            "date_modification",
            "date",
            "Date de la dernière modification publique",
        ),
    ]


def table_schema(schema_url: str) -> dict[str, Any]:
    """The Table Schema descriptor of the CSV export (built on demand: labels are translated)."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "registre-partenariats-internationaux",
        "title": "Registre public des partenariats internationaux des communes",
        "description": (
            "Partenariats internationaux qu'une commune choisit de publier, avec les résultats "
            "de chaque année (totaux). Une ligne par partenariat publié."
        ),
        "version": SCHEMA_VERSION,
        "path": schema_url,
        "licenses": [{"name": "etalab-2.0", "title": LICENCE_NAME, "path": LICENCE_URL}],
        "fields": fields(),
        "primaryKey": ["identifiant"],
        "missingValues": [""],
    }
