"""French elision and typography (citydiplo/french.py): pure functions, no database."""

import pytest
from django.template import Context, Template
from django.utils import translation

from citydiplo import french

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paris", "de Paris"),
        ("Orléans", "d'Orléans"),
        ("Exempleburg", "d'Exempleburg"),
        ("Amiens", "d'Amiens"),
        ("Isabelle Martin", "d'Isabelle Martin"),
        ("Ulm", "d'Ulm"),
        ("Officer One", "d'Officer One"),
        # accented capitals and ligatures
        ("Évry", "d'Évry"),
        ("Île-de-France", "d'Île-de-France"),
        ("Œuvre d'Orient", "d'Œuvre d'Orient"),
        ("Ávila", "d'Ávila"),
        ("Ürümqi", "d'Ürümqi"),
        ("ÉCOLE CENTRALE", "d'ÉCOLE CENTRALE"),
        # h muet elides
        ("Hérouville", "d'Hérouville"),
        ("Hyères", "d'Hyères"),
        ("Haïti", "d'Haïti"),
        ("Honfleur", "d'Honfleur"),
        # h aspiré does not
        ("Hambourg", "de Hambourg"),
        ("Hanovre", "de Hanovre"),
        ("Hongrie", "de Hongrie"),
        ("Hong Kong", "de Hong Kong"),
        ("Hollande", "de Hollande"),
        # y and "ou" sounding as consonants
        ("Yaoundé", "de Yaoundé"),
        ("York", "de York"),
        ("Ypres", "d'Ypres"),
        ("Ouagadougou", "de Ouagadougou"),
        ("Oullins", "d'Oullins"),
        # consonants, digits, nothing
        ("Brême", "de Brême"),
        ("1000 Lacs", "de 1000 Lacs"),
        ("« Amis »", "de « Amis »"),
    ],
)
def test_de_elides_before_a_vowel_sound(name: str, expected: str) -> None:
    assert french.de(name) == expected


@pytest.mark.parametrize(
    ("word", "masculine", "feminine"),
    [
        ("Havre", "le Havre", "la Havre"),
        ("Élysée", "l'Élysée", "l'Élysée"),
        ("Agence", "l'Agence", "l'Agence"),
        ("hôtel de ville", "l'hôtel de ville", "l'hôtel de ville"),
        ("Haute autorité", "le Haute autorité", "la Haute autorité"),
        ("Rochelle", "le Rochelle", "la Rochelle"),
        ("Œuvre", "l'Œuvre", "l'Œuvre"),
    ],
)
def test_le_and_la_elide_the_same_way(word: str, masculine: str, feminine: str) -> None:
    assert french.le(word) == masculine
    assert french.la(word) == feminine


def test_of_follows_the_active_language() -> None:
    with translation.override("fr"):
        assert french.of("Orléans") == "d'Orléans"
        assert french.of("Lyon") == "de Lyon"
    with translation.override("en"):
        assert french.of("Orléans") == "of Orléans"


def test_the_filters_render_in_a_template() -> None:
    template = Template(
        "{% load i18n french %}{{ a|de }} · {{ b|le }} · {{ c|la }} · "
        "{% blocktranslate with n=a|of %}x {{ n }}{% endblocktranslate %}"
    )
    with translation.override("fr"):
        text = template.render(Context({"a": "Orléans", "b": "Havre", "c": "Île"}))
    assert text == "d&#x27;Orléans · le Havre · l&#x27;Île · x d&#x27;Orléans"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Avis du ministère: vigilance", f"Avis du ministère{NBSP}: vigilance"),
        ("Avis : vigilance", f"Avis{NBSP}: vigilance"),
        ("Pourquoi ? Parce que !", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
        ("Vraiment?!", f"Vraiment{NNBSP}?!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("« Jumelage »", f"«{NBSP}Jumelage{NBSP}»"),
        ("«Jumelage»", f"«{NBSP}Jumelage{NBSP}»"),
        ("<p>Note:</p>", f"<p>Note{NBSP}:</p>"),
        ("<strong>Réponse :</strong> oui", f"<strong>Réponse{NBSP}:</strong> oui"),
        # already right: unchanged
        (f"Avis{NBSP}: vigilance", f"Avis{NBSP}: vigilance"),
    ],
)
def test_typography_adds_non_breaking_spaces(html: str, expected: str) -> None:
    assert french.typography(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/x?a=1&amp;b=2" title="Note: ici">lien</a>',
        '<input value="Pourquoi?" data-x="a;b">',
        "<script>if (a) { b(); } var c = d ? e : f;</script>",
        "<style>a { color: red; }</style>",
        "<pre>key: value ; x!</pre>",
        "<code>a: b;</code>",
        "<textarea>Note: texte libre !</textarea>",
        "Voir http://exemple.fr/page?x=1 et https://a.b/c:d",
        "Écrire à contact@exemple.fr",
        "Il est 10:30, la page?x=1",
        "l&#x27;État &amp; la commune&nbsp;",
        "<!-- a: b ? -->",
    ],
)
def test_typography_leaves_markup_code_and_addresses_alone(html: str) -> None:
    assert french.typography(html) == html


def test_typography_protects_the_exact_raw_content() -> None:
    raw = '<script nonce="x">var a = b ? c : d;</script><pre>a: b</pre>'
    assert french.typography(raw) == raw
    assert french.typography("Il est 10:30 ; voir la page?x=1") == (
        f"Il est 10:30{NNBSP}; voir la page?x=1"
    )
    assert french.typography("Voir http://exemple.fr/a:b !") == (
        f"Voir http://exemple.fr/a:b{NNBSP}!"
    )
