from django import forms

from hearth.library.models import BODY_MAX, TITLE_MAX, Document

STATUS_HELP = (
    "Drafts are seen only by you and the space's facilitators and leaders; "
    "only they can mark a document official."
)


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Text",
        max_length=BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}),
        help_text="Markdown: # headings, **bold**, lists, tables, links.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Document.Status.choices,
        initial=Document.Status.DRAFT,
        help_text=STATUS_HELP,
    )
    collection = forms.ChoiceField(label="Collection", required=False)
    tags = forms.CharField(
        label="Tags",
        max_length=400,
        required=False,
        help_text="Comma-separated, e.g. onboarding, travel",
    )
    review_on = forms.DateField(
        label="Review by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When someone should check it is still right.",
    )

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", "— None —")] + [
            (str(c.pk), c.name) for c in collections
        ]


class DocumentEditForm(DocumentForm):
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label="What did you change?", max_length=200, required=False)


class CollectionForm(forms.Form):
    name = forms.CharField(label="New collection", max_length=80)


class RestoreForm(forms.Form):
    number = forms.IntegerField(min_value=1)
    base_revision = forms.IntegerField(min_value=1)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Attach a file", allow_empty_file=True)
