"""Forms of the diagnostic page: one AnswerForm per question (prefixed), controls, actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citydiplo.uploads import EVIDENCE
from risks.models import Answer, Control, ControlAnswer, Question, Special


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


def control_prefix(control: Control) -> str:
    return f"control-{control.key}"


class ControlForm(forms.Form):
    """One control of the diagnostic, as posted by htmx (one control) or the full page (all).

    The box counts only with its justification written; the revision guards against a stale
    page undoing another officer's change.
    """

    in_place = forms.BooleanField(label=_("In place"), required=False)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    justification = forms.CharField(
        label=_("Why is it in place?"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required for the control to count: what was done, when, by whom. Printed in the "
            "council report."
        ),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"), required=False, validators=[EVIDENCE]
    )

    def __init__(
        self, *args: Any, control: Control, state: ControlAnswer | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", control_prefix(control))
        if "data" not in kwargs and not args:
            kwargs["initial"] = {
                "in_place": bool(state and state.in_place),
                "revision": state.revision if state else 0,
                "justification": state.justification if state else "",
            }
        super().__init__(*args, **kwargs)
        self.control = control
        self.state = state

    def is_posted(self) -> bool:
        """The full page carries every control's revision; a control missing from the post
        (another version's page, a crafted request) is left alone."""
        return self.add_prefix("revision") in self.data

    def has_changes(self) -> bool:
        state = self.state
        in_place = bool(self.cleaned_data.get("in_place"))
        justification = self.cleaned_data.get("justification", "")
        evidence = bool(self.cleaned_data.get("evidence"))
        if state is None:
            return in_place or bool(justification) or evidence
        return in_place != state.in_place or justification != state.justification or evidence


class OpinionForm(forms.Form):
    opinion_requested = forms.BooleanField(required=False)


class ProfileForm(forms.Form):
    """The municipality profile: one answer and its justification per profile question."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(c.points), c.label) for c in question.choices.all()]
            choices.append((Special.UNKNOWN.value, str(_("I don't know"))))
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, choices=choices, widget=forms.RadioSelect
            )
            self.fields[f"{question.key}-justification"] = forms.CharField(
                label=_("Justification"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def values(self) -> dict[str, tuple[int | str, str]]:
        data = self.cleaned_data
        return {
            q.key: (
                int(data[q.key]) if data[q.key].isdigit() else data[q.key],
                data[f"{q.key}-justification"],
            )
            for q in self.questions
        }
