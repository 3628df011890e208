"""The partnership report, rendered for real and read back from the PDF."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from municipalities.models import Municipality
from reports import partnership as report
from risks.models import Assessment
from tests.reports.conftest import LONG_WORDS, diagnosed_partnership, pdf_pages

pytestmark = pytest.mark.django_db

MONTHS = {
    "fr": "novembre|décembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre",
    "en": "November|December|January|February|March|April|May|June|July|August|September|October",
}


def tr(language: str, text: str) -> str:
    """`text` as the report prints it in `language` (the catalogue is completed centrally)."""
    with translation.override(language):
        return gettext(text)


def render(
    assessment: Assessment, language: str, author: User, edition: str = report.COUNCIL
) -> list[str]:
    outcome = report.render_partnership_report(assessment, language, author, edition)
    assert outcome.data.startswith(b"%PDF")
    return pdf_pages(outcome.data)


def unhyphenated(text: str) -> str:
    """The text with the words cut at a line's end (hyphenation, U+2010) joined again, also
    across a page break (the page's running header and footer come between the two parts)."""
    text = re.sub(r"\u2010\n[^\n]*\n[^\n]*page \d+ / \d+\n", "", text)
    return text.replace("\u2010\n", "")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_report_prints_everything_the_council_needs(
    approved: Assessment, alice: User, language: str
) -> None:
    pages = render(approved, language, alice)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert tr(language, "Risk diagnostic of a partnership") in flat
    assert re.search(rf"\d+ ({MONTHS[language]}) 20\d\d", pages[0])  # dates in that language
    summary, decision = tr(language, "Summary"), tr(language, "Decision log")
    assert "Ville A" in pages[0]
    assert "Coopération universitaire en robotique" in pages[0]
    assert tr(language, "Internal document").upper() in pages[0].upper()
    assert alice.display_name in pages[0]
    assert summary in flat and decision in flat
    assert "docs/scoring.md" in flat
    for code, data in approved.result["categories"].items():
        band = tr(language, data["band"])
        residual = tr(language, data["residual_band"])
        assert f"= {data['score']} — {band}" in flat, code
        assert f"= {data['residual_score']} — {residual}" in flat, code
    # Every page but the cover says where it is, out of how many.
    total = len(pages)
    assert total >= 5
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {total}" in page
        if number > 1:
            assert "Ville A" in page  # running header


def test_a_long_justification_is_printed_in_full_across_pages(
    approved: Assessment, alice: User
) -> None:
    pages = render(approved, "fr", alice, report.INTERNAL)
    text = unhyphenated("\n".join(pages))
    numbers = [int(n) for n in re.findall(r"alpha(\d{4})", text)]
    assert numbers == list(range(LONG_WORDS))
    assert "FIN-DE-JUSTIFICATION" in text
    spanning = [i for i, page in enumerate(pages) if "alpha" in page]
    assert len(spanning) >= 3  # it ran over several pages rather than being cut


def test_the_decision_log_says_who_did_what_and_when(
    approved: Assessment, alice: User, martha: User
) -> None:
    flat = " ".join("\n".join(render(approved, "en", alice)).split())
    assert "Diagnostic started" in flat
    assert "Submitted for approval" in flat
    assert "Approved (the diagnostic is frozen)" in flat
    log = flat[flat.index("Decision log") :]
    assert martha.display_name in log and alice.display_name in log


def test_user_text_prints_as_text_never_as_markup(
    china: None, town_a: Municipality, alice: User, martha: User
) -> None:
    name = "<img src=file:///etc/passwd>"
    _partnership, assessment = diagnosed_partnership(
        town_a, alice, martha, partner_name=name, justification="<b>pas du gras</b> & <script>"
    )
    pages = render(assessment, "fr", alice, report.INTERNAL)
    flat = " ".join(unhyphenated("\n".join(pages)).split())
    assert name in flat
    assert "<b>pas du gras</b> & <script>" in flat
    assert "root:x:0:0" not in flat


def test_a_draft_prints_as_a_working_document(
    town_a: Municipality, alice: User, martha: User
) -> None:
    from risks import actions
    from tests.factories import make_partnership

    assessment = actions.start_assessment(make_partnership(town_a), alice)
    pages = render(assessment, "en", alice)
    assert "not approved" in " ".join(pages[0].split())
    assert "No rating" in "\n".join(pages)


def test_viewers_download_the_report_of_an_approved_diagnostic(
    approved: Assessment, victor_client: Client
) -> None:
    url = reverse("reports:assessment_report", args=[approved.pk])
    response = victor_client.get(url, {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('-en.pdf"')
    flat = " ".join("\n".join(pdf_pages(response.content)).split())
    assert "Risk diagnostic of a partnership" in flat


def test_french_is_the_default_and_an_unknown_language_falls_back_to_it(
    approved: Assessment, victor_client: Client
) -> None:
    url = reverse("reports:assessment_report", args=[approved.pk])
    for query in ({}, {"lang": "de"}):
        response = victor_client.get(url, query)
        assert response.status_code == 200
        flat = " ".join("\n".join(pdf_pages(response.content)).split())
        assert tr("fr", "Risk diagnostic of a partnership") in flat
        assert "novembre" in flat or re.search(rf"({MONTHS['fr']}) 20\d\d", flat)


def test_outsiders_get_404(approved: Assessment, oscar_client: Client) -> None:
    url = reverse("reports:assessment_report", args=[approved.pk])
    assert oscar_client.get(url).status_code == 404
    url = reverse("reports:partnership_report", args=[approved.partnership_id])
    assert oscar_client.get(url).status_code == 404


def test_the_partnership_report_is_its_latest_approved_diagnostic(
    approved: Assessment, victor_client: Client
) -> None:
    url = reverse("reports:partnership_report", args=[approved.partnership_id])
    response = victor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_partnership_without_approved_diagnostic_explains_why_there_is_no_report(
    town_a: Municipality, victor_client: Client
) -> None:
    from tests.factories import make_partnership

    partnership = make_partnership(town_a)
    response = victor_client.get(reverse("reports:partnership_report", args=[partnership.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_diagnostic_page_offers_the_download_once_approved(
    approved: Assessment, victor_client: Client
) -> None:
    body = victor_client.get(approved.get_absolute_url()).content.decode()
    assert reverse("reports:assessment_report", args=[approved.pk]) in body
    assert 'name="lang"' in body


def test_the_ministry_opinion_and_the_referral_are_printed(
    approved: Assessment, alice: User
) -> None:
    from municipalities.models import LiaisonAssignment
    from reviews import actions as reviews_actions
    from reviews.models import Referral
    from tests.conftest import make_user

    assert approved.flagged
    liaison = make_user("louise@meae.test", full_name="Louise Liaison")
    LiaisonAssignment.objects.create(liaison=liaison, municipality=approved.municipality)
    referral = Referral.objects.get(assessment=approved)
    reviews_actions.give_opinion(
        referral.pk, liaison, "vigilance", "Surveiller les transferts de données."
    )
    flat = " ".join("\n".join(render(approved, "en", alice)).split())
    assert "Vigilance — Louise Liaison" in flat
    # the ministry's reasons stay in the internal annex, out of the communicable edition
    assert "Surveiller les transferts" not in flat
    internal = unhyphenated("\n".join(render(approved, "en", alice, report.INTERNAL)))
    assert "Surveiller les transferts de données." in " ".join(internal.split())
    log = flat[flat.index("Decision log") :]
    assert "Referred to the ministry" in log
    assert "Opinion of the ministry given: vigilance" in log


def test_the_partnership_page_offers_the_report_once_rated(
    approved: Assessment, victor_client: Client
) -> None:
    body = victor_client.get(approved.partnership.get_absolute_url()).content.decode()
    assert reverse("reports:partnership_report", args=[approved.partnership_id]) in body


def test_the_decision_log_names_the_manager_who_returned_a_diagnostic(
    town_a: Municipality, alice: User, martha: User
) -> None:
    from reports.decisions import decision_log
    from risks import actions
    from tests.factories import answer_all, make_partnership

    assessment = actions.start_assessment(make_partnership(town_a), alice)
    answer_all(assessment, alice)
    actions.submit_assessment(assessment.pk, alice)
    actions.return_to_draft(assessment.pk, martha)  # outside a request: no middleware to help
    with translation.override("en"):
        log = decision_log(assessment)
    returned = [d.who for d in log if d.what == "returned to the officers as a draft"]
    assert returned == [martha.display_name]
