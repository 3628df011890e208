# ruff: noqa: E501 - prose of the shipped content, one paragraph a line
"""The first version of the guide, shipped by a data migration; staff edit it in the admin.

Every legal statement here was checked against the text it cites; where a detail (a date, an
address) could not be checked it is left out rather than guessed.
"""

from __future__ import annotations

import datetime
from typing import Any

D = datetime.date

CGCT_CHAPTER = (
    "https://www.legifrance.gouv.fr/affichCode.do?idSectionTA=LEGISCTA000006164470"
    "&cidTexte=LEGITEXT000006070633"
)
CIRCULAR_2018 = "https://cites-unies-france.org/DAECT-MEAE-Cadre-juridique-de-l-action-exterieure-des-collectivites"
HATVP_REGISTER = (
    "https://www.hatvp.fr/la-haute-autorite/lencadrement-de-linfluence-etrangere/"
    "le-repertoire-de-linfluence-etrangere"
)
SBDU = (
    "https://entreprises.gouv.fr/fr/echanges-commerciaux-et-reglementation/"
    "service-des-biens-double-usage/reglement-europeen"
)
PPST_FAQ = (
    "https://www.sgdsn.gouv.fr/nos-missions/proteger/"
    "proteger-le-potentiel-scientifique-et-technique-de-la-nation/foire-aux-questions"
)
VIGINUM = (
    "http://www.sgdsn.gouv.fr/le-sgdsn/fonctionnement/"
    "le-service-de-vigilance-et-de-protection-contre-les-ingerences-numeriques-etrangeres-viginum/"
)
GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"

SOURCES: dict[str, dict[str, Any]] = {
    "cgct": {
        "issuer": "Légifrance",
        "title": "Code général des collectivités territoriales, articles L1115-1 à L1115-7",
        "url": CGCT_CHAPTER,
    },
    "circular": {
        "issuer": "Ministère de l'Intérieur et ministère de l'Europe et des Affaires étrangères",
        "title": "Circulaire NOR INTB1809792C du 24 mai 2018, cadre juridique de l'action "
        "extérieure des collectivités territoriales et de son contrôle",
        "date": D(2018, 5, 24),
        "url": CIRCULAR_2018,
    },
    "cncd_guide": {
        "issuer": "Commission nationale de la coopération décentralisée (CNCD), DAECT",
        "title": "Guide juridique de l'action extérieure des collectivités territoriales, "
        "1re édition (2019), approuvé par la CNCD le 5 juillet 2018",
        "url": "",
    },
    "law_2024_850": {
        "issuer": "Journal officiel",
        "title": "Loi n° 2024-850 du 25 juillet 2024 visant à prévenir les ingérences "
        "étrangères en France (NOR IOMX2408435L)",
        "date": D(2024, 7, 25),
        "url": "",
    },
    "hatvp": {
        "issuer": "Haute Autorité pour la transparence de la vie publique (HATVP)",
        "title": "Le répertoire de l'influence étrangère",
        "url": HATVP_REGISTER,
    },
    "gdpr": {
        "issuer": "Union européenne",
        "title": "Règlement (UE) 2016/679 (RGPD), chapitre V, articles 44 à 50 : transferts "
        "de données à caractère personnel vers des pays tiers",
        "date": D(2016, 4, 27),
        "url": GDPR,
    },
    "dual_use": {
        "issuer": "Direction générale des entreprises, service des biens à double usage (SBDU)",
        "title": "Le règlement européen sur les biens à double usage (règlement (UE) 2021/821 "
        "du 20 mai 2021)",
        "url": SBDU,
    },
    "ppst": {
        "issuer": "Secrétariat général de la défense et de la sécurité nationale (SGDSN)",
        "title": "Le dispositif de protection du potentiel scientifique et technique de la "
        "nation — foire aux questions",
        "url": PPST_FAQ,
    },
    "viginum": {
        "issuer": "Secrétariat général de la défense et de la sécurité nationale (SGDSN)",
        "title": "Le service de vigilance et de protection contre les ingérences numériques "
        "étrangères (Viginum), créé par le décret n° 2021-922 du 13 juillet 2021",
        "url": VIGINUM,
    },
    "law_1905": {
        "issuer": "Journal officiel",
        "title": "Loi du 9 décembre 1905 concernant la séparation des Églises et de l'État, "
        "articles 2 et 19-3",
        "date": D(1905, 12, 9),
        "url": "",
    },
    "law_2021_1109": {
        "issuer": "Journal officiel",
        "title": "Loi n° 2021-1109 du 24 août 2021 confortant le respect des principes de la "
        "République (article 12 : contrat d'engagement républicain)",
        "date": D(2021, 8, 24),
        "url": "",
    },
}


def _page(slug: str, section: str, order: int, **text: Any) -> dict[str, Any]:
    return {"slug": slug, "section": section, "order": order, **text}


PAGES: list[dict[str, Any]] = [
    _page(
        "checklist",
        "before_signing",
        10,
        title_fr="La liste de vérification avant de signer",
        title_en="The checklist before signing",
        summary_fr="Ce qu'il faut avoir fait avant que le maire signe une convention ou une "
        "charte avec un partenaire étranger.",
        summary_en="What must be done before the mayor signs a convention or a charter with a "
        "foreign partner.",
        body_fr="""Chaque partenariat du registre a sa propre liste : chaque étape est cochée par un agent, avec la date, et le document qui la prouve quand il y en a un (la délibération, l'accusé de réception de la transmission au préfet). La liste figure dans le rapport présenté au conseil.

Identifier le partenaire : sa forme juridique, qui le possède, qui le finance, qui le dirige, ses liens avec un État, un parti, une armée ou un service de sécurité. Une collectivité ne peut pas conclure de convention avec un État étranger, sauf les exceptions prévues par l'article L1115-5 du CGCT.

Vérifier le territoire : la circulaire du 24 mai 2018 rappelle qu'une collectivité ne peut se lier à des autorités locales établies dans un cadre institutionnel non reconnu par la France.

Mener le diagnostic des trois risques et le faire approuver ; le soumettre au ministère lorsqu'il dépasse la tolérance de la commune.

Prévoir les clauses types (propriété intellectuelle, confidentialité, données, communication, neutralité, sortie, cadeaux, financeurs) : voir [[guide:clauses|les clauses types]].

Vérifier les transferts de données personnelles hors de l'Union ([[glossary:rgpd|RGPD]], chapitre V) et, si un savoir-faire ou une technologie part chez le partenaire, le régime des [[glossary:bdu|biens à double usage]].

Faire délibérer le conseil, puis transmettre la convention et la délibération au préfet : voir [[guide:prefect-kit|le kit préfet]].""",
        body_en="""Each partnership of the register has its own list: every step is ticked by a staff member, with the date, and the document that proves it when there is one (the deliberation, the receipt of transmission to the prefect). The list is printed in the report presented to the council.

Identify the partner: its legal form, who owns it, who funds it, who runs it, its links to a State, a party, an army or a security service. A local authority may not conclude a convention with a foreign State, except in the cases set out by article L1115-5 of the CGCT.

Check the territory: the circular of 24 May 2018 recalls that a local authority may not bind itself to local authorities set up in an institutional framework France does not recognise.

Run the diagnostic of the three risks and have it approved; refer it to the ministry when it crosses the municipality's tolerance.

Provide for the model clauses (intellectual property, confidentiality, data, communication, neutrality, exit, gifts, funders): see [[guide:clauses|the model clauses]].

Check transfers of personal data outside the Union ([[glossary:rgpd|GDPR]], Chapter V) and, when know-how or technology goes to the partner, the [[glossary:bdu|dual-use]] rules.

Have the council deliberate, then send the convention and the deliberation to the prefect: see [[guide:prefect-kit|the prefect kit]].""",
        sources=["cgct", "circular", "cncd_guide", "gdpr", "dual_use"],
    ),
    _page(
        "clauses",
        "clauses",
        20,
        title_fr="Les clauses types",
        title_en="Model clauses",
        summary_fr="Des clauses à reprendre dans la convention, en français et en anglais.",
        summary_en="Clauses to put in the convention, in French and English.",
        body_fr="Chaque clause est donnée en français et en anglais, pour la version signée par les deux parties. Adaptez-les avec le service juridique : ce sont des points de départ, pas des modèles opposables.",
        body_en="Each clause is given in French and English, for the version both parties sign. Adapt them with the legal department: they are starting points, not binding templates.",
        sources=["cncd_guide", "gdpr", "law_2024_850"],
    ),
    _page(
        "prefect-kit",
        "prefect",
        30,
        title_fr="Le kit préfet : quoi envoyer, quand, à qui",
        title_en="The prefect kit: what to send, when, to whom",
        summary_fr="La transmission au contrôle de légalité des conventions de l'article L1115-1 du CGCT.",
        summary_en="Sending the conventions of article L1115-1 CGCT to the prefect's review of legality.",
        body_fr="""Quoi : la convention signée (ou le projet adopté), la délibération du conseil municipal qui l'approuve et autorise le maire à signer, et les annexes financières. Selon l'article L1115-1 du CGCT, une convention conclue avec une autorité locale étrangère précise l'objet des actions envisagées et le montant prévisionnel des engagements financiers.

Quand : la convention entre en vigueur dès sa transmission au représentant de l'État (article L1115-1, qui renvoie aux articles L2131-1 et L2131-2 pour les communes). Transmettez-la donc avant toute exécution.

À qui : au préfet du département, par le circuit habituel du contrôle de légalité de la commune. La circulaire du 24 mai 2018 rappelle que toute action de coopération, même sans convention au sens strict (charte, déclaration d'amitié, vœu), doit être transmise au représentant de l'État, qui peut la déférer au juge administratif.

Prévenez aussi le conseiller diplomatique de la préfecture lorsque le partenaire ou le pays appelle une vigilance particulière : voir [[guide:contacts|les contacts]].

Depuis chaque partenariat, CityDiplo prépare le courriel de transmission : objet, texte et liste des pièces, à copier ou à ouvrir dans votre messagerie.""",
        body_en="""What: the signed convention (or the adopted draft), the council deliberation approving it and authorising the mayor to sign, and the financial annexes. Under article L1115-1 CGCT, a convention with a foreign local authority states the purpose of the planned actions and the estimated amount of the financial commitments.

When: the convention comes into force as soon as it is sent to the State's representative (article L1115-1, which refers to articles L2131-1 and L2131-2 for communes). Send it before anything is carried out.

To whom: the prefect of the département, through the municipality's usual channel for the review of legality. The circular of 24 May 2018 recalls that any cooperation action, even without a convention in the strict sense (charter, friendship declaration, resolution), must be sent to the State's representative, who may refer it to the administrative court.

Also tell the prefecture's diplomatic adviser when the partner or the country calls for particular vigilance: see [[guide:contacts|the contacts]].

From each partnership, CityDiplo prepares the transmission e-mail: subject, text and list of documents, to copy or to open in your mail program.""",
        sources=["cgct", "circular", "cncd_guide"],
    ),
    _page(
        "contacts",
        "contacts",
        40,
        title_fr="Qui appeler",
        title_en="Whom to call",
        summary_fr="Les interlocuteurs de l'État, par sujet.",
        summary_en="The State's contacts, by topic.",
        body_fr="""Cadre juridique de l'action extérieure, conventions, cofinancements : la [[glossary:daect|DAECT]] (délégation pour l'action extérieure des collectivités territoriales, ministère de l'Europe et des Affaires étrangères), qui anime aussi la [[glossary:cncd|CNCD]]. L'article L1115-6 du CGCT confie à la CNCD l'état de l'action extérieure des collectivités ; les collectivités lui transmettent les informations nécessaires.

Partenaire ou pays sensible, visite de délégation, tension liée à un partenariat : le conseiller diplomatique de la préfecture, et le correspondant du ministère qui suit votre commune dans CityDiplo.

Savoir-faire, technologie, entreprise ou laboratoire du territoire approché par un partenaire étranger : le délégué régional à l'information stratégique et à la sécurité économiques ([[glossary:disse|DISSE]]), placé auprès du préfet de région ; pour un laboratoire, son fonctionnaire de sécurité et de défense ([[glossary:fsd|FSD]]).

Exportation d'un bien, d'un logiciel ou d'une technologie sensible : le service des biens à double usage ([[glossary:sbdu|SBDU]]).

Campagne de manipulation de l'information visant la commune : Viginum (SGDSN) publie ses rapports et ses guides ; signalez aussi l'incident à la préfecture et enregistrez-le dans CityDiplo pour l'envoyer au ministère.

Intermédiaire qui agit pour le compte d'une puissance étrangère : le répertoire de l'influence étrangère de la [[glossary:hatvp|HATVP]].""",
        body_en="""Legal framework of external action, conventions, co-funding: the [[glossary:daect|DAECT]] (delegation for the external action of local authorities, Ministry for Europe and Foreign Affairs), which also runs the [[glossary:cncd|CNCD]]. Article L1115-6 CGCT gives the CNCD the survey of local authorities' external action; local authorities send it the information it needs.

Sensitive partner or country, delegation visit, tension linked to a partnership: the prefecture's diplomatic adviser, and the ministry liaison who follows your municipality in CityDiplo.

Know-how, technology, a company or laboratory of the territory approached by a foreign partner: the regional delegate for strategic information and economic security ([[glossary:disse|DISSE]]), beside the regional prefect; for a laboratory, its security and defence officer ([[glossary:fsd|FSD]]).

Export of a sensitive good, software or technology: the dual-use goods service ([[glossary:sbdu|SBDU]]).

Information-manipulation campaign aimed at the municipality: Viginum (SGDSN) publishes its reports and guides; also report the incident to the prefecture and record it in CityDiplo to send it to the ministry.

Intermediary acting for a foreign power: the [[glossary:hatvp|HATVP]]'s foreign-influence register.""",
        sources=["cgct", "circular", "viginum", "hatvp", "dual_use", "ppst"],
    ),
    _page(
        "texts",
        "law",
        50,
        title_fr="Les textes",
        title_en="The texts",
        summary_fr="Ce que disent les textes cités dans CityDiplo.",
        summary_en="What the texts CityDiplo cites say.",
        body_fr="""CGCT, articles L1115-1 à L1115-7 : le cadre de l'action extérieure des collectivités. L1115-1 : conventions avec des autorités locales étrangères, qui précisent l'objet et le montant prévisionnel des engagements financiers et entrent en vigueur dès leur transmission au représentant de l'État. L1115-4 : adhésion à un organisme public de droit étranger ou participation au capital d'une personne morale de droit étranger, autorisée par arrêté du préfet de région. L1115-5 : pas de convention avec un État étranger, sauf les cas prévus par la loi et les groupements de coopération qu'il énumère, après autorisation préalable du représentant de l'État. L1115-6 : la Commission nationale de la coopération décentralisée.

Circulaire du 24 mai 2018 (NOR INTB1809792C), des ministres de l'Intérieur et de l'Europe et des Affaires étrangères aux préfets : toute action de coopération, même sans convention, est transmise au contrôle de légalité ; aucun lien avec des autorités locales établies dans un cadre institutionnel non reconnu par la France.

Loi n° 2024-850 du 25 juillet 2024 visant à prévenir les ingérences étrangères en France : les personnes qui agissent pour le compte d'un mandant étranger (puissance étrangère hors Union européenne, personne morale qu'elle dirige, contrôle ou finance à plus de 50 %, parti politique étranger hors Union) pour influer sur la décision publique, y compris auprès d'élus locaux, se déclarent au répertoire de l'influence étrangère tenu par la HATVP, ouvert le 1er octobre 2025.

RGPD, chapitre V (articles 44 à 50) : un transfert de données personnelles hors de l'Union n'est possible que dans les conditions de ce chapitre — décision d'adéquation (article 45), garanties appropriées (article 46), ou dérogations pour des situations particulières (article 49).

Règlement (UE) 2021/821 du 20 mai 2021 : l'exportation hors de l'Union d'un bien à double usage de son annexe I — logiciels et technologies compris — est soumise à autorisation ; le règlement encadre aussi le courtage et l'assistance technique. En France, le SBDU instruit les demandes.

Loi du 9 décembre 1905 : « La République ne reconnaît, ne salarie ni ne subventionne aucun culte » (article 2) ; l'article 19-3 soumet à déclaration les avantages et ressources venus de l'étranger reçus par les associations cultuelles, au-delà de 15 300 euros par exercice (décret n° 2022-619 du 22 avril 2022).

Loi n° 2021-1109 du 24 août 2021 confortant le respect des principes de la République : une association qui demande une subvention à une collectivité souscrit un contrat d'engagement républicain (article 12) ; la subvention est refusée ou retirée si elle ne le respecte pas.""",
        body_en="""CGCT, articles L1115-1 to L1115-7: the framework of local authorities' external action. L1115-1: conventions with foreign local authorities, which state the purpose and the estimated financial commitments and come into force as soon as they are sent to the State's representative. L1115-4: joining a public body governed by foreign law or taking a share in a legal person governed by foreign law, authorised by order of the regional prefect. L1115-5: no convention with a foreign State, except the cases provided by law and the cooperation groupings it lists, after prior authorisation of the State's representative. L1115-6: the national commission for decentralised cooperation.

Circular of 24 May 2018 (NOR INTB1809792C), from the ministers of the Interior and of Europe and Foreign Affairs to the prefects: every cooperation action, even without a convention, is sent for the review of legality; no tie with local authorities set up in an institutional framework France does not recognise.

Law no. 2024-850 of 25 July 2024 to prevent foreign interference in France: people acting for a foreign principal (a foreign power outside the European Union, a legal person it runs, controls or funds for more than half, a foreign political party outside the Union) to influence public decisions, including with local elected officials, register in the foreign-influence register kept by the HATVP, open since 1 October 2025.

GDPR, Chapter V (articles 44 to 50): personal data may leave the Union only under the conditions of that chapter — an adequacy decision (article 45), appropriate safeguards (article 46), or derogations for specific situations (article 49).

Regulation (EU) 2021/821 of 20 May 2021: exporting out of the Union a dual-use item of its Annex I — software and technology included — needs an authorisation; the regulation also covers brokering and technical assistance. In France, the SBDU handles the applications.

Law of 9 December 1905: "The Republic neither recognises, nor pays, nor subsidises any religion" (article 2); article 19-3 makes religious associations declare benefits and resources from abroad above 15,300 euros a year (decree no. 2022-619 of 22 April 2022).

Law no. 2021-1109 of 24 August 2021 reinforcing respect for the principles of the Republic: an association asking a local authority for a subsidy signs a republican commitment contract (article 12); the subsidy is refused or withdrawn if it does not honour it.""",
        sources=[
            "cgct",
            "circular",
            "law_2024_850",
            "hatvp",
            "gdpr",
            "dual_use",
            "law_1905",
            "law_2021_1109",
        ],
    ),
]


def _clause(slug: str, order: int, **text: str) -> dict[str, Any]:
    return {"slug": slug, "order": order, **text}


CLAUSES: list[dict[str, Any]] = [
    _clause(
        "intellectual-property",
        10,
        topic_fr="Propriété intellectuelle",
        topic_en="Intellectual property",
        text_fr="Chaque partie reste propriétaire des connaissances, savoir-faire, données et droits de propriété intellectuelle qu'elle détenait avant la présente convention. Les résultats produits en commun font l'objet d'un accord écrit préalable à toute exploitation, publication ou cession. Aucune stipulation de la présente convention ne vaut licence ou transfert de technologie.",
        text_en="Each party remains the owner of the knowledge, know-how, data and intellectual property rights it held before this agreement. Results produced jointly are subject to a written agreement before any use, publication or assignment. Nothing in this agreement constitutes a licence or a transfer of technology.",
        note_fr="Évite qu'un échange technique devienne un transfert de savoir-faire sans décision du conseil.",
        note_en="Keeps a technical exchange from turning into a transfer of know-how without a council decision.",
    ),
    _clause(
        "confidentiality",
        20,
        topic_fr="Confidentialité",
        topic_en="Confidentiality",
        text_fr="Les informations désignées comme confidentielles par une partie ne peuvent être communiquées à un tiers, y compris à une autorité publique de l'autre partie, sans son accord écrit, sauf obligation légale dont la partie tenue informe l'autre sans délai.",
        text_en="Information designated as confidential by a party may not be disclosed to a third party, including a public authority of the other party, without its written consent, except under a legal obligation of which the bound party informs the other without delay.",
        note_fr="Vise les transmissions à des autorités du pays partenaire.",
        note_en="Covers disclosure to authorities of the partner's country.",
    ),
    _clause(
        "data",
        30,
        topic_fr="Hébergement et transfert des données",
        topic_en="Data hosting and transfers",
        text_fr="Les données à caractère personnel traitées pour l'exécution de la présente convention sont hébergées dans l'Union européenne. Tout transfert hors de l'Union n'a lieu que dans les conditions du chapitre V du règlement (UE) 2016/679, après accord écrit de la commune.",
        text_en="Personal data processed to carry out this agreement are hosted in the European Union. Any transfer outside the Union takes place only under the conditions of Chapter V of Regulation (EU) 2016/679, after the municipality's written consent.",
        note_fr="Le RGPD (articles 44 à 49) s'applique à la commune, responsable du traitement.",
        note_en="The GDPR (articles 44 to 49) binds the municipality as controller.",
    ),
    _clause(
        "communication",
        40,
        topic_fr="Communication et usage des logos",
        topic_en="Communication and use of logos",
        text_fr="Aucune partie n'utilise le nom, le logo, les armoiries ou l'image des élus de l'autre partie sans son accord écrit préalable pour chaque usage. Les communiqués communs sont validés par écrit par les deux parties.",
        text_en="Neither party uses the name, logo, coat of arms or the image of the other party's elected officials without its prior written consent for each use. Joint statements are approved in writing by both parties.",
        note_fr="Réduit le risque d'une communication détournée à des fins de propagande.",
        note_en="Limits the risk of a statement being turned into propaganda.",
    ),
    _clause(
        "neutrality",
        50,
        topic_fr="Neutralité sur les revendications territoriales",
        topic_en="Neutrality on territorial claims",
        text_fr="La présente convention ne vaut prise de position d'aucune partie sur le statut d'un territoire ni sur une revendication territoriale. Elle est conclue dans le respect des engagements internationaux de la France.",
        text_en="This agreement does not express any party's position on the status of a territory or on a territorial claim. It is concluded in accordance with France's international commitments.",
        note_fr="La circulaire du 24 mai 2018 interdit tout lien avec des autorités d'un cadre institutionnel non reconnu par la France : cette clause ne couvre pas ce cas, qui reste interdit.",
        note_en="The circular of 24 May 2018 forbids any tie with authorities of an institutional framework France does not recognise: this clause does not cover that case, which stays forbidden.",
    ),
    _clause(
        "suspension-exit",
        60,
        topic_fr="Suspension et sortie",
        topic_en="Suspension and exit",
        text_fr="Chaque partie peut suspendre l'exécution de la présente convention avec effet immédiat, par notification écrite, si sa poursuite est contraire à ses obligations légales ou aux engagements internationaux de son État, et la résilier moyennant un préavis de trois mois. Les obligations de confidentialité et de protection des données survivent à la fin de la convention.",
        text_en="Each party may suspend this agreement with immediate effect, by written notice, where continuing it would breach its legal obligations or its State's international commitments, and terminate it with three months' notice. Confidentiality and data-protection obligations survive the end of the agreement.",
        note_fr="Permet de suspendre sans attendre la fin du préavis.",
        note_en="Allows a suspension without waiting for the notice period.",
    ),
    _clause(
        "gifts",
        70,
        topic_fr="Cadeaux et invitations",
        topic_en="Gifts and hospitality",
        text_fr="Les cadeaux, invitations et prises en charge offerts aux élus et agents d'une partie sont d'une valeur symbolique, déclarés à la partie concernée et inscrits dans un registre tenu par elle.",
        text_en="Gifts, invitations and hospitality offered to a party's elected officials and staff are of symbolic value, declared to that party and entered in a register it keeps.",
        note_fr="Un voyage tous frais payés est un signal d'alerte classique.",
        note_en="An all-expenses-paid trip is a classic red flag.",
    ),
    _clause(
        "funders",
        80,
        topic_fr="Transparence des financeurs",
        topic_en="Disclosure of funders",
        text_fr="Chaque partie déclare à l'autre, avant la signature puis à chaque changement, les personnes publiques ou privées qui financent les actions prévues ou qui la contrôlent, y compris lorsqu'il s'agit d'une puissance étrangère ou d'une entité qu'elle dirige ou finance.",
        text_en="Each party discloses to the other, before signature and upon each change, the public or private persons that fund the planned actions or control it, including where this is a foreign power or an entity it runs or funds.",
        note_fr="Recoupe les notions de la loi n° 2024-850 (mandant étranger) ; vérifiez aussi le répertoire de la HATVP.",
        note_en="Matches the notions of law no. 2024-850 (foreign principal); also check the HATVP register.",
    ),
]


def _term(slug: str, term: str, **text: str) -> dict[str, Any]:
    return {"slug": slug, "term": term, **text}


GLOSSARY: list[dict[str, Any]] = [
    _term(
        "zrr",
        "ZRR",
        expansion_fr="Zone à régime restrictif",
        expansion_en="Restricted-access zone",
        definition_fr="Zone d'un établissement, protégée au titre de la PPST, dont l'accès physique ou informatique est soumis à autorisation.",
        definition_en="An area of an establishment, protected under the PPST, whose physical or computer access requires an authorisation.",
        source_title="SGDSN, PPST — foire aux questions",
        source_url=PPST_FAQ,
    ),
    _term(
        "ppst",
        "PPST",
        expansion_fr="Protection du potentiel scientifique et technique de la nation",
        expansion_en="Protection of the nation's scientific and technical potential",
        definition_fr="Dispositif interministériel qui protège l'accès aux savoirs, savoir-faire et technologies sensibles des établissements publics et privés, notamment par les ZRR.",
        definition_en="The inter-ministerial scheme protecting access to sensitive knowledge, know-how and technologies of public and private establishments, notably through ZRRs.",
        source_title="SGDSN, PPST — foire aux questions",
        source_url=PPST_FAQ,
    ),
    _term(
        "fsd",
        "FSD",
        expansion_fr="Fonctionnaire de sécurité et de défense",
        expansion_en="Security and defence officer",
        definition_fr="Dans un organisme de recherche ou une université, la personne chargée de la protection du patrimoine scientifique : accueil de chercheurs étrangers, missions à l'étranger, coopérations.",
        definition_en="In a research body or university, the person in charge of protecting its scientific assets: hosting foreign researchers, missions abroad, cooperation.",
    ),
    _term(
        "sbdu",
        "SBDU",
        expansion_fr="Service des biens à double usage",
        expansion_en="Dual-use goods service",
        definition_fr="Service de la direction générale des entreprises qui instruit les demandes d'autorisation d'exporter les biens à double usage.",
        definition_en="The service of the Directorate-General for Enterprise that handles applications to export dual-use items.",
        source_title="DGE, le règlement européen sur les biens à double usage",
        source_url=SBDU,
    ),
    _term(
        "bdu",
        "BDU",
        expansion_fr="Biens à double usage",
        expansion_en="Dual-use items",
        definition_fr="Produits, logiciels et technologies susceptibles d'un usage tant civil que militaire ; leur exportation hors de l'Union est encadrée par le règlement (UE) 2021/821.",
        definition_en="Goods, software and technologies that can be used for both civil and military purposes; their export out of the Union is governed by Regulation (EU) 2021/821.",
        source_title="DGE, le règlement européen sur les biens à double usage",
        source_url=SBDU,
    ),
    _term(
        "fimi",
        "FIMI",
        expansion_fr="Manipulation de l'information et ingérence étrangères",
        expansion_en="Foreign information manipulation and interference",
        definition_fr="Comportements d'acteurs étrangers, étatiques ou non, qui manipulent l'information de manière intentionnelle et coordonnée pour peser sur le débat public ou les décisions.",
        definition_en="Conduct of foreign actors, state or not, who manipulate information intentionally and in a coordinated way to sway public debate or decisions.",
    ),
    _term(
        "cncd",
        "CNCD",
        expansion_fr="Commission nationale de la coopération décentralisée",
        expansion_en="National commission for decentralised cooperation",
        definition_fr="Instance prévue par l'article L1115-6 du CGCT : elle établit et tient à jour l'état de l'action extérieure des collectivités et favorise la coordination avec l'État.",
        definition_en="The body set up by article L1115-6 CGCT: it keeps the survey of local authorities' external action and fosters coordination with the State.",
        source_title="Code général des collectivités territoriales",
        source_url=CGCT_CHAPTER,
    ),
    _term(
        "daect",
        "DAECT",
        expansion_fr="Délégation pour l'action extérieure des collectivités territoriales",
        expansion_en="Delegation for the external action of local authorities",
        definition_fr="Service du ministère de l'Europe et des Affaires étrangères qui accompagne l'action extérieure des collectivités ; il a fait élaborer le guide juridique de la CNCD.",
        definition_en="The Ministry for Europe and Foreign Affairs' service supporting local authorities' external action; it commissioned the CNCD's legal guide.",
    ),
    _term(
        "hatvp",
        "HATVP",
        expansion_fr="Haute Autorité pour la transparence de la vie publique",
        expansion_en="High Authority for transparency in public life",
        definition_fr="Autorité qui tient, depuis la loi n° 2024-850, le répertoire de l'influence étrangère.",
        definition_en="The authority that keeps, since law no. 2024-850, the foreign-influence register.",
        source_title="HATVP, le répertoire de l'influence étrangère",
        source_url=HATVP_REGISTER,
    ),
    _term(
        "cer",
        "CER",
        expansion_fr="Contrat d'engagement républicain",
        expansion_en="Republican commitment contract",
        definition_fr="Engagement souscrit par une association ou une fondation qui demande une subvention publique (loi n° 2021-1109, article 12) : respect des principes de la République, de la laïcité et de l'ordre public.",
        definition_en="The commitment an association or foundation signs when asking for a public subsidy (law no. 2021-1109, article 12): respect for the principles of the Republic, secularism and public order.",
    ),
    _term(
        "disse",
        "DISSE",
        expansion_fr="Délégué à l'information stratégique et à la sécurité économiques",
        expansion_en="Delegate for strategic information and economic security",
        definition_fr="Dans chaque région, sous l'autorité du préfet de région, il coordonne la politique de sécurité économique et peut être saisi d'une approche visant une entreprise ou un laboratoire.",
        definition_en="In each region, under the regional prefect, coordinates economic-security policy and can be told of an approach aimed at a company or laboratory.",
    ),
    _term(
        "rgpd",
        "RGPD",
        expansion_fr="Règlement général sur la protection des données",
        expansion_en="General Data Protection Regulation (GDPR)",
        definition_fr="Règlement (UE) 2016/679 ; son chapitre V (articles 44 à 50) encadre les transferts de données personnelles hors de l'Union.",
        definition_en="Regulation (EU) 2016/679; its Chapter V (articles 44 to 50) governs transfers of personal data outside the Union.",
        source_url=GDPR,
        source_title="Règlement (UE) 2016/679",
    ),
]


CHECKLIST: list[dict[str, Any]] = [
    {
        "code": "partner_identified",
        "label_fr": "Partenaire identifié : forme, propriétaires, financeurs, dirigeants",
        "label_en": "Partner identified: legal form, owners, funders, leaders",
        "page": "checklist",
    },
    {
        "code": "not_foreign_state",
        "label_fr": "Le partenaire est une autorité locale, pas un État étranger (CGCT L1115-5), d'un territoire reconnu par la France",
        "label_en": "The partner is a local authority, not a foreign State (CGCT L1115-5), of a territory France recognises",
        "page": "texts",
    },
    {
        "code": "diagnostic_approved",
        "label_fr": "Diagnostic des trois risques approuvé, et soumis au ministère s'il dépasse la tolérance",
        "label_en": "Diagnostic of the three risks approved, and referred to the ministry if it crosses the tolerance",
        "page": "checklist",
    },
    {
        "code": "clauses",
        "label_fr": "Clauses types reprises dans la convention",
        "label_en": "Model clauses included in the convention",
        "page": "clauses",
    },
    {
        "code": "data_transfers",
        "label_fr": "Transferts de données personnelles hors de l'Union vérifiés (RGPD, chapitre V)",
        "label_en": "Transfers of personal data outside the Union checked (GDPR, Chapter V)",
        "page": "texts",
    },
    {
        "code": "dual_use",
        "label_fr": "Savoir-faire et technologies : régime des biens à double usage vérifié avec le SBDU si besoin",
        "label_en": "Know-how and technologies: dual-use rules checked with the SBDU where needed",
        "page": "texts",
    },
    {
        "code": "influence_register",
        "label_fr": "Intermédiaires vérifiés dans le répertoire de l'influence étrangère (HATVP)",
        "label_en": "Intermediaries checked in the foreign-influence register (HATVP)",
        "page": "contacts",
    },
    {
        "code": "communication_plan",
        "label_fr": "Communication commune et usage des logos convenus par écrit",
        "label_en": "Joint communication and use of logos agreed in writing",
        "page": "clauses",
    },
    {
        "code": "deliberation",
        "label_fr": "Délibération du conseil municipal adoptée",
        "label_en": "Council deliberation adopted",
        "document": "deliberation",
        "page": "prefect-kit",
    },
    {
        "code": "prefect_transmission",
        "label_fr": "Convention et délibération transmises au préfet (contrôle de légalité)",
        "label_en": "Convention and deliberation sent to the prefect (review of legality)",
        "document": "prefect_receipt",
        "page": "prefect-kit",
    },
]


def load(apps: Any) -> None:
    """Create the shipped content (idempotent: existing slugs and codes are left as staff
    edited them)."""
    page_model = apps.get_model("guidance", "GuidePage")
    source_model = apps.get_model("guidance", "Source")
    clause_model = apps.get_model("guidance", "ModelClause")
    term_model = apps.get_model("guidance", "GlossaryTerm")
    item_model = apps.get_model("guidance", "ChecklistItem")
    pages = {}
    for data in PAGES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "sources")}
        page, created = page_model.objects.get_or_create(slug=data["slug"], defaults=fields)
        pages[data["slug"]] = page
        if created:
            for order, key in enumerate(data["sources"]):
                source = SOURCES[key]
                source_model.objects.create(
                    page=page,
                    issuer=source["issuer"],
                    title=source["title"],
                    published_on=source.get("date"),
                    url=source.get("url", ""),
                    order=order,
                )
    for data in CLAUSES:
        fields = {k: v for k, v in data.items() if k != "slug"}
        clause_model.objects.get_or_create(slug=data["slug"], defaults=fields)
    for data in GLOSSARY:
        fields = {k: v for k, v in data.items() if k != "slug"}
        term_model.objects.get_or_create(slug=data["slug"], defaults=fields)
    for order, data in enumerate(CHECKLIST):
        item_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "order": (order + 1) * 10,
                "label_fr": data["label_fr"],
                "label_en": data["label_en"],
                "document": data.get("document", ""),
                "guide_page": pages.get(data["page"]),
            },
        )
