"""Widgets rendered in Python where Django's templates cost too much.

Django renders each <option> of a <select> through a template (~30 µs each); a list page's
filter bar holds several hundred options (the countries above all), which made the filter bar
the largest part of the list pages' server time. `FastSelect` writes the same markup directly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    """A single-choice <select> with the markup of Django's template (attributes, ids,
    `selected`, which `create_option` puts in the option's attributes); groups are flattened."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )
