"""Stable addresses of guide pages and glossary entries, and the markup that links to them.

Any help text (a guide page, a diagnostic question's help) may contain
`[[glossary:zrr|ZRR]]` or `[[guide:prefect-kit|le kit préfet]]`; `render_links` escapes the
text and turns those markers into links. The addresses never change with the content: a page
is `/guide/<slug>/`, a term is `/guide/glossary/#term-<slug>`.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

MARKER = re.compile(r"\[\[(glossary|guide):([a-z0-9-]+)\|([^\]]+)\]\]")


def glossary_url(slug: str) -> str:
    return f"{reverse('guidance:glossary')}#term-{slug}"


def guide_url(slug: str) -> str:
    return reverse("guidance:page", args=[slug])


def _link(match: re.Match[str]) -> str:
    kind, slug, label = match.groups()
    url = glossary_url(slug) if kind == "glossary" else guide_url(slug)
    css = "glossary-link" if kind == "glossary" else "guide-link"
    # The label was escaped with the rest of the text; format_html would escape it twice.
    return str(format_html('<a class="{}" href="{}">', css, url)) + label + "</a>"


def render_links(text: str) -> SafeString:
    """The text escaped, its markers turned into links (one line, no paragraphs)."""
    return mark_safe(MARKER.sub(_link, str(escape(text))))


def render_paragraphs(text: str) -> SafeString:
    """The text as paragraphs (split on blank lines), with its markers turned into links."""
    parts = [part.strip() for part in re.split(r"\n[ \t\r]*\n", text.strip()) if part.strip()]
    return mark_safe("".join(f"<p>{render_links(part)}</p>" for part in parts))


def strip_links(text: str) -> str:
    """The text with its markers replaced by their labels (PDF, e-mail, plain text)."""
    return MARKER.sub(lambda m: m.group(3), text)
