from django import forms

from hearth.moderation.models import Case, Reason, Sanction

SANCTION_CHOICES = [("", "No sanction"), *Sanction.Kind.choices]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong?", choices=Reason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Anything the moderators should know",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you choose “Something else”.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=Case.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason (the author sees it)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label="Edited text (for “Edit”)",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sanction = forms.ChoiceField(
        label="Sanction the author", choices=SANCTION_CHOICES, required=False
    )
    sanction_reason = forms.CharField(
        label="Sanction reason (the author sees it)", required=False, max_length=2000
    )
    sanction_days = forms.IntegerField(
        label="For how many days",
        required=False,
        min_value=1,
        max_value=365,
        help_text="Leave empty for a warning or a permanent ban.",
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="Sanction", choices=Sanction.Kind.choices)
    space = forms.ChoiceField(label="Where", required=False)
    reason = forms.CharField(
        label="Reason (the person sees it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    until = forms.DateTimeField(
        label="Until (UTC)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty for a warning or a permanent ban.",
    )

    def __init__(self, *args, spaces=(), platform: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Everywhere (platform-wide)")] if platform else []
        self.fields["space"].choices = choices + [(s.slug, s.name) for s in spaces]


class NoteForm(forms.Form):
    space = forms.ChoiceField(
        label="For the moderators of",
        required=False,
        help_text="Only they (and platform admins) read the note.",
    )
    body = forms.CharField(
        label="Staff note (moderators only)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, spaces=(), platform: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Platform admins only")] if platform else []
        self.fields["space"].choices = choices + [(s.slug, s.name) for s in spaces]
        self.fields["space"].required = not platform


class GuidelineForm(forms.Form):
    body = forms.CharField(
        label="Guidelines (Markdown)", max_length=10_000, widget=forms.Textarea(attrs={"rows": 10})
    )
    threshold = forms.IntegerField(
        label="Reports that hide an item until reviewed", min_value=1, max_value=50
    )
