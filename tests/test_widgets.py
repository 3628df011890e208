"""FastSelect writes the markup Django's Select template writes."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from citydiplo.widgets import FastLabels, FastSelect

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


class Plain(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, required=False, label="Pays <b>")
    named = forms.CharField(label="Déjà ponctué ?", required=True)
    hidden_id = forms.CharField(label="Sans id", required=False)


class Fast(FastLabels, Plain):
    pass


class PlainRequired(Plain):
    required_css_class = "required"


class FastRequired(FastLabels, PlainRequired):
    pass


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize(
    ("plain_form", "fast_form"), [(Plain, Fast), (PlainRequired, FastRequired)]
)
def test_labels_are_djangos(
    auto_id: str | bool, plain_form: type[forms.Form], fast_form: type[forms.Form]
) -> None:
    """The same <label> as Django's template: suffix, `for`, escaping, required class, and the
    bare text when the field has no id."""
    plain, fast = plain_form(auto_id=auto_id), fast_form(auto_id=auto_id)
    for name in Plain.base_fields:
        assert fast[name].label_tag() == plain[name].label_tag()
    assert fast["named"].label_tag(attrs={"class": "x"}) == plain["named"].label_tag(
        attrs={"class": "x"}
    )
    assert fast["country"].legend_tag() == plain["country"].legend_tag()


def test_labels_keep_the_escaping() -> None:
    with translation.override("en"):
        html = Fast()["country"].label_tag()
    assert html == '<label for="id_country">Pays &lt;b&gt;:</label>'
