"""Who may read content in one space and not in another: the rule behind every
move, merge and undo that changes a conversation's space, shared with the desks.

The audience of a space is ``policy.actors_who_can_read_space``: its visibility
and lifecycle state together with its memberships (an open live or archived
space: every active employee; a restricted or private one: its members; a pilot:
its leaders, facilitators and champions; a draft: its leaders). Organisation
roles are not in it: they administer members-only spaces without reading them.

Taking content from ``source`` to ``target`` **widens** its audience when someone
in the target's audience is not in the source's: then the gardener must confirm,
and is told how many people (and a few names) will newly see it. From an open
live space nothing widens (everyone could read it already); into a space whose
readers are all readers of the source (open → restricted, a private space into
another with fewer members, a live space into its pilot) nothing widens either.
The comparison is on people, not on labels, so a restricted space moved into a
private space with members who were not in the first one does count as widening.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.spaces.models import Visibility

NEWCOMER_NAMES = 5


def _everyone_reads(space) -> bool:
    return space.visibility == Visibility.OPEN and space.state in policy.OPEN_STATES


def audience_newcomers(source, target) -> QuerySet:
    """People who may read ``target``'s content but not ``source``'s."""
    User = get_user_model()
    if source.pk == target.pk or _everyone_reads(source):
        return User.objects.none()
    readers = policy.actors_who_can_read_space(source).values("pk")
    return policy.actors_who_can_read_space(target).exclude(pk__in=readers).distinct()


def audience_widens(source, target) -> bool:
    """Does taking content from ``source`` to ``target`` show it to new people?"""
    return audience_newcomers(source, target).exists()


def audience_widening_message(source, target, *, what: str = "this conversation") -> str:
    """What the confirmation step says: who will newly see it (a count, a few names)."""
    newcomers = audience_newcomers(source, target)
    count = newcomers.count()
    people = f"{count} {'person who cannot' if count == 1 else 'people who cannot'}"
    if _everyone_reads(target):
        who = f"every employee ({people} read “{source}” now)"
    else:
        names = [str(p) for p in newcomers.order_by("display_name", "pk")[:NEWCOMER_NAMES]]
        more = f" and {count - len(names)} more" if count > len(names) else ""
        who = f"{people} read “{source}” now ({', '.join(names)}{more})"
    return f"In “{target}”, {what} will be readable by {who}. Confirm to go ahead."


def clean_usernames(usernames) -> list[str]:
    """Names as people type them: a leading @ and case dropped, each once."""
    names: list[str] = []
    for name in usernames or []:
        name = str(name or "").strip().lstrip("@").lower()
        if name and name not in names:
            names.append(name)
    return names


def readers_among(*, actor: Actor, space, names: list[str]) -> tuple[list, list[str]]:
    """Of ``names`` (cleaned by ``clean_usernames``), the people who may read
    ``space`` — each checked as an actor of their own — and the names of those who
    may not, are unknown or inactive, or are the actor."""
    people = {
        p.username.lower(): p
        for p in get_user_model().objects.filter(username__in=names, is_active=True)
    }
    reachable, unreachable = [], []
    for name in names:
        person = people.get(name)
        if (
            person is not None
            and person.pk != actor.user_id
            and policy.can_read_space(Actor.for_user(person), space)
        ):
            reachable.append(person)
        else:
            unreachable.append(name)
    return reachable, unreachable
