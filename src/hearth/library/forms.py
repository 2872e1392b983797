import copy
import datetime

from django import forms

from hearth.library.merge import MERGED_FIELDS
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


# How the merge page names each merged field in a sentence.
FIELD_WORDS = {
    "title": "title",
    "status": "status",
    "collection": "collection",
    "tags": "tags",
    "review_on": "review date",
}
SIDES = ("theirs", "mine")
TAMPERED = "This form was changed: open the document and edit it again."


def form_value(name: str, value):
    """A merged field's value (as ``merge_fields`` compares it) as the form holds it."""
    if name == "collection":
        return "" if value is None else str(value)
    if name == "tags":
        return ", ".join(value)
    return value


def field_shown(name: str, value, collections: dict[str, str]) -> str:
    """A field's form value in words, for the merge page."""
    if value in (None, ""):
        return {
            "collection": "no collection",
            "tags": "no tags",
            "review_on": "no review date",
        }.get(name, "—")
    if name == "status":
        return dict(Document.Status.choices).get(value, str(value))
    if name == "collection":
        return collections.get(str(value), "a collection no longer there")
    if name == "review_on":
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value
        return value.strftime("%d %b %Y")
    return str(value)


class DocumentEditForm(DocumentForm):
    """An edit from ``base_revision``. The merge page fills it in again, and for each
    field both sides changed (``conflicts``) it holds the two values instead of the
    field, and asks which stays: the form is valid only once each is chosen."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label="What did you change?", max_length=200, required=False)
    conflicts = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, theirs_by: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        names = [name for name in str(source.get("conflicts") or "").split(",") if name]
        self.conflict_names = [name for name in MERGED_FIELDS if name in names]
        self._tampered = len(names) != len(self.conflict_names)
        collections = dict(self.fields["collection"].choices)
        fields = {}
        for name, field in self.fields.items():
            if name not in self.conflict_names:
                fields[name] = field
                continue
            word = FIELD_WORDS[name]
            shown = {
                side: field_shown(name, source.get(f"{side}_{name}"), collections) for side in SIDES
            }
            fields[f"choose_{name}"] = forms.ChoiceField(
                label=f"You both changed the {word}: which should stay?",
                choices=[
                    ("theirs", f"Theirs{theirs_by}: {shown['theirs']}"),
                    ("mine", f"Yours: {shown['mine']}"),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose which {word} to keep.",
                    "invalid_choice": f"Choose which {word} to keep.",
                },
            )
            for side in SIDES:
                hidden = copy.deepcopy(field)
                hidden.widget = forms.HiddenInput()
                fields[f"{side}_{name}"] = hidden
        self.fields = fields

    def clean(self):
        data = super().clean()
        hidden = [name for name, field in self.fields.items() if field.widget.is_hidden]
        if self._tampered or any(name in self.errors for name in hidden):
            self.add_error(None, TAMPERED)
        for name in self.conflict_names:
            side = data.get(f"choose_{name}")
            if side in SIDES and f"{side}_{name}" in data:
                data[name] = data[f"{side}_{name}"]
        return data


class CollectionForm(forms.Form):
    name = forms.CharField(label="New collection", max_length=80)


class RestoreForm(forms.Form):
    number = forms.IntegerField(min_value=1)
    base_revision = forms.IntegerField(min_value=1)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Attach a file", allow_empty_file=True)
