"""Small list files in each official format, made up for the tests (no real list data)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr


@dataclass
class Made:
    """One made-up entry, written out in any of the five formats."""

    id: str
    name: str
    kind: str = "organisation"  # person, organisation, vessel
    aliases: Sequence[str] = ()
    countries: Sequence[str] = ()  # ISO alpha-2
    first_name: str = ""  # persons: the given names (the formats that split names)
    identifiers: Sequence[str] = field(default_factory=list)
    programme: str = "DEMO"


COUNTRY_FR = {
    "RU": "Russie",
    "CN": "Chine",
    "IR": "Iran",
    "SY": "Syrie",
    "KP": "Corée du Nord",
    "BY": "Biélorussie",
    "FR": "France",
    "DE": "Allemagne",
    "TR": "Turquie",
    "AE": "Émirats arabes unis",
    "VE": "Venezuela",
}
COUNTRY_EN = {
    "RU": "Russian Federation",
    "CN": "China",
    "IR": "Iran (Islamic Republic of)",
    "SY": "Syrian Arab Republic",
    "KP": "Democratic People's Republic of Korea",
    "BY": "Belarus",
    "FR": "France",
    "DE": "Germany",
    "TR": "Türkiye",
    "AE": "United Arab Emirates",
    "VE": "Venezuela (Bolivarian Republic of)",
}


def full_name(e: Made) -> str:
    return f"{e.first_name} {e.name}".strip()


def tresor(entries: Sequence[Made], date: str = "2026-11-02T08:00:00") -> bytes:
    nature = {"person": "Personne physique", "organisation": "Personne morale", "vessel": "Navire"}
    details = []
    for e in entries:
        fields = []
        if e.first_name:
            fields.append({"TypeChamp": "PRENOM", "Valeur": [{"Prenom": e.first_name}]})
        if e.aliases:
            fields.append(
                {
                    "TypeChamp": "ALIAS",
                    "Valeur": [{"Alias": a, "Commentaire": ""} for a in e.aliases],
                }
            )
        if e.countries:
            fields.append(
                {
                    "TypeChamp": "NATIONALITE",
                    "Valeur": [{"Pays": COUNTRY_FR[c], "Commentaire": ""} for c in e.countries],
                }
            )
        for number in e.identifiers:
            fields.append(
                {
                    "TypeChamp": "PASSEPORT",
                    "Valeur": [{"NumeroPasseport": number, "Commentaire": ""}],
                }
            )
        fields.append(
            {
                "TypeChamp": "FONDEMENT_JURIDIQUE",
                "Valeur": [{"FondementJuridique": "x", "FondementJuridiqueLabel": e.programme}],
            }
        )
        details.append(
            {
                "IdRegistre": int(e.id) if e.id.isdigit() else e.id,
                "Nature": nature[e.kind],
                "Nom": e.name,
                "RegistreDetail": fields,
            }
        )
    return json.dumps(
        {"Publications": {"DatePublication": date, "PublicationDetail": details}},
        ensure_ascii=False,
    ).encode()


def eu_fsf(entries: Sequence[Made], date: str = "2026-11-03T10:00:00") -> bytes:
    code = {"person": "person", "organisation": "enterprise", "vessel": "enterprise"}
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="{date}" globalFileId="1">'
    ]
    for e in entries:
        out.append(
            f'<sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.{e.id}" logicalId="{e.id}">'
        )
        out.append(
            f'<regulation regulationType="regulation" programme="{e.programme}" logicalId="9{e.id}"><publicationUrl>https://example.test/r</publicationUrl></regulation>'
        )
        out.append(
            f'<subjectType code="{code[e.kind]}" classificationCode="{"P" if e.kind == "person" else "E"}"/>'
        )
        first = quoteattr(e.first_name)
        out.append(
            f'<nameAlias firstName={first} middleName="" lastName={quoteattr(e.name if e.kind == "person" else "")} wholeName={quoteattr(full_name(e))} function="" gender="" title="" nameLanguage="" strong="true" logicalId="1{e.id}"/>'
        )
        for alias in e.aliases:
            out.append(
                f'<nameAlias firstName="" middleName="" lastName="" wholeName={quoteattr(alias)} nameLanguage="" strong="true" logicalId="2{e.id}"/>'
            )
        for c in e.countries:
            tag = "citizenship" if e.kind == "person" else "address"
            out.append(
                f'<{tag} region="" countryIso2Code="{c}" countryDescription={quoteattr(COUNTRY_EN[c].upper())} logicalId="3{e.id}"/>'
            )
        for number in e.identifiers:
            out.append(
                f'<identification diplomatic="false" knownExpired="false" knownFalse="false" reportedLost="false" revokedByIssuer="false" identificationTypeCode="passport" number="{number}" countryIso2Code="" logicalId="4{e.id}"/>'
            )
        out.append("</sanctionEntity>")
    out.append("</export>")
    return "\n".join(out).encode()


def _el(tag: str, text: str) -> str:
    from xml.sax.saxutils import escape

    return f"<{tag}>{escape(text)}</{tag}>"


def un(entries: Sequence[Made], date: str = "2026-11-04T00:00:00-05:00") -> bytes:
    people = [e for e in entries if e.kind == "person"]
    others = [e for e in entries if e.kind != "person"]
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="{date}">',
        "<INDIVIDUALS>",
    ]
    for e in people:
        out.append("<INDIVIDUAL>")
        out.append(_el("DATAID", "1" + e.id.replace(".", "")) + "<VERSIONNUM>1</VERSIONNUM>")
        first, second = (e.first_name, e.name) if e.first_name else (e.name, "")
        out.append(_el("FIRST_NAME", first) + (_el("SECOND_NAME", second) if second else ""))
        out.append(
            _el("UN_LIST_TYPE", e.programme)
            + _el("REFERENCE_NUMBER", e.id)
            + _el("LISTED_ON", "2020-01-01")
        )
        out.append(
            "<NATIONALITY>"
            + "".join(_el("VALUE", COUNTRY_EN[c]) for c in e.countries)
            + "</NATIONALITY>"
        )
        for alias in e.aliases:
            out.append(
                "<INDIVIDUAL_ALIAS>"
                + _el("QUALITY", "Good")
                + _el("ALIAS_NAME", alias)
                + "</INDIVIDUAL_ALIAS>"
            )
        for number in e.identifiers:
            out.append(
                "<INDIVIDUAL_DOCUMENT>"
                + _el("TYPE_OF_DOCUMENT", "Passport")
                + _el("NUMBER", number)
                + "</INDIVIDUAL_DOCUMENT>"
            )
        out.append("</INDIVIDUAL>")
    out.append("</INDIVIDUALS><ENTITIES>")
    for e in others:
        out.append(
            "<ENTITY>" + _el("DATAID", "2" + e.id.replace(".", "")) + _el("FIRST_NAME", e.name)
        )
        out.append(_el("UN_LIST_TYPE", e.programme) + _el("REFERENCE_NUMBER", e.id))
        for alias in e.aliases:
            out.append(
                "<ENTITY_ALIAS>"
                + _el("QUALITY", "a.k.a.")
                + _el("ALIAS_NAME", alias)
                + "</ENTITY_ALIAS>"
            )
        for c in e.countries:
            out.append("<ENTITY_ADDRESS>" + _el("COUNTRY", COUNTRY_EN[c]) + "</ENTITY_ADDRESS>")
        out.append("</ENTITY>")
    out.append("</ENTITIES></CONSOLIDATED_LIST>")
    return "\n".join(out).encode()


def ftm(entries: Sequence[Made]) -> bytes:
    schema = {"person": "Person", "organisation": "Organization", "vessel": "Vessel"}
    lines = []
    for e in entries:
        props: dict[str, list[str]] = {
            "name": [full_name(e)],
            "alias": list(e.aliases),
            "country": [c.lower() for c in e.countries],
            "program": [e.programme],
        }
        if e.identifiers:
            props["passportNumber" if e.kind == "person" else "registrationNumber"] = list(
                e.identifiers
            )
        lines.append(
            json.dumps(
                {"id": e.id, "schema": schema[e.kind], "properties": props, "datasets": ["demo"]},
                ensure_ascii=False,
            )
        )
        lines.append(
            json.dumps(
                {"id": f"{e.id}-sanction", "schema": "Sanction", "properties": {"entity": [e.id]}}
            )
        )
    return ("\n".join(lines) + "\n").encode()


def csv_list(entries: Sequence[Made]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "aliases", "country", "kind", "program"])
    for e in entries:
        writer.writerow(
            [e.id, full_name(e), ";".join(e.aliases), ";".join(e.countries), e.kind, e.programme]
        )
    return buffer.getvalue().encode()


WRITERS = {"tresor": tresor, "eu-fsf": eu_fsf, "un": un, "ftm": ftm, "csv": csv_list}
