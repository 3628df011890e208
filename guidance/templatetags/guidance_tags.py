"""Links to the guide from any template: `{% load guidance_tags %}`.

- `{{ question.help_text|guide_links }}` turns `[[glossary:zrr|ZRR]]` and
  `[[guide:prefect-kit|…]]` markers into links (the rest of the text is escaped);
- `{{ text|guide_paragraphs }}` does the same, split into paragraphs;
- `{% glossary_url "zrr" %}` and `{% guide_url "prefect-kit" %}` give the stable addresses.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from guidance import links

register = template.Library()


@register.filter
def guide_links(text: str) -> SafeString:
    return links.render_links(text or "")


@register.filter
def guide_paragraphs(text: str) -> SafeString:
    return links.render_paragraphs(text or "")


@register.simple_tag
def glossary_url(slug: str) -> str:
    return links.glossary_url(slug)


@register.simple_tag
def guide_url(slug: str) -> str:
    return links.guide_url(slug)
