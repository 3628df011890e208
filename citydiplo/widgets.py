"""Widgets rendered in Python where Django's templates cost too much.

Django renders each <option> of a <select> through a template (~30 µs each), after building a
dictionary of attributes per option; a list page's filter bar holds several hundred options
(the countries above all), which made the filter bar the largest part of the list pages'
server time. `FastSelect` writes the same markup directly from the choices.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


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
                    f'<option value="{conditional_escape(sub_value)}"'
                    f"{' selected' if selected else ''}>{conditional_escape(sub_label)}</option>"
                )
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value above is escaped
