from django import forms

from hearth.desks.services import ORG_ROLES


class DeskDecisionForm(forms.Form):
    note = forms.CharField(
        label="Reason (optional, the requester sees it)", max_length=500, required=False
    )


class UnansweredFilterForm(forms.Form):
    space = forms.SlugField(required=False, max_length=60, label="Space")
    unit = forms.SlugField(required=False, max_length=60, label="Business unit")
    no_reply = forms.BooleanField(required=False, label="Only questions without any reply")


class NotifyForm(forms.Form):
    usernames = forms.CharField(
        label="People to notify (usernames, comma-separated)", max_length=1000
    )
    message = forms.CharField(label="Message (optional)", max_length=500, required=False)

    def clean_usernames(self) -> list[str]:
        return [
            n.strip()
            for n in self.cleaned_data["usernames"].replace(" ", ",").split(",")
            if n.strip()
        ]


class MoveForm(forms.Form):
    to_space = forms.SlugField(label="Move to", max_length=60)
    confirm_wider = forms.BooleanField(
        required=False, label="I confirm that more people may read it there"
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(label="Original question (number or link)", max_length=300)


class OrgRoleForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    org_role = forms.ChoiceField(
        label="Organisation role",
        choices=[
            ("employee", "Employee"),
            ("unit_leader", "Business collaboration leader"),
            ("director", "Director of collaboration"),
            ("admin", "Platform admin"),
        ],
    )

    def clean_org_role(self) -> str:
        role = self.cleaned_data["org_role"]
        assert role in ORG_ROLES
        return role
