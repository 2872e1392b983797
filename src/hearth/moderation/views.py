"""Moderation pages: reporting, the review queues, a case, a person's record, one's
own sanctions, and a space's guidelines. Reads through selectors, writes through
services; the policy refuses and HearthErrorMiddleware renders the refusal."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.errors import HearthError, NotFound
from hearth.core.pages import form_error_add
from hearth.moderation import policies, selectors, services
from hearth.moderation.forms import (
    DecisionForm,
    GuidelineForm,
    NoteForm,
    ReportForm,
    SanctionForm,
)
from hearth.moderation.models import Sanction
from hearth.moderation.targets import target_kind
from hearth.spaces import selectors as space_selectors
from hearth.spaces.models import Space
from hearth.spaces.pages import space_page_context

QUEUE_PAGE = 25


def _person(username: str):
    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None:
        raise NotFound("No such person.")
    return person


def report(request, target_type: str, target_id: int):
    """Report an item: the space's guidelines are shown beside the form."""
    kind = target_kind(target_type)
    item = kind.get(actor=request.actor, target_id=target_id)
    space = kind.space_of(item)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                actor=request.actor,
                target_type=kind.name,
                target_id=item.pk,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(
                request, "Thank you: the moderators will review it. You will hear what they decide."
            )
            return redirect(kind.url_of(item))
    return render(
        request,
        "moderation/report.html",
        {
            "form": form,
            "kind": kind,
            "item": item,
            "space": space,
            "label": kind.label_of(item),
            "url": kind.url_of(item),
            "guideline": selectors.guideline_current(space=space),
        },
        status=400 if request.method == "POST" else 200,
    )


def _queue_page(request, rows, *, space: Space | None):
    page = Paginator(rows, QUEUE_PAGE).get_page(request.GET.get("page"))
    cases = selectors.queue_details(list(page.object_list))
    return render(
        request,
        "moderation/queue.html",
        {"page": page, "cases": cases, "space": space, "now": timezone.now()},
    )


def space_queue(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return _queue_page(
        request, selectors.review_queue(actor=request.actor, space=space), space=space
    )


def platform_queue(request):
    return _queue_page(request, selectors.review_queue(actor=request.actor), space=None)


def _sanction_from(data) -> dict | None:
    if not data.get("sanction"):
        return None
    days = data.get("sanction_days")
    return {
        "kind": data["sanction"],
        "reason": data.get("sanction_reason", ""),
        "until": timezone.now() + timedelta(days=days) if days else None,
    }


def case_detail(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id)
    initial = {"body": case.kind.text_of(case.item) if case.item is not None else ""}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and case.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_decide(
                actor=request.actor,
                case=case,
                decision=data["decision"],
                reason=data["reason"],
                body=data["body"],
                sanction=_sanction_from(data),
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(
                request, f"Decided: {case.get_decision_display()}. The reporters are told."
            )
            back = f"/s/{case.space.slug}/review/" if case.space_id else "/moderation/"
            return redirect(back)
    return render(
        request,
        "moderation/case.html",
        {
            "case": case,
            "form": form,
            "guideline": selectors.guideline_current(space=case.space),
        },
        status=400 if request.method == "POST" else 200,
    )


def guidelines(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_read_space(request.actor, space)
    can_edit = policies.can_review_space(request.actor, space)
    current = selectors.guideline_current(space=space)
    form = None
    if can_edit:
        form = GuidelineForm(
            request.POST or None,
            initial={
                "body": current.body if current else "",
                "threshold": services.report_threshold(space),
            },
        )
    if request.method == "POST":
        policies.require_review_space(request.actor, space)
        if form.is_valid():
            try:
                data = form.cleaned_data
                if data["threshold"] != services.report_threshold(space):
                    services.report_threshold_set(
                        actor=request.actor, space=space, threshold=data["threshold"]
                    )
                if not current or data["body"].strip() != current.body:
                    services.guideline_publish(actor=request.actor, space=space, body=data["body"])
            except HearthError as error:
                form_error_add(form, error)
            else:
                messages.success(request, "The guidelines are saved.")
                return redirect("moderation:guidelines", slug=space.slug)
    context = space_page_context(request, space)
    context.update(
        {
            "guideline": current,
            "form": form,
            "can_edit": can_edit,
            "versions": selectors.guideline_versions(actor=request.actor, space=space)[:20],
        }
    )
    return render(
        request,
        "moderation/guidelines.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _spaces_reviewed(request, person) -> list:
    """The person's spaces the viewer moderates: where they may sanction or note."""
    return [
        s
        for s in Space.objects.filter(memberships__user=person).order_by("name")
        if policies.can_review_space(request.actor, s)
    ]


def _sanction_form(request, person, data=None):
    return SanctionForm(
        data,
        spaces=_spaces_reviewed(request, person),
        platform=policies.can_review_platform(request.actor),
    )


def _note_form(request, person, data=None):
    return NoteForm(
        data,
        spaces=_spaces_reviewed(request, person),
        platform=policies.can_review_platform(request.actor),
    )


def person_record(request, username: str, *, sanction_form=None, note_form=None, status: int = 200):
    person = _person(username)
    record = selectors.person_record(actor=request.actor, person=person)
    return render(
        request,
        "moderation/person.html",
        {
            "person": person,
            **record,
            "sanction_form": sanction_form or _sanction_form(request, person),
            "note_form": note_form or _note_form(request, person),
        },
        status=status,
    )


@require_POST
def sanction(request, username: str):
    person = _person(username)
    policies.require_see_moderation_record(request.actor, person)
    form = _sanction_form(request, person, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        space = Space.objects.filter(slug=data["space"]).first() if data["space"] else None
        try:
            services.sanction_create(
                actor=request.actor,
                person=person,
                kind=data["kind"],
                reason=data["reason"],
                until=data["until"],
                space=space,
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"{person.display_name} is told why.")
            return redirect("moderation:person", username=person.username)
    return person_record(request, username, sanction_form=form, status=400)


@require_POST
def note(request, username: str):
    person = _person(username)
    policies.require_see_moderation_record(request.actor, person)
    form = _note_form(request, person, request.POST)
    if form.is_valid():
        slug = form.cleaned_data["space"]
        space = Space.objects.filter(slug=slug).first() if slug else None
        try:
            services.staff_note_add(
                actor=request.actor, person=person, body=form.cleaned_data["body"], space=space
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            return redirect("moderation:person", username=person.username)
    policies.require_see_moderation_record(request.actor, person)
    return person_record(request, username, note_form=form, status=400)


@require_POST
def sanction_lift(request, username: str, sanction_id: int):
    """Lift a sanction early (the moderators of its space, or platform admins)."""
    person = _person(username)
    policies.require_see_moderation_record(request.actor, person)
    if not Sanction.objects.filter(pk=sanction_id, person=person).exists():
        raise NotFound("No such sanction.")
    if services.sanction_lift(sanction_id=sanction_id, actor=request.actor, via="web"):
        messages.success(request, "Lifted. They are told.")
    return redirect("moderation:person", username=person.username)


def mine(request):
    return render(
        request,
        "moderation/mine.html",
        {**selectors.my_moderation(actor=request.actor), "now": timezone.now()},
    )
