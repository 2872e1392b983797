from django import forms

from hearth.structure.models import GUIDANCE_MAX, KeyUser, SectionKind


class LayoutForm(forms.Form):
    """One checkbox and one position per section kind, and the guidance text."""

    guidance = forms.CharField(
        label="Guidance (Markdown)",
        required=False,
        max_length=GUIDANCE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="How to take part, what goes where: shown in the Guidance section.",
    )

    def __init__(self, *args, sections: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = sections or []
        for i, (kind, label) in enumerate(SectionKind.choices):
            self.fields[f"on_{kind}"] = forms.BooleanField(
                label=label, required=False, initial=kind in sections
            )
            position = sections.index(kind) + 1 if kind in sections else len(sections) + i + 1
            self.fields[f"pos_{kind}"] = forms.IntegerField(
                label=f"Position of {label}", min_value=1, max_value=99, initial=position
            )

    def rows(self):
        return [(self[f"on_{kind}"], self[f"pos_{kind}"], kind) for kind in SectionKind.values]

    def ordered_sections(self) -> list[str]:
        data = self.cleaned_data
        chosen = [
            (data[f"pos_{kind}"], i, kind)
            for i, kind in enumerate(SectionKind.values)
            if data.get(f"on_{kind}")
        ]
        return [kind for _, _, kind in sorted(chosen)]


def _kind_and_id(value: str) -> tuple[str, int]:
    kind, _, pk = value.partition(":")
    return kind, int(pk)


class FeatureForm(forms.Form):
    """One of the space's items, as "kind:id" from the grouped choices."""

    item = forms.TypedChoiceField(label="Item to feature", coerce=_kind_and_id)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = choices


class KeyUserForm(forms.Form):
    username = forms.CharField(label="Username", max_length=40)
    kind = forms.ChoiceField(label="Why", choices=KeyUser.Kind.choices)
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)
