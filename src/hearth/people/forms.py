from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader

from hearth.access.actor import user_is_suspended
from hearth.moderation.selectors import suspension_in_force
from hearth.notifications.services import email_send
from hearth.people.choices import business_unit_choices, country_choices
from hearth.people.models import BusinessUnit, Country, User


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def confirm_login_allowed(self, user) -> None:
        """A suspended person cannot sign in; they are told why and until when."""
        super().confirm_login_allowed(user)
        if user_is_suspended(user):
            sanction = suspension_in_force(person=user)
            reason = f" Reason: {sanction.reason}" if sanction else ""
            raise forms.ValidationError(
                f"Your account is suspended until {user.suspended_until:%d %b %Y, %H:%M} UTC."
                f"{reason}",
                code="suspended",
            )


class HearthPasswordResetForm(PasswordResetForm):
    """Django's password reset, its email queued as the declared kind
    ``password_reset`` (about the account alone) like every email Hearth sends."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        email_send(
            recipient=context["user"],
            kind="password_reset",
            subject=subject,
            body=body,
            html_body=html,
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="Display name", max_length=120)
    title = forms.CharField(label="Job title", max_length=120, required=False)
    business_unit = forms.ModelChoiceField(
        BusinessUnit.objects.all(), required=False, label="Business unit"
    )
    country = forms.ModelChoiceField(Country.objects.all(), required=False, label="Country")
    location = forms.CharField(
        label="Location", max_length=120, required=False, help_text="Site, city or building"
    )
    bio = forms.CharField(
        label="About you", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expertise = forms.CharField(
        label="Expertise",
        max_length=1500,
        required=False,
        help_text="Comma-separated, e.g. supply chain, Python, SAP",
    )
    email_notifications = forms.ChoiceField(
        label="Email me about",
        choices=User.EmailPreference.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=User.EmailPreference.IMPORTANT,
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="New photo",
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search people")
    business_unit = forms.ChoiceField(
        required=False,
        label="Business unit",
        choices=lambda: [("", "All units"), *business_unit_choices()],
    )
    country = forms.ChoiceField(
        required=False, label="Country", choices=lambda: [("", "All countries"), *country_choices()]
    )
    expertise = forms.SlugField(required=False, max_length=60, label="Expertise")
