"""Forms of the diagnostic page: one AnswerForm per question (prefixed), controls, actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citydiplo.uploads import EVIDENCE
from risks.models import Answer, Question, Special


def question_prefix(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """The answer to one question, as posted by htmx (one question) or the full page (all)."""

    value = forms.ChoiceField(label=_("Answer"), required=False, widget=forms.RadioSelect)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you know, how you know it: this text is printed in the council report."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        validators=[EVIDENCE],
        help_text=EVIDENCE.help_text,
    )

    def __init__(
        self, *args: Any, question: Question, answer: Answer | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", question_prefix(question))
        if answer is not None and "data" not in kwargs and not args:
            kwargs["initial"] = {
                "value": str(answer.value),
                "revision": answer.revision,
                "justification": answer.justification,
            }
        else:
            kwargs.setdefault("initial", {"revision": answer.revision if answer else 0})
        super().__init__(*args, **kwargs)
        self.question = question
        self.answer = answer
        choices = [(str(c.points), c.label) for c in question.choices.all()]
        choices.append((Special.UNKNOWN.value, str(_("I don't know"))))
        if question.allow_na:
            choices.append((Special.NOT_APPLICABLE.value, str(_("Not applicable"))))
        value_field = self.fields["value"]
        assert isinstance(value_field, forms.ChoiceField)
        value_field.choices = choices

    def parsed_value(self) -> int | str | None:
        raw: str = self.cleaned_data.get("value") or ""
        if raw == "":
            return None
        return int(raw) if raw.isdigit() else raw

    def has_changes(self) -> bool:
        """True when the posted answer differs from the stored one (the full-page save)."""
        current = self.answer
        value = self.parsed_value()
        justification = self.cleaned_data.get("justification", "")
        if current is None:
            return (
                value is not None or bool(justification) or bool(self.cleaned_data.get("evidence"))
            )
        return (
            value != current.value
            or justification != current.justification
            or bool(self.cleaned_data.get("evidence"))
        )


class ControlForm(forms.Form):
    control = forms.CharField(max_length=20)
    in_place = forms.BooleanField(required=False)


class OpinionForm(forms.Form):
    requested = forms.BooleanField(required=False)
