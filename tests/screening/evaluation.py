"""A made-up evaluation set for the matcher: listed entries, and names screened against them.

Positives cover each variation the matcher must absorb (transliteration, word order, legal
forms, aliases, diacritics, missing middle names, native scripts); negatives are the names
a naive fuzzy matcher flags (a shared city, a shared surname, a common phrase, the same name
in another country). None of these entries is a real listed person or body.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.screening.files import Made

ENTRIES = [
    Made(
        "P1",
        "Volkov",
        kind="person",
        first_name="Ivan Sergeyevich",
        aliases=["Иван Сергеевич Волков"],
        countries=["RU"],
    ),
    Made(
        "P2",
        "Karimi",
        kind="person",
        first_name="Mohammad Reza",
        aliases=["محمد رضا کریمی"],
        countries=["IR"],
    ),
    Made(
        "P3",
        "al-Tikriti",
        kind="person",
        first_name="Ali Hassan",
        aliases=["علي حسن التكريتي", "Abu Hassan"],
        countries=["SY"],
    ),
    Made("P4", "Kim", kind="person", first_name="Song Chol", aliases=["김성철"], countries=["KP"]),
    Made("P5", "Zhang", kind="person", first_name="Weiming", aliases=["张伟明"], countries=["CN"]),
    Made(
        "P6",
        "Petrenko",
        kind="person",
        first_name="Aleksandr Nikolaevich",
        aliases=["Александр Николаевич Петренко"],
        countries=["BY"],
    ),
    Made("P7", "Rodríguez Ortega", kind="person", first_name="José Luis", countries=["VE"]),
    Made("P8", "Müller", kind="person", first_name="Hans-Jürgen", countries=["DE"]),
    Made("P9", "Öztürk", kind="person", first_name="Mehmet Yılmaz", countries=["TR"]),
    Made(
        "O1",
        "Harbin Example Polytechnic University",
        aliases=["哈尔滨示例理工大学", "HEPU"],
        countries=["CN"],
    ),
    Made(
        "O2",
        "OOO Zvezda Trading",
        aliases=["ООО Звезда Трейдинг", "Zvezda Trade House"],
        countries=["RU"],
    ),
    Made(
        "O3",
        "Shenzhen Longhua Electronics Co., Ltd.",
        aliases=["深圳龙华电子有限公司"],
        countries=["CN"],
    ),
    Made("O4", "Pars Aria Industrial Group", aliases=["گروه صنعتی پارس آریا"], countries=["IR"]),
    Made(
        "O5",
        "AO Kontsern Almaz",
        aliases=["АО Концерн Алмаз", "Almaz Concern JSC"],
        countries=["RU"],
    ),
    Made(
        "O6",
        "Al-Nour Foundation for Development",
        aliases=["مؤسسة النور للتنمية"],
        countries=["SY"],
    ),
    Made("O7", "Eastern Star Shipping LLC", countries=["AE"]),
    Made(
        "O8",
        "Minsk Precision Instruments Plant OJSC",
        aliases=["ОАО Минский завод точных приборов"],
        countries=["BY"],
    ),
    Made("O9", "Korea Ryongbong General Corporation", countries=["KP"]),
    Made("O10", "Société Méditerranéenne d'Import-Export SARL", countries=["AE"]),
    Made("V1", "Ocean Pearl", kind="vessel", countries=["IR"]),
]


@dataclass(frozen=True)
class Case:
    name: str
    expected: str | None  # the entry id it must find, None when it must find nothing
    aliases: tuple[str, ...] = ()
    country: str = ""
    why: str = ""


CASES = [
    # Positives
    Case("Ivan Sergeyevich Volkov", "P1", why="exact"),
    Case("Ivan Volkov", "P1", why="missing middle name"),
    Case("Volkov Ivan Sergeevich", "P1", why="word order and transliteration"),
    Case("Иван Волков", "P1", why="Cyrillic"),
    Case("VOLKOV, Ivan", "P1", why="list order with comma"),
    Case("Mohammad Reza Karimi", "P2", country="IR", why="exact, same country"),
    Case("Mohammed Reza Karimi", "P2", why="transliteration"),
    Case("Karimi, Mohammad Reza", "P2", why="word order"),
    Case("محمد رضا کریمی", "P2", why="Persian script"),
    Case("Ali Hassan al-Tikriti", "P3", why="exact"),
    Case("Ali Hasan Al Tikriti", "P3", why="transliteration and punctuation"),
    Case("علي حسن التكريتي", "P3", why="Arabic script"),
    Case("Kim Song-chol", "P4", why="hyphenated given name"),
    Case("김성철", "P4", why="Korean script"),
    Case("Zhang Wei Ming", "P5", why="split given name"),
    Case("张伟明", "P5", why="Chinese script"),
    Case("Alexander Petrenko", "P6", why="transliteration, missing patronymic"),
    Case("Александр Петренко", "P6", why="Cyrillic, missing patronymic"),
    Case("Jose Luis Rodriguez Ortega", "P7", why="diacritics"),
    Case("Hans-Jurgen Muller", "P8", why="diacritics"),
    Case("Mehmet Yilmaz Ozturk", "P9", why="Turkish letters"),
    Case("Harbin Example Polytechnic University", "O1", why="exact"),
    Case("哈尔滨示例理工大学", "O1", why="Chinese script"),
    Case("Zvezda Trading LLC", "O2", why="legal form OOO / LLC"),
    Case("Zvezda Trading Limited Liability Company", "O2", why="legal form spelled out"),
    Case("ООО Звезда Трейдинг", "O2", why="Cyrillic with legal form"),
    Case("Partner", "O2", aliases=("Zvezda Trade House",), why="alias on both sides"),
    Case("Shenzhen Longhua Electronics Company Limited", "O3", why="Co., Ltd. spelled out"),
    Case("深圳龙华电子有限公司", "O3", why="Chinese script"),
    Case("Pars Aria Industrial Group", "O4", why="exact"),
    Case("JSC Kontsern Almaz", "O5", why="legal form AO / JSC"),
    Case("Концерн Алмаз", "O5", why="Cyrillic without legal form"),
    Case("Al Nour Foundation for Development", "O6", why="punctuation"),
    Case("Eastern Star Shipping L.L.C.", "O7", country="AE", why="legal form punctuation"),
    Case("Minsk Precision Instruments Plant", "O8", why="missing legal form"),
    Case("Ryongbong General Corporation", "O9", why="missing country word"),
    Case("Societe Mediterraneenne d'Import Export", "O10", why="accents and legal form"),
    Case("OCEAN PEARL", "V1", why="vessel, case"),
    Case("Muhammad Reza Karimi", "P2", why="transliteration of a given name"),
    Case("Karimi Mohammadreza", "P2", why="merged given names, word order"),
    Case("Mohammad Karimi", "P2", why="missing second given name"),
    Case("Ivan Wolkow", "P1", why="German transliteration"),
    Case("Aleksandr Nikolayevich Petrenko", "P6", why="patronymic transliteration"),
    Case("PARS-ARIA INDUSTRIAL GROUP LTD", "O4", why="case, hyphen, added legal form"),
    Case("Song Chol Kim", "P4", why="family name last"),
    Case("Tikriti Ali Hassan", "P3", country="SY", why="word order, same country"),
    # Hard negatives
    Case("Harbin Sister-City Association", None, why="shares only a city with a listed university"),
    Case("Association d'amitié Angers-Harbin", None, why="shares only a city"),
    Case("Sergei Volkov", None, why="same surname, another person"),
    Case("Ivan Petrov", None, why="same given name, another person"),
    Case("Reza Ahmadi", None, why="shares a common given name"),
    Case("Kim Jong Su", None, why="same surname, another person"),
    Case("Zhang Wei", None, country="CN", why="a shorter common name (one syllable less)"),
    Case("International Cooperation Agency", None, why="common phrase"),
    Case("Agence de coopération internationale", None, why="common phrase in French"),
    Case("Zvezda Football Club", None, why="shares one word with a listed company"),
    Case("Shenzhen Municipal People's Government", None, why="shares a city"),
    Case("Minsk City Executive Committee", None, why="shares a city"),
    Case("Almaz Dance School", None, why="shares one word"),
    Case("Eastern Star Shipping LLC", None, country="FR", why="same name, another country"),
    Case("Kim Song Chol", None, country="FR", why="same name, another country"),
    Case("Pearl River Trading", None, why="shares a word with a vessel"),
    Case("Development Foundation", None, why="generic words of a listed foundation"),
    Case("University of Harbin Alumni Friendship Society", None, why="shares a city and a word"),
    Case("Müller Bau GmbH", None, why="shares a surname with a listed person"),
]
