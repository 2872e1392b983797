from django import forms

from hearth.swaps.models import SwapRole


class SwapForm(forms.Form):
    username = forms.CharField(label="Member (username)", max_length=40)
    role = forms.ChoiceField(label="Role to take", choices=SwapRole.choices)
    until = forms.DateTimeField(
        label="Until (UTC)",
        help_text="At most 7 days from now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
