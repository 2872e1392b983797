"""Factories with keyword-only arguments; each makes one valid row with defaults."""

import itertools

from django.contrib.auth import get_user_model

from hearth.api.models import ApiToken
from hearth.people.models import BusinessUnit, Country
from hearth.spaces.models import AccessRequest, Invitation, Membership, Space, Visibility

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def business_unit_make(*, name: str | None = None, slug: str | None = None) -> BusinessUnit:
    n = next(_seq)
    return BusinessUnit.objects.create(name=name or f"Unit {n}", slug=slug or f"unit-{n}")


def country_make(*, code: str = "FR", name: str = "France") -> Country:
    return Country.objects.get_or_create(code=code, defaults={"name": name})[0]


def person_make(
    *,
    username: str | None = None,
    display_name: str | None = None,
    org_role: str = "employee",
    password: str = PASSWORD,
    **fields,
):
    n = next(_seq)
    username = username or f"person{n}"
    return get_user_model().objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.org",
        display_name=display_name or f"Person {n}",
        org_role=org_role,
        **fields,
    )


def space_make(
    *,
    name: str | None = None,
    slug: str | None = None,
    visibility: str = Visibility.OPEN,
    leader=None,
    description: str = "",
    business_unit=None,
) -> Space:
    n = next(_seq)
    space = Space.objects.create(
        name=name or f"Space {n}",
        slug=slug or f"space-{n}",
        visibility=visibility,
        description=description or f"What space {n} is for.",
        business_unit=business_unit,
    )
    if leader is not None:
        membership_make(space=space, user=leader, role="leader")
    return space


def membership_make(*, space: Space, user, role: str = "member") -> Membership:
    membership = Membership.objects.create(space=space, user=user, role=role)
    Space.objects.filter(pk=space.pk).update(member_count=space.memberships.count())
    space.refresh_from_db(fields=["member_count"])
    return membership


def access_request_make(*, space: Space, user, message: str = "Please let me in.") -> AccessRequest:
    return AccessRequest.objects.create(space=space, user=user, message=message)


def invitation_make(*, space: Space, user, invited_by=None, role: str = "member") -> Invitation:
    return Invitation.objects.create(space=space, user=user, invited_by=invited_by, role=role)


def token_make(*, user) -> str:
    return ApiToken.issue(user=user)[1]


def conversation_make(
    *,
    space,
    author,
    kind: str = "discussion",
    title: str = "",
    body: str = "What do you think?",
    tags=None,
):
    from hearth.access.actor import Actor
    from hearth.conversations.services import conversation_create

    if not space.memberships.filter(user=author).exists():
        membership_make(space=space, user=author)
    conversation, _ = conversation_create(
        actor=Actor.for_user(author),
        space=space,
        kind=kind,
        title=title or f"Conversation {next(_seq)}",
        body=body,
        tags=tags,
    )
    return conversation


def reply_make(*, conversation, author, body: str = "Here is my answer."):
    from hearth.access.actor import Actor
    from hearth.conversations.services import reply_create

    if not conversation.space.memberships.filter(user=author).exists():
        membership_make(space=conversation.space, user=author)
    reply, _ = reply_create(actor=Actor.for_user(author), conversation=conversation, body=body)
    return reply


def space_in_state_make(
    *, state: str, visibility: str = Visibility.OPEN, leader=None, **fields
) -> Space:
    """A space already in a lifecycle state (as if its leaders had moved it there)."""
    space = space_make(visibility=visibility, leader=leader, **fields)
    Space.objects.filter(pk=space.pk).update(state=state)
    space.refresh_from_db()
    return space


def rules_make(
    *,
    space,
    leader,
    text: str = "Be kind. Share what you learn.",
    require_acknowledgement: bool = True,
):
    """A rules document with its first version, written by ``leader``."""
    from hearth.access.actor import Actor
    from hearth.rules.services import rules_document_of, rules_publish_first

    version = rules_publish_first(actor=Actor.for_user(leader), space=space, text=text)
    document = rules_document_of(space)
    if document.require_acknowledgement != require_acknowledgement:
        document.require_acknowledgement = require_acknowledgement
        document.save(update_fields=["require_acknowledgement"])
    return version


def report_make(*, reporter, target, reason: str = "spam", text: str = ""):
    """Report a conversation, reply or person (a profile) as ``reporter``."""
    from hearth.access.actor import Actor
    from hearth.moderation.services import report_create

    kind = {"Conversation": "conversation", "Reply": "reply"}.get(type(target).__name__, "profile")
    return report_create(
        actor=Actor.for_user(reporter),
        target_type=kind,
        target_id=target.pk,
        reason=reason,
        text=text,
    )


def document_make(
    *,
    space,
    owner,
    title: str = "",
    body: str = "First line.\nSecond line.\n",
    status: str = "published",
    tags=None,
    collection=None,
):
    from hearth.access.actor import Actor
    from hearth.library.services import document_create

    if not space.memberships.filter(user=owner).exists():
        membership_make(space=space, user=owner)
    return document_create(
        actor=Actor.for_user(owner),
        space=space,
        title=title or f"Document {next(_seq)}",
        body=body,
        status=status,
        tags=tags,
        collection=collection,
    )


def attachment_make(
    *,
    uploaded_by,
    document=None,
    conversation=None,
    name: str = "guide.pdf",
    data: bytes = b"%PDF-1.7\n",
    content_type: str = "application/pdf",
):
    """A file on a document or a conversation, stored in the private storage."""
    import uuid

    from django.core.files.base import ContentFile

    from hearth.library.models import Attachment

    attachment = Attachment(
        document=document,
        conversation=conversation,
        name=name,
        content_type=content_type,
        size=len(data),
        is_image=content_type.startswith("image/"),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(
        f"{uuid.uuid4().hex}.{name.rsplit('.', 1)[-1]}", ContentFile(data), save=False
    )
    attachment.save()
    return attachment


def poll_make(
    *,
    space,
    author,
    question: str = "Which day suits the team lunch?",
    options=("Monday", "Thursday", "Friday"),
    **fields,
):
    from hearth.access.actor import Actor
    from hearth.polls.services import poll_create

    if not space.memberships.filter(user=author).exists():
        membership_make(space=space, user=author)
    return poll_create(
        actor=Actor.for_user(author),
        space=space,
        question=question,
        options=list(options),
        **fields,
    )


def idea_make(*, space, author, title: str = "", body: str = "", campaign=None):
    from hearth.access.actor import Actor
    from hearth.ideas.services import idea_submit

    if not space.memberships.filter(user=author).exists():
        membership_make(space=space, user=author)
    return idea_submit(
        actor=Actor.for_user(author),
        space=space,
        title=title or f"Idea number {next(_seq)}",
        body=body,
        campaign=campaign,
    )


def event_make(
    *,
    space,
    host,
    title: str = "",
    starts_at=None,
    ends_at=None,
    timezone_name: str = "Europe/Paris",
    place: str = "Room 4",
    capacity: int | None = None,
    **fields,
):
    from datetime import timedelta

    from django.utils import timezone

    from hearth.access.actor import Actor
    from hearth.events.services import event_create

    if not space.memberships.filter(user=host).exists():
        membership_make(space=space, user=host)
    starts_at = starts_at or timezone.now() + timedelta(days=3)
    ends_at = ends_at or starts_at + timedelta(hours=1)
    return event_create(
        actor=Actor.for_user(host),
        space=space,
        title=title or f"Event {next(_seq)}",
        starts_at=starts_at,
        ends_at=ends_at,
        timezone_name=timezone_name,
        place=place,
        capacity=capacity,
        **fields,
    )


def story_make(
    *,
    space,
    author,
    title: str = "",
    body: str = "We cut the wait in half.",
    outcome_kind: str = "time_saved",
    hours_saved=None,
    money_saved=None,
    currency: str = "",
    beneficiaries: str = "",
):
    from hearth.access.actor import Actor
    from hearth.stories.services import StoryFields, story_create

    if not space.memberships.filter(user=author).exists():
        membership_make(space=space, user=author)
    return story_create(
        actor=Actor.for_user(author),
        space=space,
        fields=StoryFields(
            title=title or f"Story number {next(_seq)}",
            body=body,
            outcome_kind=outcome_kind,
            hours_saved=hours_saved,
            money_saved=money_saved,
            currency=currency,
            beneficiaries=beneficiaries,
        ),
    )


def home_feature_make(
    *,
    curator,
    kind: str,
    target: str,
    blurb: str = "",
    starts_at=None,
    ends_at=None,
    position: int = 0,
):
    from datetime import timedelta

    from django.utils import timezone

    from hearth.access.actor import Actor
    from hearth.curation.services import home_feature_create

    return home_feature_create(
        actor=Actor.for_user(curator),
        kind=kind,
        target=target,
        blurb=blurb,
        starts_at=starts_at,
        ends_at=ends_at or timezone.now() + timedelta(days=7),
        position=position,
    )
