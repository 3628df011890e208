"""Template helpers of the PDF reports."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value: object) -> SafeString:
    """A CSS string literal: every character but letters, digits and spaces as a hex escape.

    For the report's inline <style> (band words in the heat map): HTML escaping does not apply
    inside <style>, so the value is made inert for CSS here instead.
    """
    out = []
    for char in str(value):
        if (char.isalnum() and char.isascii()) or char == " ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    # Only letters, digits, spaces and escapes remain: inert in HTML as well.
    return mark_safe('"' + "".join(out) + '"')
