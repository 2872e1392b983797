from django import forms

from hearth.lifecycle.metrics import CATALOGUE
from hearth.spaces.models import LifecycleState


class TransitionForm(forms.Form):
    state = forms.ChoiceField(choices=LifecycleState.choices, label="New state")
    reason = forms.CharField(
        label="Reason (shown to members; required to archive)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label="Your feedback", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    note = forms.CharField(label="How it was resolved", max_length=1000)


class CharterForm(forms.Form):
    vision = forms.CharField(
        label="Vision", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.CharField(
        label="Audience", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, targets: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, metric in CATALOGUE.items():
            self.fields[f"target_{key}"] = forms.FloatField(
                label=f"{metric.label} {metric.comparator} ({metric.unit})",
                required=False,
                min_value=0,
                help_text=metric.explains,
                initial=(targets or {}).get(key),
            )

    def targets(self) -> list[dict]:
        return [
            {"metric": key, "target": self.cleaned_data[f"target_{key}"]}
            for key in CATALOGUE
            if self.cleaned_data.get(f"target_{key}") is not None
        ]


class ImportForm(forms.Form):
    archive = forms.FileField(label="Space archive (.zip)")
    slug = forms.SlugField(label="Address of the new space", max_length=60)
    name = forms.CharField(label="Name of the new space (optional)", required=False, max_length=120)
