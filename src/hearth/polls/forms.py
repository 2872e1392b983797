from django import forms

from hearth.polls.models import QUESTION_MAX


class PollForm(forms.Form):
    question = forms.CharField(label="Question", max_length=QUESTION_MAX)
    options = forms.CharField(
        label="Options",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One option a line, 2 to 12.",
    )
    multiple = forms.BooleanField(label="People may pick several options", required=False)
    anonymous = forms.BooleanField(label="Anonymous: only counts are ever shown", required=False)
    closes_at = forms.DateTimeField(
        label="Closes at (UTC)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Leave empty to close it by hand.",
    )
    conversation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def option_labels(self) -> list[str]:
        return [line for line in self.cleaned_data["options"].splitlines() if line.strip()]
