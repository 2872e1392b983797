from django import forms

from hearth.conversations.models import Follow
from hearth.people.models import BusinessUnit, Country, User

MESSAGE = {
    "label": "Message to include (optional)",
    "max_length": 1000,
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 2}),
}


class PeopleForm(forms.Form):
    usernames = forms.CharField(
        label="Usernames",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, or separated by commas.",
    )
    message = forms.CharField(**MESSAGE)


class UnitForm(forms.Form):
    business_unit = forms.ModelChoiceField(
        BusinessUnit.objects.all(), required=False, label="Business unit", empty_label="Any unit"
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, label="Country", empty_label="Any country"
    )
    message = forms.CharField(**MESSAGE)


class CsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One username or email per line (UTF-8); a header line "
        "“username” or “email” is allowed.",
    )
    message = forms.CharField(**MESSAGE)


class WelcomeForm(forms.Form):
    message = forms.CharField(
        label="Welcome message (Markdown)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    key_tags = forms.CharField(
        label="Key tags to follow",
        max_length=400,
        required=False,
        help_text="Tag slugs, separated by commas.",
    )


class PreferencesForm(forms.Form):
    level = forms.ChoiceField(
        label="How much do you want to hear about this space?",
        choices=Follow.Level.choices,
        initial=Follow.Level.NORMAL,
    )
    email = forms.ChoiceField(label="Email", choices=User.EmailPreference.choices)
