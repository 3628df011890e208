# ruff: noqa: RUF001 (the en dashes between two place names are the questionnaires' own)
"""The questions' sources in the reader's language.

The questionnaires (risks/questionnaire/v*.json) name each question's sources in one string,
parts separated by "; ", as they were cited: some in English, some in French. A French page
shows every part in French: the parts written in English are translated here, names of
programmes and institutions included ("UK Trusted Research" is cited with its country).
English pages show the parts as cited.
"""

from __future__ import annotations

from django.utils import translation

SEPARATOR = "; "

FRENCH = {
    "ASPI China Defence Universities Tracker": (
        "ASPI (Australie), recensement des universités chinoises liées à la défense"
    ),
    "CAA Lyon 2021 (Nagorno-Karabakh charters)": (
        "CAA de Lyon, 2021 (chartes avec le Haut-Karabagh)"
    ),
    "CAA Lyon, 24 June 2021 (Saint-Étienne–Chouchi charter)": (
        "CAA de Lyon, 24 juin 2021 (charte Saint-Étienne–Chouchi)"
    ),
    "CAA Lyon, 24 June 2021 (Saint-Étienne–Chouchi)": (
        "CAA de Lyon, 24 juin 2021 (Saint-Étienne–Chouchi)"
    ),
    "Circular of 24 May 2018": "Circulaire du 24 mai 2018",
    "Council of Europe Congress": "Congrès des pouvoirs locaux et régionaux du Conseil de l'Europe",
    "Council of Europe Congress of Local and Regional Authorities": (
        "Congrès des pouvoirs locaux et régionaux du Conseil de l'Europe"
    ),
    "Council of Europe Congress, reports on threats to local elected officials": (
        "Congrès des pouvoirs locaux et régionaux du Conseil de l'Europe, rapports sur les "
        "menaces visant les élus locaux"
    ),
    "DGSI, « Lutte contre la répression transnationale », 6 January 2025": (
        "DGSI, « Lutte contre la répression transnationale », 6 janvier 2025"
    ),
    "EU global human rights sanctions regime, decision (CFSP) 2020/1999": (
        "Régime mondial de sanctions de l'UE en matière de droits de l'homme, "
        "décision (PESC) 2020/1999"
    ),
    "European Committee of the Regions, 2023 opinion": "Comité européen des régions, avis de 2023",
    "Follow the Money (NL), Dutch city ties with Chinese counterparts": (
        "Follow the Money (Pays-Bas), liens des villes néerlandaises avec des partenaires chinois"
    ),
    "GDPR": "RGPD",
    "HATVP foreign-influence register": "HATVP, répertoire des activités d'influence étrangère",
    "HATVP foreign-influence register (open since 1 Oct 2025)": (
        "HATVP, répertoire des activités d'influence étrangère (ouvert depuis le 1er octobre 2025)"
    ),
    "HATVP, répertoire des activités d'influence étrangère (open since 1 Oct 2025)": (
        "HATVP, répertoire des activités d'influence étrangère (ouvert depuis le 1er octobre 2025)"
    ),
    "Joint Interior / Foreign Affairs circular of 24 May 2018": (
        "Circulaire conjointe Intérieur / Affaires étrangères du 24 mai 2018"
    ),
    "Kiel–Qingdao partnership dropped in 2023": "Partenariat Kiel–Qingdao abandonné en 2023",
    "Kiel–Qingdao twinning plan suspended, September 2023": (
        "Projet de jumelage Kiel–Qingdao suspendu, septembre 2023"
    ),
    "Loket Kennisveiligheid (NL)": "Loket Kennisveiligheid (Pays-Bas)",
    "Loket Kennisveiligheid (NL), risk profile": (
        "Loket Kennisveiligheid (Pays-Bas), profil de risque"
    ),
    "MEAE / DAECT practice": "Pratique du MEAE / de la DAECT",
    "National Intelligence Law of the PRC (27 June 2017), art. 7": (
        "Loi sur le renseignement national de la RPC (27 juin 2017), art. 7"
    ),
    "Prefecture public-order assessments": "Évaluations d'ordre public des préfectures",
    "Prefecture public-order practice": "Pratique des préfectures en matière d'ordre public",
    "Queen's University Belfast and University of Glasgow due diligence": (
        "Vérifications préalables de la Queen's University Belfast et de l'université de Glasgow"
    ),
    "SGDSN / Viginum, RRN report, 13 June 2023": "SGDSN / Viginum, rapport RRN, 13 juin 2023",
    "SKR (Sweden)": "SKR (Suède)",
    "Sénat, « Diplomatie des villes » (8 Sept 2025)": (
        "Sénat, « Diplomatie des villes » (8 septembre 2025)"
    ),
    "TA Cergy-Pontoise 29 May 2019": "TA de Cergy-Pontoise, 29 mai 2019",
    "UK Trusted Research": "Trusted Research (Royaume-Uni)",
    "UK Trusted Research (NPSA/NCSC)": "Trusted Research (Royaume-Uni, NPSA/NCSC)",
    "University of Glasgow due diligence": "Vérifications préalables de l'université de Glasgow",
    "Viginum (SGDSN), public reports": "Viginum (SGDSN), rapports publics",
    "Viginum guide for municipalities": "Viginum, guide à l'usage des communes",
    "Viginum guide for the 2026 municipal elections": (
        "Viginum, guide pour les élections municipales de 2026"
    ),
    "Viginum, guide (electoral context), December 2025": (
        "Viginum, guide (contexte électoral), décembre 2025"
    ),
    "Viginum, guide for municipalities (2025)": "Viginum, guide à l'usage des communes (2025)",
}


def source_label(source: str, language: str | None = None) -> str:
    """`source` as the reader of `language` (the active one by default) reads it."""
    code = language or translation.get_language() or "fr"
    if not code.startswith("fr"):
        return source
    return SEPARATOR.join(FRENCH.get(part, part) for part in source.split(SEPARATOR))
