"""FastSelect writes the markup Django's Select template writes."""

import pytest
from django import forms
from django.test.html import parse_html

from citydiplo.widgets import FastSelect

CHOICES = [("", "tous"), ("FR", "France"), ("CI", "Côte d'Ivoire"), ("X<&>", 'Guillemets "x"')]


@pytest.mark.parametrize("value", ["", "CI", "X<&>", "absent"])
def test_the_markup_is_djangos(value: str) -> None:
    attrs = {"id": "id_country", "hx-get": "/list/?a=1&b=2", "required": True}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("country", value)
    fast = FastSelect(attrs=attrs, choices=CHOICES).render("country", value)
    assert parse_html(fast) == parse_html(expected)  # the same elements, attributes and text
    assert fast.count(" selected") == (value in dict(CHOICES))


def test_a_form_field_uses_it() -> None:
    class Filters(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)

    html = str(Filters({"country": "FR"})["country"])
    assert '<option value="FR" selected>France</option>' in html
    assert "Côte d&#x27;Ivoire" in html
