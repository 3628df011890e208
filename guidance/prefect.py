"""The e-mail that sends a partnership's convention to the prefect, prefilled from the register.

The municipality sends it from its own mail program (a `mailto:` link) or copies the text: the
transmission for the review of legality goes through the municipality's usual channel, and
CityDiplo keeps the receipt when an officer ticks the checklist item with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

from partners.models import Document, Partnership


@dataclass(frozen=True)
class PrefectEmail:
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        return f"mailto:?subject={quote(self.subject)}&body={quote(self.body)}"


def _or_dash(value: object) -> str:
    return str(value) if value else "—"


def prefect_email(partnership: Partnership, documents: list[Document], sender: str) -> PrefectEmail:
    """Subject and text in the page's language, naming the partnership and its documents."""
    municipality = partnership.municipality
    partner = partnership.partner
    subject = _("Review of legality: %(form)s “%(title)s” — %(municipality)s") % {
        "form": partnership.get_form_display(),
        "title": partnership.title,
        "municipality": municipality.name,
    }
    lines = [
        _("Madam Prefect, Sir,"),
        "",
        _(
            "Under article L1115-1 of the general code of local authorities, %(municipality)s "
            "sends you, for the review of legality, the following act of external action:"
        )
        % {"municipality": municipality.name},
        "",
        _("- Partnership: %(title)s") % {"title": partnership.title},
        _("- Form: %(form)s") % {"form": partnership.get_form_display()},
        _("- Partner: %(partner)s (%(country)s)")
        % {"partner": partner.name, "country": partner.country.name},
        _("- Council deliberation: %(ref)s") % {"ref": _or_dash(partnership.deliberation_ref)},
        _("- Planned start: %(date)s")
        % {"date": _or_dash(date_filter(partnership.start_date, "SHORT_DATE_FORMAT"))},
        _("- Planned budget: %(budget)s")
        % {"budget": f"{partnership.budget} €" if partnership.budget is not None else "—"},
        "",
        _("Attached:"),
    ]
    if documents:
        lines += [f"- {document.title}" for document in documents]
    else:
        lines.append(_("- the convention and the council deliberation approving it"))
    lines += [
        "",
        _("Please acknowledge receipt of this transmission."),
        "",
        sender,
        municipality.name,
    ]
    return PrefectEmail(" ".join(subject.split()), "\n".join(lines))
