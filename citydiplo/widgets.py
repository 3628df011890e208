"""Widgets rendered in Python where Django's templates cost too much.

Django renders each <option> of a <select> through a template (~30 µs each), after building a
dictionary of attributes per option; a list page's filter bar holds several hundred options
(the countries above all), which made the filter bar the largest part of the list pages'
server time. `FastSelect` writes the same markup directly from the choices.
"""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _escaped(value: Any) -> str:
    """`conditional_escape` without its lazy-string wrapper (hundreds of options a page): the
    markup of a safe string as it is, any other value escaped as Django escapes it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


class FastSelect(forms.Select):
    """A single-choice <select> with the markup of Django's template (attributes, ids, the
    first matching option `selected`, as `optgroups` marks it); groups are flattened."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Widget.get_context, not Select's: that one builds every option's context first.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        wanted = set(widget["value"])
        chosen = False
        parts = [f'<select name="{conditional_escape(name)}"{flatatt(widget["attrs"])}>']
        for option_value, option_label in self.choices:
            group = (
                option_label
                if isinstance(option_label, (list, tuple))
                else [("" if option_value is None else option_value, option_label)]
            )
            for sub_value, sub_label in group:
                selected = not chosen and str(sub_value) in wanted
                chosen |= selected
                parts.append(
                    f'<option value="{_escaped(sub_value)}"'
                    f"{' selected' if selected else ''}>{_escaped(sub_label)}</option>"
                )
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value above is escaped


class FastLabels:
    """A form mixin: each field's <label> written directly, with the markup of Django's label
    template. Django keeps deciding what goes in it (suffix, `for`, required class); only the
    template render of each label, a dozen in a filter bar, is spared."""

    LABEL_TEMPLATE = "django/forms/label.html"

    def render(
        self,
        template_name: str | None = None,
        context: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        if template_name != self.LABEL_TEMPLATE or context is None or renderer is not None:
            return super().render(template_name, context, renderer)  # type: ignore[misc]
        if not context["use_tag"]:
            return conditional_escape(context["label"])
        # In the attributes' own order, as Django's attrs template writes them (flatatt sorts).
        attrs = "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in (context["attrs"] or {}).items()
            if value is not False
        )
        tag = context["tag"]
        return format_html("<{}{}>{}</{}>", tag, mark_safe(attrs), context["label"], tag)
