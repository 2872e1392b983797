from django import forms

from hearth.people.choices import business_unit_choices
from hearth.people.models import BusinessUnit
from hearth.spaces.models import Role, Visibility


class SpaceForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    slug = forms.CharField(
        label="Web address",
        max_length=60,
        required=False,
        help_text="Lowercase letters, digits and hyphens; left empty, it is made from the name.",
    )
    description = forms.CharField(
        label="What is this space for?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    business_unit = forms.ModelChoiceField(
        BusinessUnit.objects.all(),
        required=False,
        label="Business unit",
        empty_label="Whole organisation",
    )
    visibility = forms.ChoiceField(
        label="Visibility",
        choices=Visibility.choices,
        initial=Visibility.OPEN,
        widget=forms.RadioSelect,
        help_text="Open: everyone sees the content and may join. Restricted: listed, "
        "content for members, people ask to join. Private: unlisted, by invitation.",
    )


class SpaceFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search spaces")
    business_unit = forms.ChoiceField(
        required=False,
        label="Business unit",
        choices=lambda: [("", "All units"), *business_unit_choices()],
    )
    visibility = forms.ChoiceField(
        required=False, label="Visibility", choices=[("", "Any visibility"), *Visibility.choices]
    )
    mine = forms.BooleanField(required=False, label="Only my spaces")


class AccessRequestForm(forms.Form):
    message = forms.CharField(
        label="Why would you like to join?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER)
    message = forms.CharField(label="Message", max_length=1000, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class DecisionForm(forms.Form):
    note = forms.CharField(label="Note to the requester", max_length=500, required=False)
