from django import forms

from hearth.conversations.models import BODY_MAX, TITLE_MAX, Conversation, Follow


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(
        label="This is a",
        choices=Conversation.Kind.choices,
        initial=Conversation.Kind.DISCUSSION,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Details",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown: **bold**, lists, `code`, tables, links; "
        "@username mentions a colleague.",
    )
    tags = forms.CharField(
        label="Tags",
        max_length=400,
        required=False,
        help_text="Comma-separated, e.g. onboarding, sap",
    )


class ConversationEditForm(ConversationForm):
    kind = None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FollowForm(forms.Form):
    level = forms.ChoiceField(choices=[*Follow.Level.choices, ("none", "Not following")])
