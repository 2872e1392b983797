from django import forms

from hearth.stories.models import (
    BENEFICIARIES_MAX,
    BODY_MAX,
    NOTE_MAX,
    TITLE_MAX,
    Currency,
    OutcomeKind,
)
from hearth.stories.services import StoryFields


class StoryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX,
        help_text="The outcome in a sentence, e.g. “Month-end close two days shorter”.",
    )
    outcome_kind = forms.ChoiceField(label="Kind of outcome", choices=OutcomeKind.choices)
    body = forms.CharField(
        label="The story",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. What was the problem, what did the community do, what changed?",
    )
    hours_saved = forms.DecimalField(
        label="Estimated hours saved",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=1,
        help_text="Per year, or in total: say which in the story.",
    )
    money_saved = forms.DecimalField(
        label="Estimated money saved", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(
        label="Currency", required=False, choices=[("", "—"), *Currency.choices]
    )
    beneficiaries = forms.CharField(
        label="Who benefited",
        max_length=BENEFICIARIES_MAX,
        required=False,
        help_text="A team, a unit, customers…",
    )

    def fields_value(self) -> StoryFields:
        data = self.cleaned_data
        return StoryFields(
            title=data["title"],
            body=data["body"],
            outcome_kind=data["outcome_kind"],
            hours_saved=data.get("hours_saved"),
            money_saved=data.get("money_saved"),
            currency=data.get("currency") or "",
            beneficiaries=data.get("beneficiaries") or "",
        )

    @staticmethod
    def initial_from(fields: StoryFields) -> dict:
        return {
            "title": fields.title,
            "body": fields.body,
            "outcome_kind": fields.outcome_kind,
            "hours_saved": fields.hours_saved,
            "money_saved": fields.money_saved,
            "currency": fields.currency,
            "beneficiaries": fields.beneficiaries,
        }


class OutcomeMarkForm(forms.Form):
    note = forms.CharField(label="What came of it (optional)", max_length=NOTE_MAX, required=False)
