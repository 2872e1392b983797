from django import forms

from hearth.ideas.models import BODY_MAX, REASON_MAX, TITLE_MAX, Idea

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class IdeaForm(forms.Form):
    title = forms.CharField(label="Your idea in a sentence", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Details",
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown. What problem does it solve? What would it take?",
    )
    campaign = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Idea.Status.choices)
    reason = forms.CharField(
        label="Reason (shown to everyone)",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CampaignForm(forms.Form):
    question = forms.CharField(
        label="Question", max_length=TITLE_MAX, help_text="e.g. How could we cut travel costs?"
    )
    description = forms.CharField(
        label="Description",
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ends_at = forms.DateTimeField(
        label="Ends at (UTC)",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
