"""DG Trésor's national asset-freeze register ("gels des avoirs"), its JSON publication.

`{"Publications": {"DatePublication": …, "PublicationDetail": [{"IdRegistre", "Nature",
"Nom", "RegistreDetail": [{"TypeChamp": "PRENOM" | "ALIAS" | "NATIONALITE" | …,
"Valeur": [{…}]}]}]}}`; download: https://gels-avoirs.dgtresor.gouv.fr/ (Licence Ouverte).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, BinaryIO

from screening.loaders import ListFileError, ParsedEntry, ParsedList, country_code, required
from screening.names import Kind

KINDS = {
    "personne physique": Kind.PERSON,
    "personne morale": Kind.ORGANISATION,
    "navire": Kind.VESSEL,
}
IDENTIFIER_FIELDS = {
    "PASSEPORT": "NumeroPasseport",
    "AUTRE_IDENTITE": "NumeroCarte",
    "NUMERO_OMI": "NumeroOMI",
    "IDENTIFICATION": "Identification",
}


def _date(value: Any) -> date | None:
    if not value:
        return None
    text = str(value)
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:26], fmt).date()
        except ValueError:
            continue
    return None


def _values(detail: dict[str, Any], entry: str) -> list[dict[str, Any]]:
    values = detail.get("Valeur", [])
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise ListFileError("must be a list of objects", entry=entry, field="Valeur")
    return values


def read_entry(data: Any, position: int) -> ParsedEntry:
    if not isinstance(data, dict):
        raise ListFileError("not an object", entry=f"#{position}")
    entry_id = required(data.get("IdRegistre"), entry=f"#{position}", field="IdRegistre")
    nature = required(data.get("Nature"), entry=entry_id, field="Nature")
    # A nature the register may add later (aircraft…) is kept, of unknown kind.
    kind = KINDS.get(nature.casefold(), Kind.UNKNOWN)
    last_name = required(data.get("Nom"), entry=entry_id, field="Nom")
    details = data.get("RegistreDetail", [])
    if not isinstance(details, list):
        raise ListFileError("must be a list", entry=entry_id, field="RegistreDetail")
    first_names: list[str] = []
    parsed = ParsedEntry(entry_id=entry_id, name=last_name, kind=kind)
    for detail in details:
        if not isinstance(detail, dict) or not detail.get("TypeChamp"):
            raise ListFileError("missing TypeChamp", entry=entry_id, field="RegistreDetail")
        field = detail["TypeChamp"]
        for value in _values(detail, entry_id):
            if field == "PRENOM":
                first_names.append(value.get("Prenom") or "")
            elif field == "ALIAS":
                parsed.aliases.append(value.get("Alias") or "")
            elif field in ("NATIONALITE", "ADRESSE_PM", "ADRESSE_PP"):
                parsed.countries.append(country_code(value.get("Pays")))
            elif field == "FONDEMENT_JURIDIQUE":
                label = value.get("FondementJuridiqueLabel") or value.get("FondementJuridique")
                parsed.programme = parsed.programme or str(label or "")
            elif field in IDENTIFIER_FIELDS:
                parsed.identifiers.append(str(value.get(IDENTIFIER_FIELDS[field]) or ""))
    first = " ".join(f for f in first_names if f)
    if kind == Kind.PERSON and first:
        # The register prints "NOM Prénom"; both orders are kept since lists and partners differ.
        parsed.name = f"{first} {last_name}"
        parsed.aliases.insert(0, f"{last_name} {first}")
    return parsed


def read(stream: BinaryIO) -> ParsedList:
    try:
        document = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ListFileError(f"not valid JSON ({error})") from error
    publications = document.get("Publications") if isinstance(document, dict) else None
    if not isinstance(publications, dict):
        raise ListFileError("missing", field="Publications")
    details = publications.get("PublicationDetail")
    if not isinstance(details, list):
        raise ListFileError("missing", field="Publications.PublicationDetail")
    return ParsedList(
        entries=[read_entry(data, n) for n, data in enumerate(details, 1)],
        published_on=_date(publications.get("DatePublication")),
        source="https://gels-avoirs.dgtresor.gouv.fr/",
        licence="Licence Ouverte 2.0 (Etalab)",
    )
