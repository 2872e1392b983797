import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hearth.core.errors import HearthError, NotFound
from hearth.core.files import private_file_response
from hearth.moderation.policies import can_see_moderation_record
from hearth.people import services
from hearth.people.forms import PeopleFilterForm, PhotoForm, ProfileForm
from hearth.people.selectors import person_list, profile_completeness
from hearth.spaces.models import Membership, Space

# The directory shows every employee the same results for the same filters (no
# one's profile is private), so a rendered page of results is kept briefly: a new
# colleague appears within this many seconds.
RESULTS_TTL_SECONDS = 30
# A stored photo's file name (photos/<name>): never a path, always a JPEG
# (``services.photo_process``); names given before random ones held the username.
PHOTO_FOLDER = "photos/"
PHOTO_NAME = re.compile(r"[\w@+-][\w.@+-]{0,150}\.jpg")
PHOTO_MAX_AGE = 24 * 3600


def _directory_results(request, filters: dict) -> str:
    key = "hearth:people:results:" + hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        people = person_list(
            q=filters.get("q") or "",
            business_unit=filters.get("business_unit") or "",
            country=filters.get("country") or "",
            expertise=filters.get("expertise") or "",
        )
        page = Paginator(people, settings.HEARTH_PAGE_SIZE).get_page(request.GET.get("page"))
        html = render_to_string("people/_results.html", {"page": page}, request)
        cache.set(key, html, RESULTS_TTL_SECONDS)
    return mark_safe(html)  # rendered by the template engine, escaped there


def directory(request):
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    results = _directory_results(request, filters)
    if request.headers.get("HX-Request"):
        return HttpResponse(results)
    return render(request, "people/directory.html", {"form": form, "results": results})


def profile(request, username: str):
    person = (
        get_user_model()
        .objects.select_related("business_unit", "country")
        .filter(username=username, is_active=True)
        .first()
    )
    if person is None:
        raise NotFound("No such person.")
    # Only the spaces the viewer may know exist are shown on someone's profile.
    visible = Space.objects.visible_to(request.actor)
    memberships = (
        Membership.objects.filter(user=person, space__in=visible)
        .select_related("space")
        .order_by("space__name")[:50]
    )
    expertise = list(person.expertise.all())
    is_self = person.pk == request.user.pk
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "memberships": memberships,
            "expertise": expertise,
            "is_self": is_self,
            "can_see_moderation": can_see_moderation_record(request.actor, person),
            "completeness": profile_completeness(person, expertise_count=len(expertise))
            if is_self
            else None,
        },
    )


def _profile_form_initial(person) -> dict:
    return {
        "display_name": person.display_name,
        "title": person.title,
        "business_unit": person.business_unit,
        "country": person.country,
        "location": person.location,
        "bio": person.bio,
        "expertise": ", ".join(t.name for t in person.expertise.all()),
        "email_notifications": person.email_notifications,
    }


def _render_profile_edit(request, *, form=None, photo_form=None, status=200):
    person = request.user
    return render(
        request,
        "people/profile_edit.html",
        {
            "form": form or ProfileForm(initial=_profile_form_initial(person)),
            "photo_form": photo_form or PhotoForm(),
            "person": person,
            "completeness": profile_completeness(person),
        },
        status=status,
    )


def profile_edit(request):
    if request.method != "POST":
        return _render_profile_edit(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                actor=request.actor,
                person=request.user,
                display_name=data["display_name"],
                title=data["title"],
                business_unit=data["business_unit"],
                country=data["country"],
                location=data["location"],
                bio=data["bio"],
                expertise=services.expertise_parse(data["expertise"]),
                email_notifications=data["email_notifications"] or None,
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("people:profile_edit")
    return _render_profile_edit(request, form=form, status=400)


@require_POST
def photo_upload(request):
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.profile_photo_set(
                actor=request.actor, person=request.user, upload=form.cleaned_data["photo"]
            )
        except HearthError as error:
            form.add_error("photo", error.message)
        else:
            messages.success(request, "Your photo is updated.")
            return redirect("people:profile_edit")
    return _render_profile_edit(request, photo_form=form, status=400)


def photo(request, name: str):
    """A profile photo, for signed-in colleagues only: the sign-in middleware turns
    anyone else away before this view, and no other URL serves the photos' folder.
    Photos are public within Hearth, so a stored photo's name is all it takes."""
    if not PHOTO_NAME.fullmatch(name):
        raise NotFound("No such photo.")
    return private_file_response(
        name=f"{PHOTO_FOLDER}{name}",
        filename=name,
        content_type="image/jpeg",
        as_attachment=False,
        # Each upload gets a new name, so a photo's address never shows another.
        max_age=PHOTO_MAX_AGE,
    )


@require_POST
def photo_remove(request):
    services.profile_photo_remove(actor=request.actor, person=request.user)
    messages.success(request, "Your photo is removed.")
    return redirect("people:profile_edit")
