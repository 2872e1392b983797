"""Every kind of notification and email Hearth sends, and who may receive it.

A notification tells its recipient something about a space, a conversation or an
item in a space (a task, an event, a moderation case), and its text carries what
it is about (a title, a space's name). So each kind names its **audience**: the
policy's question that the *recipient* must pass, asked as an actor of their own
when the notification is sent (``notification_send``) and again when its email is
delivered (``email_still_deliverable``), since a person may leave a space, or a
space change state, between the two.

A few kinds are about the recipient alone (their account, their organisation role,
a sanction on them, their own post's moderation): their audience is ``PERSONAL``
and each says why no policy check applies.

``tests/notifications/test_registry.py`` holds the registry to the code: every
place under ``src/`` that sends a notification or an email names a kind declared
here (nothing else creates ``Notification`` rows or calls Django's mail API), and
for every kind, a recipient who may not read what it is about gets nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model

from hearth.access import policy
from hearth.access.actor import Actor


@dataclass(frozen=True)
class Subject:
    """What a notification is about: its space, its conversation, and an item."""

    space: object | None = None
    conversation: object | None = None
    about: object | None = None  # a task, an event, an idea, a moderation case...


@dataclass(frozen=True)
class Audience:
    """Who may receive a kind: a check of the recipient's actor against the subject.

    ``needs`` names what the subject must hold for the check to mean anything; a
    call without it is a programming error, not a notification to nobody.
    """

    name: str
    needs: tuple[str, ...]
    check: Callable[[Actor, Subject], bool]


def _reads_conversation(actor: Actor, subject: Subject) -> bool:
    # The space's content, and the conversation itself unless hidden for review.
    return policy.can_read_conversation(actor, subject.conversation)


def _reads_space(actor: Actor, subject: Subject) -> bool:
    return policy.can_read_space(actor, subject.space)


def _sees_space(actor: Actor, subject: Subject) -> bool:
    # Its name and description: members, invitees, and everyone for a listed space,
    # in the states that let them in.
    return policy.can_see_space(actor, subject.space)


def _reads_plan(actor: Actor, subject: Subject) -> bool:
    # deferred: actionplan sits above notifications (its services send them); this
    # upward import is one the layers contract still reports.
    from hearth.actionplan.policies import can_see_plan

    # A task's title is the space's content: the space's state and visibility
    # first, then the plan's own rule.
    return policy.can_read_space(actor, subject.space) and can_see_plan(actor, subject.space)


def _reviews_case(actor: Actor, subject: Subject) -> bool:
    # deferred: moderation sits above notifications (its services send them); this
    # upward import is one the layers contract still reports.
    from hearth.moderation import policies

    case = subject.about
    if case.space_id is None:
        return policies.can_review_platform(actor)
    return policies.can_review_space(actor, case.space)


def _reads_case_item(actor: Actor, subject: Subject) -> bool:
    case = subject.about
    if case.space_id is None:  # a profile: every employee may read profiles
        return actor.is_authenticated
    return policy.can_read_space(actor, case.space)


def _personal(actor: Actor, subject: Subject) -> bool:
    return True


CONVERSATION_READERS = Audience(
    "who may read the conversation", ("conversation",), _reads_conversation
)
SPACE_READERS = Audience("who may read the space's content", ("space",), _reads_space)
SPACE_SEERS = Audience("who may see the space", ("space",), _sees_space)
PLAN_READERS = Audience("who may read the space's action plan", ("space",), _reads_plan)
CASE_REVIEWERS = Audience("who may review the case", ("about",), _reviews_case)
CASE_READERS = Audience("who may read the reported item's space", ("about",), _reads_case_item)
PERSONAL = Audience("the person it is about", (), _personal)


@dataclass(frozen=True)
class Kind:
    name: str
    audience: Audience
    why_unchecked: str = ""  # for PERSONAL kinds: why the policy has nothing to say


KINDS: dict[str, Kind] = {}


def _declare(name: str, audience: Audience, why_unchecked: str = "") -> None:
    if (audience is PERSONAL) != bool(why_unchecked):
        raise ValueError(f"“{name}”: a personal kind, and only one, says why it is unchecked.")
    if len(name) > 32:
        raise ValueError(f"“{name}”: a kind is at most 32 characters.")
    KINDS[name] = Kind(name=name, audience=audience, why_unchecked=why_unchecked)


# -- Conversations (and what tends them) ----------------------------------------------
for _name in (
    "mention",
    "reply",
    "new_conversation",
    "accepted",
    "liked",
    "story_promoted",
    "question_moved",
    "question_duplicate",
    "question_help",
    "gardening",
):
    _declare(_name, CONVERSATION_READERS)

# -- A space's content without a conversation ------------------------------------------
for _name in (
    "idea_status",
    "event_reminder",
    "event_change",
    "rules_adopted",
    "rules_declined",
    "feedback_resolved",
    "onboarding",
    "space_draft",
    "space_pilot",
    "space_live",
    "space_archived",
):
    _declare(_name, SPACE_READERS)

# -- A space alone: its name, and the recipient's place in it ---------------------------
for _name in (
    "access_requested",
    "access_approved",
    "access_denied",
    "invited",
    "role_changed",
    "role_swap",
    "role_swap_ended",
):
    _declare(_name, SPACE_SEERS)

# -- The action plan --------------------------------------------------------------------
_declare("action_task", PLAN_READERS)
_declare("action_task_overdue", PLAN_READERS)

# -- Moderation -------------------------------------------------------------------------
_declare("moderation_review", CASE_REVIEWERS)
_declare("moderation_report", CASE_READERS)
_declare(
    "moderation",
    PERSONAL,
    "tells a person of a decision on their own post or profile, or of a sanction on "
    "them (or its end): it must reach them even when the sanction took them out of "
    "the space, and names only their own item and the space they were in",
)

# -- About the person alone --------------------------------------------------------------
_declare(
    "removed",
    PERSONAL,
    "tells a person they no longer belong to a space: it names only the space they "
    "were a member of a moment ago, and the inbox hides it once they may not see it",
)
_declare(
    "org_role_changed",
    PERSONAL,
    "tells a person of their own organisation role: about no space",
)
_declare(
    "password_reset",
    PERSONAL,
    "Django's password reset, sent to the address typed on the sign-in page: about "
    "the account alone, never about a space",
)


class UnknownKind(LookupError):
    pass


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(
            f"“{name}” is not a notification kind: declare it in hearth.notifications.kinds "
            "with its audience."
        ) from None


def may_receive(*, recipient, kind: str, subject: Subject) -> bool:
    """May ``recipient`` be told this, now? The kind's audience asked of the policy
    for the recipient (a fresh actor: roles, swaps, invitations and sanctions as
    they are at this moment)."""
    declared = kind_of(kind)
    missing = [need for need in declared.audience.needs if getattr(subject, need) is None]
    if missing:
        raise ValueError(f"A “{kind}” notification is about a {missing[0]}: pass it.")
    if declared.audience is PERSONAL:
        return True
    return declared.audience.check(Actor.for_user(recipient), subject)


# -- What an email is about, kept by id in the outbox -------------------------------------


def about_ref(*, recipient, subject: Subject) -> dict:
    ref = {"recipient": recipient.pk}
    if subject.space is not None:
        ref["space"] = subject.space.pk
    if subject.conversation is not None:
        ref["conversation"] = subject.conversation.pk
    if subject.about is not None:
        ref["about"] = f"{subject.about._meta.label_lower}:{subject.about.pk}"
    return ref


def _load(label: str, pk):
    return apps.get_model(label).objects.filter(pk=pk).first()


def email_still_deliverable(*, kind: str, about: dict) -> bool:
    """At delivery: may the email's recipient still receive it? Anything it was
    about that is gone since, or a kind no longer declared, withholds it."""
    if kind not in KINDS:
        return False
    recipient = get_user_model().objects.filter(pk=about.get("recipient")).first()
    if recipient is None:
        return False
    loaded = {}
    for field, label in (("space", "spaces.space"), ("conversation", "conversations.conversation")):
        if field in about:
            loaded[field] = _load(label, about[field])
            if loaded[field] is None:
                return False
    if "about" in about:
        label, _, pk = str(about["about"]).rpartition(":")
        loaded["about"] = _load(label, pk)
        if loaded["about"] is None:
            return False
    try:
        return may_receive(recipient=recipient, kind=kind, subject=Subject(**loaded))
    except ValueError:
        return False
