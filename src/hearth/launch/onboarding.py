"""Each new member's onboarding checklist, detected from the data, and its reminders.

An item's detector answers True (done), False (to do) or None (does not apply
here). Detectors are plain functions registered in ``DETECTORS``; the rules item
calls the function named by the ``HEARTH_RULES_ACKNOWLEDGED`` setting (a dotted
path taking ``space`` and ``user``) and does not apply while none is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Follow, Reply
from hearth.core.errors import Forbidden, Invalid
from hearth.launch.models import OnboardingReminder, SpaceWelcome
from hearth.notifications.services import notification_send
from hearth.spaces.models import Membership

REMIND_AFTER = timedelta(days=3)
REMIND_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    hint: str
    done: bool | None  # None: does not apply in this space (yet)


@dataclass(frozen=True)
class Checklist:
    items: list[Item]

    @property
    def applicable(self) -> list[Item]:
        return [i for i in self.items if i.done is not None]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.applicable if i.done)

    @property
    def percent(self) -> int:
        items = self.applicable
        return 100 if not items else round(100 * self.done_count / len(items))

    @property
    def complete(self) -> bool:
        return all(i.done for i in self.applicable)


def _profile(space, user) -> bool:
    return bool(user.photo) and bool(user.title) and user.expertise.exists()


def _rules(space, user) -> bool | None:
    path = getattr(settings, "HEARTH_RULES_ACKNOWLEDGED", "")
    if not path:
        return None
    return import_string(path)(space=space, user=user)


def _key_tags(space, user) -> bool | None:
    tag_ids = list(
        SpaceWelcome.key_tags.through.objects.filter(spacewelcome__space=space).values_list(
            "tag_id", flat=True
        )
    )
    if not tag_ids:
        return None
    followed = Follow.objects.filter(user=user, tag_id__in=tag_ids).count()
    return followed == len(tag_ids)


def _preferences(space, user) -> bool:
    # Choosing how to hear about the space leaves a follow of it (any level).
    return Follow.objects.filter(user=user, space=space).exists()


def _introduced(space, user) -> bool:
    return (
        Conversation.objects.filter(space=space, author=user).exists()
        or Reply.objects.filter(conversation__space=space, author=user).exists()
    )


Detector = Callable[..., "bool | None"]
DETECTORS: list[tuple[str, str, str, Detector]] = [
    (
        "profile",
        "Complete your profile",
        "A recognisable photo, your job title and your areas of expertise.",
        _profile,
    ),
    ("rules", "Acknowledge the space's rules", "Read the rules and say you agree.", _rules),
    ("tags", "Follow the space's key tags", "So its main topics reach your feed.", _key_tags),
    (
        "preferences",
        "Choose your alerts and digest",
        "How much you hear about this space, and whether by email.",
        _preferences,
    ),
    ("introduce", "Introduce yourself", "Start a conversation or reply in the space.", _introduced),
]


def checklist_for(*, space, user) -> Checklist:
    """The member's checklist in this space: one small query per item."""
    return Checklist(
        items=[
            Item(key, label, hint, detect(space=space, user=user))
            for key, label, hint, detect in DETECTORS
        ]
    )


def onboarding_get(*, actor: Actor, space) -> tuple[SpaceWelcome | None, Checklist | None]:
    """The welcome (for anyone who may read the space) and the actor's checklist (members)."""
    policy.require_read_space(actor, space)
    welcome = SpaceWelcome.objects.filter(space=space).prefetch_related("key_tags").first()
    checklist = (
        checklist_for(space=space, user=actor.user) if actor.role_in(space) is not None else None
    )
    return welcome, checklist


def onboarding_preferences_set(*, actor: Actor, space, level: str, email: str) -> None:
    """A member chooses how they hear about the space (follow level) and by email."""
    policy.require_read_space(actor, space)
    if actor.role_in(space) is None:
        raise Forbidden("Join this space to choose how you hear about it.")
    if level not in Follow.Level.values:
        raise Invalid("Choose watching, normal or muted.", field="level")
    user_model = get_user_model()
    if email not in user_model.EmailPreference.values:
        raise Invalid("Choose whether to receive email.", field="email")
    with transaction.atomic():
        Follow.objects.update_or_create(user=actor.user, space=space, defaults={"level": level})
        user_model.objects.filter(pk=actor.user_id).update(email_notifications=email)
        actor.user.email_notifications = email


def onboarding_reminders_send(*, now=None) -> int:
    """A gentle reminder, once, to members who joined 3 to 30 days ago and have not
    finished their checklist. The reminder row is unique per member and space."""
    now = now or timezone.now()
    sent = 0
    recent = (
        Membership.objects.filter(
            joined_at__lte=now - REMIND_AFTER, joined_at__gte=now - REMIND_WITHIN
        )
        .exclude(
            Exists(
                OnboardingReminder.objects.filter(
                    user_id=OuterRef("user_id"), space_id=OuterRef("space_id")
                )
            )
        )
        .select_related("space", "user")
    )
    for membership in recent.iterator(chunk_size=200):
        checklist = checklist_for(space=membership.space, user=membership.user)
        if checklist.complete:
            continue
        try:
            with transaction.atomic():
                OnboardingReminder.objects.create(space=membership.space, user=membership.user)
                todo = ", ".join(i.label.lower() for i in checklist.applicable if not i.done)
                notification_send(
                    recipient=membership.user,
                    kind="onboarding",
                    space=membership.space,
                    text=f"Welcome again to {membership.space}! Still to do: {todo}.",
                    url=f"/s/{membership.space.slug}/welcome/",
                )
        except IntegrityError:
            continue
        sent += 1
    return sent
