# ruff: noqa: E501 - prose of the shipped content, one paragraph a line
"""The first three training modules and their quizzes, shipped by a data migration."""

from __future__ import annotations

from typing import Any


def _q(text_fr: str, text_en: str, choices_fr: list[str], choices_en: list[str], correct: int,
       explanation_fr: str, explanation_en: str) -> dict[str, Any]:  # fmt: skip
    return {
        "text_fr": text_fr,
        "text_en": text_en,
        "choices_fr": choices_fr,
        "choices_en": choices_en,
        "correct": correct,
        "explanation_fr": explanation_fr,
        "explanation_en": explanation_en,
    }


CALL_FR = [
    "Le correspondant du ministère ou le conseiller diplomatique de la préfecture",
    "Le partenaire lui-même, pour lui demander s'il y a un problème",
    "Personne : c'est une affaire interne",
]
CALL_EN = [
    "The ministry liaison or the prefecture's diplomatic adviser",
    "The partner itself, to ask whether there is a problem",
    "Nobody: it is an internal matter",
]

MODULES: list[dict[str, Any]] = [
    {
        "slug": "officers",
        "audience": "officers",
        "order": 10,
        "title_fr": "Agents des relations internationales : les trois risques d'un partenariat",
        "title_en": "International-relations officers: the three risks of a partnership",
        "body_fr": """Un partenariat international expose la commune à trois risques. La captation de propriété intellectuelle et de savoir-faire : un partenaire qui vise un laboratoire, une entreprise ou un service du territoire. La désinformation : une campagne qui détourne l'image de la commune ou de ses élus. L'importation de conflits : un partenariat qui ravive une tension entre communautés du territoire.

Avant de signer : identifiez le partenaire, menez le diagnostic, reprenez les clauses types, faites délibérer le conseil et transmettez la convention au préfet. Une collectivité ne conclut pas de convention avec un État étranger (CGCT L1115-5) ni avec une autorité d'un territoire que la France ne reconnaît pas.

Signaux d'alerte : une approche à froid, une offre trop belle, un usage final flou, des financeurs cachés, une demande d'accès à des données ou à un laboratoire, une insistance pour communiquer vite et ensemble.""",
        "body_en": """An international partnership exposes the municipality to three risks. Capture of intellectual property and know-how: a partner targeting a laboratory, a company or a service of the territory. Disinformation: a campaign that hijacks the image of the municipality or its officials. Imported conflicts: a partnership that revives tension between communities of the territory.

Before signing: identify the partner, run the diagnostic, use the model clauses, have the council deliberate and send the convention to the prefect. A local authority does not sign a convention with a foreign State (CGCT L1115-5) nor with an authority of a territory France does not recognise.

Red flags: a cold approach, an offer too good to be true, an unclear end use, hidden funders, a request for access to data or a laboratory, pressure to communicate quickly and jointly.""",
        "examples_fr": "Une « association d'amitié » propose de financer un voyage d'élus et demande en retour une visite du technopôle. Une ville étrangère souhaite signer une charte et fournit un texte qui reprend la position de son gouvernement sur un territoire disputé.",
        "examples_en": 'A "friendship association" offers to pay for a trip of elected officials and asks in return for a visit of the science park. A foreign city wants to sign a charter and supplies a text repeating its government\'s position on a disputed territory.',
        "questions": [
            _q(
                "Une commune peut-elle signer une convention avec un État étranger ?",
                "May a municipality sign a convention with a foreign State?",
                [
                    "Oui, librement",
                    "Non, sauf les exceptions de l'article L1115-5 du CGCT",
                    "Oui, si le conseil l'approuve",
                ],
                [
                    "Yes, freely",
                    "No, except the exceptions of article L1115-5 CGCT",
                    "Yes, if the council approves it",
                ],
                1,
                "L'article L1115-5 du CGCT interdit la convention avec un État étranger, sauf les cas prévus par la loi et certains groupements de coopération autorisés par le préfet.",
                "Article L1115-5 CGCT forbids a convention with a foreign State, except the cases provided by law and some cooperation groupings authorised by the prefect.",
            ),
            _q(
                "Quand une convention de l'article L1115-1 entre-t-elle en vigueur ?",
                "When does a convention under article L1115-1 come into force?",
                [
                    "À sa signature",
                    "Dès sa transmission au représentant de l'État",
                    "Après l'avis du ministère",
                ],
                [
                    "When it is signed",
                    "As soon as it is sent to the State's representative",
                    "After the ministry's opinion",
                ],
                1,
                "L'article L1115-1 la fait entrer en vigueur dès sa transmission au représentant de l'État.",
                "Article L1115-1 brings it into force as soon as it is sent to the State's representative.",
            ),
            _q(
                "Lequel de ces éléments est un signal d'alerte ?",
                "Which of these is a red flag?",
                [
                    "Un partenaire qui demande l'accès à un laboratoire sans usage final clair",
                    "Un partenaire qui propose un calendrier",
                    "Un partenaire qui publie ses comptes",
                ],
                [
                    "A partner asking for access to a laboratory with no clear end use",
                    "A partner proposing a timetable",
                    "A partner publishing its accounts",
                ],
                0,
                "Un usage final flou et une demande d'accès à un site sensible sont des signaux classiques de captation.",
                "An unclear end use and a request for access to a sensitive site are classic signs of capture.",
            ),
            _q(
                "Des données personnelles doivent partir chez le partenaire hors de l'Union. Que vérifier ?",
                "Personal data are to go to the partner outside the Union. What do you check?",
                [
                    "Rien, si le partenaire est public",
                    "Les conditions du chapitre V du RGPD",
                    "Seulement l'accord du maire",
                ],
                [
                    "Nothing, if the partner is public",
                    "The conditions of Chapter V of the GDPR",
                    "Only the mayor's consent",
                ],
                1,
                "Les transferts hors de l'Union ne sont possibles que dans les conditions des articles 44 à 49 du RGPD.",
                "Transfers outside the Union are possible only under the conditions of articles 44 to 49 of the GDPR.",
            ),
            _q(
                "Qui appeler si un partenaire ou un pays vous inquiète ?",
                "Whom do you call when a partner or a country worries you?",
                CALL_FR,
                CALL_EN,
                0,
                "Le conseiller diplomatique de la préfecture et le correspondant du ministère sont là pour cela ; la DAECT pour le cadre juridique.",
                "The prefecture's diplomatic adviser and the ministry liaison are there for that; the DAECT for the legal framework.",
            ),
        ],
    },
    {
        "slug": "elected",
        "audience": "elected",
        "order": 20,
        "title_fr": "Élus : décider en connaissance de cause",
        "title_en": "Elected officials: deciding with open eyes",
        "body_fr": """Le conseil municipal délibère sur les partenariats ; le maire signe. Le rapport de CityDiplo vous présente le diagnostic des trois risques, l'avis éventuel du ministère et la liste de vérification avant signature.

Les élus sont une cible : invitations tous frais payés, demandes de déclarations communes, photos réutilisées dans une campagne. La loi n° 2024-850 oblige les personnes qui agissent pour le compte d'une puissance étrangère à se déclarer au répertoire de l'influence étrangère de la HATVP, y compris lorsqu'elles approchent des élus locaux.

Une subvention à une association passe par un contrat d'engagement républicain (loi n° 2021-1109) ; la République ne subventionne aucun culte (loi de 1905, article 2).""",
        "body_en": """The council deliberates on partnerships; the mayor signs. CityDiplo's report gives you the diagnostic of the three risks, the ministry's opinion if any, and the checklist before signing.

Elected officials are targets: all-expenses-paid invitations, requests for joint statements, photos reused in a campaign. Law no. 2024-850 makes people acting for a foreign power register in the HATVP's foreign-influence register, including when they approach local elected officials.

A subsidy to an association goes with a republican commitment contract (law no. 2021-1109); the Republic subsidises no religion (law of 1905, article 2).""",
        "examples_fr": "Un élu reçoit une invitation à un « forum des villes amies » tous frais payés ; sa photo avec un responsable étranger est ensuite diffusée avec une légende qui lui prête un soutien politique.",
        "examples_en": 'An official is invited to an all-expenses-paid "forum of friendly cities"; a photo with a foreign official is then spread with a caption claiming political support.',
        "questions": [
            _q(
                "Qui doit s'inscrire au répertoire de l'influence étrangère de la HATVP ?",
                "Who must register in the HATVP's foreign-influence register?",
                [
                    "Tout étranger en visite",
                    "Les personnes qui agissent pour le compte d'un mandant étranger pour influer sur la décision publique",
                    "Les élus qui voyagent",
                ],
                [
                    "Any foreign visitor",
                    "People acting for a foreign principal to influence public decisions",
                    "Officials who travel",
                ],
                1,
                "La loi n° 2024-850 vise les personnes agissant pour le compte d'un mandant étranger, hors Union européenne.",
                "Law no. 2024-850 covers people acting for a foreign principal outside the European Union.",
            ),
            _q(
                "Une invitation tous frais payés par une entité étrangère est :",
                "An all-expenses-paid invitation from a foreign entity is:",
                [
                    "Un signal d'alerte à déclarer",
                    "Une pratique sans risque",
                    "Une obligation protocolaire",
                ],
                ["A red flag to declare", "A risk-free practice", "A protocol obligation"],
                0,
                "Les cadeaux et invitations doivent rester symboliques et déclarés ; voir la clause type « cadeaux ».",
                'Gifts and invitations must stay symbolic and declared; see the "gifts" model clause.',
            ),
            _q(
                "Que doit souscrire une association qui demande une subvention à la commune ?",
                "What must an association asking the municipality for a subsidy sign?",
                ["Un contrat d'engagement républicain", "Une convention L1115-1", "Rien"],
                ["A republican commitment contract", "An L1115-1 convention", "Nothing"],
                0,
                "L'article 12 de la loi n° 2021-1109 impose le contrat d'engagement républicain.",
                "Article 12 of law no. 2021-1109 requires the republican commitment contract.",
            ),
            _q(
                "Une ville partenaire propose une charte qui prend parti sur un territoire disputé. Que faire ?",
                "A partner city proposes a charter that takes sides on a disputed territory. What do you do?",
                [
                    "Signer, c'est symbolique",
                    "Refuser ce texte et consulter la préfecture",
                    "Signer sans délibération",
                ],
                [
                    "Sign, it is symbolic",
                    "Refuse that text and consult the prefecture",
                    "Sign without a deliberation",
                ],
                1,
                "L'action extérieure respecte les engagements internationaux de la France ; la circulaire du 24 mai 2018 l'applique aux territoires non reconnus.",
                "External action respects France's international commitments; the circular of 24 May 2018 applies this to territories France does not recognise.",
            ),
            _q(
                "Qui appeler si vous êtes approché de façon inhabituelle ?",
                "Whom do you call if you are approached in an unusual way?",
                CALL_FR,
                CALL_EN,
                0,
                "Signalez l'approche au correspondant du ministère ou à la préfecture, et faites-la enregistrer comme incident.",
                "Report the approach to the ministry liaison or the prefecture, and have it recorded as an incident.",
            ),
        ],
    },
    {
        "slug": "staff",
        "audience": "staff",
        "order": 30,
        "title_fr": "Agents des autres services : reconnaître et signaler",
        "title_en": "Staff of other departments: spot it and report it",
        "body_fr": """Les approches ne passent pas toujours par le service des relations internationales : un courriel au service informatique, une visite au service de l'eau, un stand lors d'un événement, un faux compte au nom de la mairie.

Reconnaître : une demande de données, de plans ou d'accès hors du cadre habituel ; une offre de matériel ou de logiciel gratuit ; une usurpation de l'identité de la commune ou de ses élus sur les réseaux ; une tension entre communautés autour d'un partenariat.

Signaler : prévenez votre hiérarchie et le service des relations internationales, qui enregistre l'incident dans CityDiplo avec les preuves (captures, courriels) et peut l'envoyer au ministère.""",
        "body_en": """Approaches do not always go through the international department: an e-mail to IT, a visit to the water service, a stand at an event, a fake account in the town hall's name.

Spot: a request for data, plans or access outside the usual frame; an offer of free equipment or software; impersonation of the municipality or its officials online; tension between communities around a partnership.

Report: tell your line manager and the international department, which records the incident in CityDiplo with the evidence (screenshots, e-mails) and can send it to the ministry.""",
        "examples_fr": "Un « partenaire » propose d'équiper gratuitement les écoles en caméras connectées hébergées hors de l'Union. Un faux compte de la mairie publie un communiqué de soutien à un gouvernement étranger.",
        "examples_en": 'A "partner" offers to equip the schools for free with connected cameras hosted outside the Union. A fake town-hall account posts a statement of support for a foreign government.',
        "questions": [
            _q(
                "Un inconnu demande les plans du réseau d'eau « pour un projet commun ». Vous :",
                'A stranger asks for the plans of the water network "for a joint project". You:',
                ["Les envoyez", "Refusez et signalez la demande", "Les publiez"],
                ["Send them", "Refuse and report the request", "Publish them"],
                1,
                "Une demande de données sensibles hors du cadre habituel se signale.",
                "A request for sensitive data outside the usual frame is to be reported.",
            ),
            _q(
                "Un faux compte au nom de la mairie publie un message politique. C'est :",
                "A fake town-hall account posts a political message. This is:",
                [
                    "Une usurpation à enregistrer comme incident",
                    "Sans importance",
                    "Une erreur du service communication",
                ],
                [
                    "An impersonation to record as an incident",
                    "Of no importance",
                    "A mistake of the communication department",
                ],
                0,
                "L'usurpation de l'identité de la commune est un type d'incident du registre ; gardez des captures comme preuves.",
                "Impersonating the municipality is a kind of incident of the log; keep screenshots as evidence.",
            ),
            _q(
                "Du matériel connecté gratuit hébergé hors de l'Union pose d'abord une question de :",
                "Free connected equipment hosted outside the Union first raises a question of:",
                ["Couleur", "Transfert de données (RGPD, chapitre V)", "Garantie"],
                ["Colour", "Data transfer (GDPR, Chapter V)", "Warranty"],
                1,
                "Les données collectées partiraient hors de l'Union : chapitre V du RGPD.",
                "The collected data would leave the Union: Chapter V of the GDPR.",
            ),
            _q(
                "Qui enregistre l'incident dans CityDiplo ?",
                "Who records the incident in CityDiplo?",
                ["Le service des relations internationales", "Le partenaire", "Personne"],
                ["The international department", "The partner", "Nobody"],
                0,
                "Les agents et responsables de la commune enregistrent l'incident et peuvent l'envoyer au ministère.",
                "The municipality's officers and managers record the incident and can send it to the ministry.",
            ),
            _q(
                "Qui appeler pour une approche qui vise une entreprise du territoire ?",
                "Whom do you call about an approach aimed at a local company?",
                [
                    "Le délégué régional à l'information stratégique et à la sécurité économiques (DISSE)",
                    "Le partenaire",
                    "Personne",
                ],
                [
                    "The regional delegate for strategic information and economic security (DISSE)",
                    "The partner",
                    "Nobody",
                ],
                0,
                "Le DISSE, auprès du préfet de région, coordonne la sécurité économique.",
                "The DISSE, beside the regional prefect, coordinates economic security.",
            ),
        ],
    },
]


def load(apps: Any) -> None:
    """Create the shipped modules (existing slugs are left as staff edited them)."""
    module_model = apps.get_model("guidance", "TrainingModule")
    question_model = apps.get_model("guidance", "QuizQuestion")
    for data in MODULES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "questions")}
        module, created = module_model.objects.get_or_create(slug=data["slug"], defaults=fields)
        if created:
            for order, question in enumerate(data["questions"]):
                question_model.objects.create(module=module, order=order, **question)
