from django import forms

from hearth.curation.models import BLURB_MAX, FeatureKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _when(label: str, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class FeatureEditForm(forms.Form):
    blurb = forms.CharField(
        label="Blurb (optional)",
        max_length=BLURB_MAX,
        required=False,
        help_text="A line on why it is featured.",
    )
    starts_at = _when("Starts (UTC)", required=False)
    ends_at = _when("Ends (UTC)", required=True)
    position = forms.IntegerField(
        label="Order", min_value=0, max_value=1000, initial=0, help_text="Lower numbers come first."
    )


class FeatureForm(FeatureEditForm):
    kind = forms.ChoiceField(label="Feature a", choices=FeatureKind.choices)
    target = forms.CharField(
        label="Which one",
        max_length=150,
        help_text="A space's web address (slug), a username, or a story's or event's number.",
    )
    field_order = ["kind", "target", "blurb", "starts_at", "ends_at", "position"]
