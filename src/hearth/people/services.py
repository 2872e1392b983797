"""Writes for people: accounts, profiles, photos."""

from __future__ import annotations

import io
import re
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.core.indexing import index_changed
from hearth.people.models import BusinessUnit, Country, ExpertiseTag

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from hearth.people.models import User

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Pillow refuses to decode images larger than this many pixels (decompression bombs).
Image.MAX_IMAGE_PIXELS = 40_000_000


@change("person.create", check=policy.require_create_person, on="")
def person_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    display_name: str,
    business_unit: str | None = None,
    country: str | None = None,
    via: str = "api",
) -> User:
    """Create an account (platform admins). The person sets a password by reset."""
    User = get_user_model()
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise Invalid(
            "A username is 2–40 lowercase letters, digits, dots, hyphens or "
            "underscores, starting with a letter or digit.",
            field="username",
        )
    try:
        validate_email(email or "")
    except ValidationError as error:
        raise Invalid("Give a valid email address.", field="email") from error
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise Invalid("A display name is 1–120 characters.", field="display_name")
    unit = _lookup(BusinessUnit, "slug", business_unit, "business_unit")
    land = _lookup(Country, "code", country.upper() if country else None, "country")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"The username “{username}” is already taken.", field="username")
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict("Another account already uses this email address.", field="email")
    with transaction.atomic():
        person = User(
            username=username,
            email=email,
            display_name=display_name,
            business_unit=unit,
            country=land,
        )
        person.set_unusable_password()
        person.save()
        index_changed(person)
        record(
            actor,
            target=person,
            after={
                "username": username,
                "email": email,
                "business_unit": business_unit,
                "country": country,
            },
            via=via,
        )
    return person


def _lookup(model, field: str, value, name: str):
    if value in (None, ""):
        return None
    found = model.objects.filter(**{field: value}).first()
    if found is None:
        raise Invalid(f"Unknown {name.replace('_', ' ')}: {value}.", field=name)
    return found


def expertise_parse(text: str) -> list[str]:
    names = [n.strip() for n in re.split(r"[,\n]", text or "") if n.strip()]
    if len(names) > 20:
        raise Invalid("List at most 20 areas of expertise.", field="expertise")
    for name in names:
        if len(name) > 60:
            raise Invalid(
                f"“{name[:30]}…” is too long for an area of expertise.", field="expertise"
            )
    return names


def _audit_for_someone_else(
    *, actor: Actor, person, action: str, before: dict, after: dict, via: str
) -> None:
    """A platform admin changing another person's profile acts with a power: audited."""
    if actor.user_id != person.pk:
        record(actor, action=action, target=person, before=before, after=after, via=via)


PROFILE_FIELDS = ("display_name", "title", "location", "bio", "email_notifications")


def _profile_of(person) -> dict:
    fields = {name: getattr(person, name) for name in PROFILE_FIELDS}
    fields["business_unit"] = person.business_unit_id
    fields["country"] = person.country_id
    return fields


@change("person.profile", check=policy.require_edit_profile, on="person")
def profile_update(
    *,
    actor: Actor,
    person: User,
    display_name: str,
    title: str = "",
    business_unit: BusinessUnit | None = None,
    country: Country | None = None,
    location: str = "",
    bio: str = "",
    expertise: list[str] | None = None,
    email_notifications: str | None = None,
    via: str = "web",
) -> User:
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise Invalid("A display name is 1–120 characters.", field="display_name")
    for field, value, limit in (
        ("title", title, 120),
        ("location", location, 120),
        ("bio", bio, 2000),
    ):
        if len(value or "") > limit:
            raise Invalid(f"The {field} can be at most {limit:,} characters.", field=field)
    with transaction.atomic():
        before = _profile_of(person)
        person.display_name, person.title = display_name, (title or "").strip()
        person.business_unit, person.country = business_unit, country
        person.location, person.bio = (location or "").strip(), (bio or "").strip()
        if email_notifications is not None:
            if email_notifications not in type(person).EmailPreference.values:
                raise Invalid("Choose which emails you want.", field="email_notifications")
            person.email_notifications = email_notifications
        person.save()
        if expertise is not None:
            tags = []
            for name in expertise:
                slug = slugify(name)[:60] or name.lower()[:60]
                tag, _ = ExpertiseTag.objects.get_or_create(slug=slug, defaults={"name": name})
                tags.append(tag)
            person.expertise.set(tags)
        index_changed(person)
        _audit_for_someone_else(
            actor=actor,
            person=person,
            action="person.profile_update",
            before=before,
            after=_profile_of(person),
            via=via,
        )
    return person


def photo_process(upload: UploadedFile) -> ContentFile:
    """Validate an uploaded photo by content (not by name) and size, and resize it.

    Returns a square JPEG of HEARTH_PHOTO_SIZE pixels; raises ``Invalid`` otherwise.
    """
    if upload.size > settings.HEARTH_PHOTO_MAX_BYTES:
        limit = settings.HEARTH_PHOTO_MAX_BYTES // (1024 * 1024)
        raise Invalid(f"The photo is too big: at most {limit} MB.", field="photo")
    try:
        image = Image.open(upload)
        if image.format not in PHOTO_FORMATS:
            raise Invalid("The photo must be a JPEG, PNG, WebP or GIF image.", field="photo")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise Invalid(
            "That file is not an image we can read (JPEG, PNG, WebP or GIF).", field="photo"
        ) from error
    image = ImageOps.exif_transpose(image).convert("RGB")
    side = settings.HEARTH_PHOTO_SIZE
    image = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue())


@change("person.photo", check=policy.require_edit_profile, on="person")
def profile_photo_set(
    *, actor: Actor, person: User, upload: UploadedFile, via: str = "web"
) -> User:
    content = photo_process(upload)
    old = person.photo.name if person.photo else None
    # A new random name each time: the photo's address changes with it, so that
    # browsers may keep a photo for long, and no address is derived from a username.
    person.photo.save(f"{secrets.token_hex(12)}.jpg", content, save=True)
    if old and old != person.photo.name:
        person.photo.storage.delete(old)
    _audit_for_someone_else(
        actor=actor,
        person=person,
        action="person.photo_set",
        before={"photo": old or ""},
        after={"photo": person.photo.name},
        via=via,
    )
    return person


@change("person.photo", check=policy.require_edit_profile, on="person")
def profile_photo_remove(*, actor: Actor, person: User, via: str = "web") -> User:
    old = person.photo.name if person.photo else ""
    if person.photo:
        person.photo.delete(save=True)
    _audit_for_someone_else(
        actor=actor,
        person=person,
        action="person.photo_remove",
        before={"photo": old},
        after={"photo": ""},
        via=via,
    )
    return person
