"""Library pages: reads through selectors, writes through services.

An edit that started from an older revision is answered with the merge view
(409): the other person's change, a three-way merge of both with conflicts marked,
and the form again, now based on the current revision.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.conversations.selectors import conversation_get
from hearth.conversations.services import tags_parse
from hearth.core.bounds import INT_MAX, whole_number
from hearth.core.errors import HearthError, Invalid
from hearth.core.files import private_file_response
from hearth.core.pages import form_error_add
from hearth.core.templatetags.hearth import short_datetime
from hearth.library import policies, selectors, services
from hearth.library.forms import (
    FIELD_WORDS,
    AttachmentForm,
    CollectionForm,
    DocumentEditForm,
    DocumentForm,
    RestoreForm,
    field_shown,
    form_value,
)
from hearth.library.merge import UNKNOWN, diff_lines, merge_fields, merge_three
from hearth.library.models import Document
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context

PER_PAGE = 30
# Files are never rendered as pages of Hearth's origin: no scripts, no plugins.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def library(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    actor = request.actor
    filters = {
        "collection": request.GET.get("collection", "")[:80],
        "status": request.GET.get("status", ""),
        "tag": request.GET.get("tag", "")[:40],
    }
    if filters["status"] not in ("", *Document.Status.values):
        filters["status"] = ""
    rows = selectors.document_list(actor=actor, space=space, **filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "filters": filters,
            "statuses": Document.Status.choices,
            "collections": selectors.collection_list(actor=actor, space=space),
            "tags": selectors.library_tags(actor=actor, space=space),
            "can_add": policies.can_add_document(actor, space),
            "collection_form": CollectionForm(),
        }
    )
    return render(request, "library/library.html", context)


@require_POST
def collection_add(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    form = CollectionForm(request.POST)
    if not form.is_valid():
        raise Invalid("Name the collection (at most 80 characters).", field="name")
    collection = services.collection_create(
        actor=request.actor, space=space, name=form.cleaned_data["name"]
    )
    messages.success(request, f"Collection “{collection.name}” added.")
    return redirect(f"/s/{space.slug}/library/?collection={collection.slug}")


def _document_fields(data: dict) -> dict:
    return {
        "title": data["title"],
        "body": data["body"],
        "status": data["status"],
        "collection": data["collection"] or None,
        "tags": data["tags"],
        "review_on": data["review_on"],
    }


def create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policies.require_add_document(request.actor, space)
    collections = selectors.collection_list(actor=request.actor, space=space)
    form = DocumentForm(
        request.POST or None,
        collections=collections,
        initial={"collection": request.GET.get("collection", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.actor, space=space, **_document_fields(form.cleaned_data)
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The document is saved as revision 1.")
            return redirect(document)
    return render(
        request,
        "library/form.html",
        {"form": form, "space": space},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, document_id: int):
    actor = request.actor
    document = selectors.document_get(actor=actor, document_id=document_id)
    files = selectors.attachment_list(actor=actor, document=document)
    return render(
        request,
        "library/detail.html",
        {
            "document": document,
            "space": document.space,
            "tags": list(document.tags.all()),
            "images": [a for a in files.attached if a.is_image],
            "files": [a for a in files.attached if not a.is_image],
            "removable": files.removable,
            "restorable": files.restorable,
            "retention_days": settings.HEARTH_ATTACHMENT_RETENTION.days,
            "can_edit": policies.can_edit_document(actor, document),
            "attachment_form": AttachmentForm(),
        },
    )


def _edit_initial(document: Document) -> dict:
    return {
        "title": document.title,
        "body": document.body,
        "status": document.status,
        "collection": str(document.collection_id or ""),
        "tags": ", ".join(t.slug for t in document.tags.all()),
        "review_on": document.review_on,
        "base_revision": document.revision,
    }


def edit(request, document_id: int):
    actor = request.actor
    document = selectors.document_get(actor=actor, document_id=document_id)
    policies.require_edit_document(actor, document)
    collections = selectors.collection_list(actor=actor, space=document.space)
    form = DocumentEditForm(
        request.POST or None, collections=collections, initial=_edit_initial(document)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_edit(
                actor=actor,
                document=document,
                base_revision=data["base_revision"],
                note=data["note"],
                **_document_fields(data),
            )
        except services.EditConflict as conflict:
            return _merge_view(
                request, document=document, form=form, conflict=conflict, collections=collections
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"Saved as revision {document.revision}.")
            return redirect(document)
    return render(
        request,
        "library/form.html",
        {
            "form": form,
            "space": document.space,
            "document": document,
        },
        status=400 if request.method == "POST" else 200,
    )


def _submitted_fields(data: dict) -> dict:
    """The merged fields of a (validated) edit, compared as ``merge_fields`` does."""
    return {
        "title": " ".join(data["title"].split()),
        "status": data["status"],
        "collection": int(data["collection"]) if data["collection"] else None,
        "tags": tuple(sorted(tags_parse(data["tags"]))),
        "review_on": data["review_on"],
    }


def _merge_view(request, *, document, form, conflict, collections):
    """The editor's text and fields merged with what was saved since their base
    revision: the text by lines, every other field by itself. What only the other
    person changed is kept, what only the editor changed is theirs, and a field both
    changed differently is asked about (the form is not valid until it is chosen)."""
    data = form.cleaned_data
    base, theirs = selectors.revision_pair(
        actor=request.actor,
        document=document,
        old=data["base_revision"],
        new=conflict.current.number,
    )
    who = theirs.author.display_name if theirs.author else "someone"
    merged = merge_three(
        base=base.body,
        theirs=theirs.body,
        mine=data["body"],
        theirs_label=f"revision {theirs.number} by {who}",
    )
    base_fields, theirs_fields = selectors.merge_sides(document=document, base=base, theirs=theirs)
    fields = merge_fields(base=base_fields, theirs=theirs_fields, mine=_submitted_fields(data))
    initial = {**data, "body": merged.text, "base_revision": theirs.number}
    for field in fields:
        if field.is_conflict:
            initial[f"theirs_{field.name}"] = form_value(field.name, field.theirs)
            initial[f"mine_{field.name}"] = form_value(field.name, field.mine)
        else:
            initial[field.name] = form_value(field.name, field.value)
    initial["conflicts"] = ",".join(field.name for field in fields if field.is_conflict)
    theirs_by = f" (revision {theirs.number} by {who})"
    merge_form = DocumentEditForm(collections=collections, initial=initial, theirs_by=theirs_by)
    names = {str(c.pk): c.name for c in collections}

    def shown(name, value):
        return field_shown(name, form_value(name, value), names)

    return render(
        request,
        "library/merge.html",
        {
            "document": document,
            "space": document.space,
            "form": merge_form,
            "base": base,
            "theirs": theirs,
            "merged": merged,
            "their_change": diff_lines(
                base.body, theirs.body, old_label="base", new_label="theirs"
            ),
            "your_change": diff_lines(base.body, data["body"], old_label="base", new_label="yours"),
            # What the newer revision changed besides the text, so that no one saves
            # over it unawares (base unknown: every field that differs is asked about).
            "their_field_changes": [
                {
                    "field": FIELD_WORDS[field.name].capitalize(),
                    "before": shown(field.name, field.base),
                    "after": shown(field.name, field.theirs),
                    "conflict": field.is_conflict,
                }
                for field in fields
                if field.theirs_changed and field.base is not UNKNOWN
            ],
            "fields_unknown": any(field.base is UNKNOWN for field in fields),
            "field_conflicts": sum(1 for field in fields if field.is_conflict),
        },
        status=409,
    )


def history(request, document_id: int):
    document = selectors.document_get(actor=request.actor, document_id=document_id)
    rows = selectors.revision_list(actor=request.actor, document=document)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "library/history.html",
        {
            "document": document,
            "space": document.space,
            "page": page,
            "can_edit": policies.can_edit_document(request.actor, document),
        },
    )


def _revision_number(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    # Revision numbers are a 32-bit column: a larger one is no revision's.
    number = whole_number(value, maximum=INT_MAX)
    if number is None or number < 1:
        raise Invalid("A revision is a number from 1.", field=name)
    return number


def diff(request, document_id: int):
    document = selectors.document_get(actor=request.actor, document_id=document_id)
    new = _revision_number(request.GET.get("to"), document.revision, "to")
    old = _revision_number(request.GET.get("from"), max(new - 1, 1), "from")
    old_rev, new_rev = selectors.revision_pair(
        actor=request.actor, document=document, old=old, new=new
    )
    return render(
        request,
        "library/diff.html",
        {
            "document": document,
            "space": document.space,
            "old": old_rev,
            "new": new_rev,
            "lines": selectors.revision_diff(old=old_rev, new=new_rev),
            "can_edit": policies.can_edit_document(request.actor, document),
        },
    )


@require_POST
def restore(request, document_id: int):
    document = selectors.document_get(actor=request.actor, document_id=document_id)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        raise Invalid("Choose a revision to restore.", field="number")
    try:
        document = services.document_restore(
            actor=request.actor,
            document=document,
            number=form.cleaned_data["number"],
            base_revision=form.cleaned_data["base_revision"],
        )
    except services.EditConflict as conflict:
        messages.error(request, conflict.message + " Look at the history again before restoring.")
        return redirect("library:history", document_id=document.pk)
    messages.success(
        request, f"Revision {form.cleaned_data['number']} is back, as revision {document.revision}."
    )
    return redirect(document)


@require_POST
def attachment_upload(request, document_id: int):
    document = selectors.document_get(actor=request.actor, document_id=document_id)
    policies.require_edit_document(request.actor, document)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Invalid("Choose a file to attach.", field="file")
    attachment = services.attachment_add(
        actor=request.actor, document=document, upload=form.cleaned_data["file"]
    )
    messages.success(request, f"“{attachment.name}” is attached.")
    return redirect(document)


def attachment_download(request, attachment_id: int):
    """The file, only through the policy; images shown inline, everything else
    downloaded, with the type read at upload and no sniffing. A removed file only
    for those who may restore it (to look before they do)."""
    attachment = selectors.attachment_get(
        actor=request.actor, attachment_id=attachment_id, removed=True
    )
    return private_file_response(
        name=attachment.file.name,
        filename=attachment.name,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        max_age=300,
        content_security_policy=FILE_CSP,
    )


@require_POST
def conversation_attachment_upload(request, conversation_id: int):
    conversation = conversation_get(actor=request.actor, conversation_id=conversation_id)
    policies.require_attach_to_conversation(request.actor, conversation)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Invalid("Choose a file to attach.", field="file")
    attachment = services.attachment_add(
        actor=request.actor, conversation=conversation, upload=form.cleaned_data["file"]
    )
    messages.success(request, f"“{attachment.name}” is attached.")
    return redirect(conversation)


@require_POST
def attachment_remove(request, attachment_id: int):
    attachment = selectors.attachment_get(actor=request.actor, attachment_id=attachment_id)
    back = attachment.document or attachment.conversation
    services.attachment_remove(actor=request.actor, attachment=attachment)
    until = services.attachment_restorable_until(attachment)
    messages.success(
        request,
        f"“{attachment.name}” is removed. It can be put back until {short_datetime(until)}.",
    )
    return redirect(back)


@require_POST
def attachment_restore(request, attachment_id: int):
    attachment = selectors.attachment_get(
        actor=request.actor, attachment_id=attachment_id, removed=True
    )
    back = attachment.document or attachment.conversation
    services.attachment_restore(actor=request.actor, attachment=attachment)
    messages.success(request, f"“{attachment.name}” is back.")
    return redirect(back)
