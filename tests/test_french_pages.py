"""What a French reader sees on the pages (and an English one on theirs): typographic spaces,
elision before names, number grouping, alphabetical order, sources and file names in French,
British dates in English."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import User
from citydiplo import collation
from municipalities.models import Municipality
from partners.models import Country
from risks import actions
from risks.models import Question
from risks.sources import FRENCH
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"


def visible_text(response: object) -> str:
    """The page's text as read on screen: no tags, no scripts, references decoded."""
    body = response.content.decode()  # type: ignore[attr-defined]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def in_english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_french_pages_carry_non_breaking_spaces_and_scripts_stay_as_written(
    martha_client: Client, town_a: Municipality
) -> None:
    partnership = make_partnership(town_a, title="Jumelage « solidaire »")
    response = martha_client.get(partnership.get_absolute_url())
    body = response.content.decode()
    text = visible_text(response)
    assert f"«{NBSP}solidaire{NBSP}»" in text
    assert re.search(f"\\w{NBSP}:", text)
    # no sign after an ordinary space, none glued to its word, in the text of the page
    assert not re.search(r"[\w ][;:!?»](?=\s)", text.replace("://", ""))
    assert int(response["Content-Length"]) == len(response.content)
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", body, flags=re.S):
        assert NBSP not in script and NNBSP not in script


def test_english_pages_are_left_as_written(martha_client: Client, town_a: Municipality) -> None:
    partnership = make_partnership(town_a, title="Twinning « solidarity »")
    text = visible_text(in_english(martha_client).get(partnership.get_absolute_url()))
    assert "Twinning « solidarity »" in text
    assert NNBSP not in text and f"{NBSP}:" not in text


def test_a_name_after_de_is_elided_on_the_pages(martha: User, town_a: Municipality) -> None:
    town_a.name = "Orléans"
    town_a.save()
    client = Client()
    client.force_login(martha)
    assert "Membres d'Orléans" in visible_text(client.get(reverse("municipalities:members")))
    assert "Paramètres d'Orléans" in visible_text(client.get(reverse("municipalities:settings")))
    english = visible_text(in_english(client).get(reverse("municipalities:members")))
    assert "Members of Orléans" in english


def test_money_is_grouped_the_french_way(martha_client: Client, town_a: Municipality) -> None:
    partnership = make_partnership(town_a, budget=Decimal("150000"))
    url = partnership.get_absolute_url()
    assert f"150{NBSP}000,00{NBSP}€" in visible_text(martha_client.get(url))
    assert "150,000.00" in visible_text(in_english(martha_client).get(url))


def test_countries_are_offered_in_french_alphabetical_order(martha_client: Client) -> None:
    body = martha_client.get(reverse("partners:partner_create")).content.decode()
    names = [html.unescape(n) for n in re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)<', body)]
    assert len(names) > 200

    def position(name: str) -> int:
        return names.index(name)

    assert position("Brésil") < position("Brunéi Darussalam")
    assert position("Égypte") < position("Équateur") < position("Espagne") < position("Estonie")
    assert position("Îles Cook") < position("Inde") < position("Irlande")
    assert position("Île de Man") < position("Inde")
    assert names[-1] == "Zimbabwe"
    assert names == collation.sorted_by_name(names, str, "fr")


def test_country_names_are_the_french_administrations() -> None:
    names = dict(Country.objects.values_list("code", "name_fr"))
    assert names["GL"] == "Groenland"
    assert names["MO"] == "Macao"
    assert names["GQ"] == "Guinée équatoriale"
    assert names["CK"] == "Îles Cook"


def test_english_pages_write_dates_the_british_way(
    martha_client: Client, town_a: Municipality
) -> None:
    day = datetime.date(2026, 11, 30)
    with translation.override("en"):
        assert formats.date_format(day) == "30 November 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "30/11/2026"
    partnership = make_partnership(town_a, start_date=day)
    text = visible_text(in_english(martha_client).get(partnership.get_absolute_url()))
    assert "30/11/2026" in text and "11/30/2026" not in text


def test_the_french_diagnostic_names_its_sources_in_french(
    alice: User, alice_client: Client, town_a: Municipality
) -> None:
    assessment = actions.start_assessment(make_partnership(town_a), alice)
    body = alice_client.get(assessment.get_absolute_url()).content.decode()
    lines = re.findall(r'<p class="source">(.*?)</p>', body, flags=re.S)
    assert lines
    text = " ".join(html.unescape(" ".join(lines)).split())
    sources = Question.objects.filter(questionnaire=assessment.questionnaire).exclude(source="")
    parts = {part for q in sources for part in q.source.split("; ")}
    english = parts & FRENCH.keys()
    assert english, "the questionnaire cites sources written in English"
    for part in english:
        assert part not in text, part
        assert " ".join(FRENCH[part].split()) in text, FRENCH[part]
    assert "Source :" in text


def test_files_are_named_in_the_pages_language(martha_client: Client) -> None:
    url = reverse("partners:partner_import_template")
    assert 'filename="modele-partenaires.csv"' in martha_client.get(url)["Content-Disposition"]
    url = reverse("partners:partnership_export_csv")
    assert 'filename="partenariats.csv"' in martha_client.get(url)["Content-Disposition"]
    english = in_english(martha_client).get(reverse("partners:partner_import_template"))
    assert 'filename="template-partners.csv"' in english["Content-Disposition"]


def test_every_language_choice_names_each_language_in_itself(
    martha_client: Client, town_a: Municipality
) -> None:
    partnership = make_partnership(town_a, rating="low")
    for url in (reverse("reports:portfolio"), partnership.get_absolute_url()):
        body = martha_client.get(url).content.decode()
        assert ">English<" in body and ">Français<" in body, url
        assert ">Anglais<" not in body, url
