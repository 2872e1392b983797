"""Reads of the audit log, filtered by the reader's scope.

Platform admins and directors read every entry; a business collaboration leader
those about the spaces of their unit; a space leader those about the spaces they
lead. Entries about what members wrote (posts, documents, stories, events...) in a
space the reader may not read show what was done, never the text
(``ADMINISTRATIVE_TARGETS`` lists the entries shown whole).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.people.models import BusinessUnit
from hearth.spaces.models import Space

# Targets of the administration of a space (its settings, who is in it and with
# which role, sanctions): shown whole to everyone whose scope holds the entry, for
# that is what they administer. Every other entry about a space (posts, documents,
# stories, events, ideas, polls, featured items, rules, the charter, gardening...)
# carries what members wrote: a reader who may not read the space sees what was
# done, never that text. New kinds of entry are redacted unless listed here.
ADMINISTRATIVE_TARGETS = frozenset(
    {
        "spaces.space",
        "spaces.membership",
        "spaces.accessrequest",
        "spaces.invitation",
        "people.user",
        "moderation.sanction",
        "launch.invitationbatch",
        "swaps.roleswap",
        "structure.keyuser",
    }
)
REDACTED = "(content of a members-only space)"
ROLE_CHOICES = (
    "director",
    "unit_leader",
    "platform_admin",
    "facilitator",
    "swap:leader",
    "swap:facilitator",
)


@dataclass(frozen=True)
class AuditFilters:
    space: str = ""
    unit: str = ""
    action: str = ""
    actor: str = ""
    as_role: str = ""
    since: date | None = None
    until: date | None = None
    q: str = ""


def _parse_day(value: str | None, name: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Invalid(f"“{value[:20]}” is not a date: use YYYY-MM-DD.", field=name) from error


def audit_filters_parse(params) -> AuditFilters:
    """Filters from query parameters; Invalid (with the field) for garbage."""

    def text(name: str, limit: int) -> str:
        value = (params.get(name) or "").strip()
        if len(value) > limit:
            raise Invalid(f"The {name} filter can be at most {limit} characters.", field=name)
        if any(ord(ch) < 32 for ch in value):
            raise Invalid(f"The {name} filter contains control characters.", field=name)
        return value

    filters = AuditFilters(
        space=text("space", 60),
        unit=text("unit", 60),
        action=text("action", 64),
        actor=text("actor", 150),
        as_role=text("as_role", 32),
        q=text("q", 100),
        since=_parse_day(params.get("since"), "since"),
        until=_parse_day(params.get("until"), "until"),
    )
    if filters.as_role and filters.as_role not in ROLE_CHOICES:
        raise Invalid(f"as_role is one of: {', '.join(ROLE_CHOICES)}.", field="as_role")
    if filters.since and filters.until and filters.since > filters.until:
        raise Invalid("The start date is after the end date.", field="since")
    return filters


def audit_list(*, actor: Actor, filters: AuditFilters | None = None) -> QuerySet:
    """The audit entries the actor may read, newest first, filtered."""
    if not policy.can_see_audit(actor):
        raise Forbidden(
            "The audit log is for platform admins, directors, business "
            "collaboration leaders and space leaders."
        )
    filters = filters or AuditFilters()
    rows = AuditEntry.objects.select_related("actor", "space")
    scope = policy.audit_scope_q(actor)
    if scope is not None:
        rows = rows.filter(scope)
    if filters.space:
        rows = rows.filter(space__slug=filters.space)
    if filters.unit:
        rows = rows.filter(space__business_unit__slug=filters.unit)
    if filters.action:
        rows = rows.filter(action__startswith=filters.action)
    if filters.actor:
        rows = rows.filter(actor__username=filters.actor.lower())
    if filters.as_role:
        rows = rows.filter(as_role=filters.as_role)
    if filters.since:
        rows = rows.filter(
            created_at__gte=timezone.make_aware(datetime.combine(filters.since, time.min))
        )
    if filters.until:
        rows = rows.filter(
            created_at__lt=timezone.make_aware(
                datetime.combine(filters.until + timedelta(days=1), time.min)
            )
        )
    if filters.q:
        # A label is searched only where the reader may read it: searching a redacted
        # title would tell that it exists.
        label_shown = (
            Q(target_type__in=ADMINISTRATIVE_TARGETS)
            | Q(space__isnull=True)
            | Q(space__in=Space.objects.readable_by(actor).values("pk"))
        )
        rows = rows.filter(
            (Q(target_label__icontains=filters.q) & label_shown) | Q(action__icontains=filters.q)
        )
    return rows.order_by("-created_at", "-id")


def audit_filter_choices(*, actor: Actor) -> dict:
    """Spaces and units for the filter form, within the actor's scope."""
    if actor.is_platform_admin or actor.is_director:
        spaces = Space.objects.all()
        units = BusinessUnit.objects.all()
    else:
        q = policy.space_role_q(actor, policy.Role.LEADER)
        if actor.unit_led_id is not None:
            q |= Q(business_unit_id=actor.unit_led_id)
        spaces = Space.objects.filter(q)
        units = BusinessUnit.objects.filter(pk=actor.unit_led_id or 0)
    return {
        "spaces": list(spaces.order_by("name").values_list("slug", "name")[:500]),
        "units": list(units.order_by("name").values_list("slug", "name")),
    }


def _redacted(actor: Actor, entry: AuditEntry) -> bool:
    if entry.target_type in ADMINISTRATIVE_TARGETS or entry.space is None:
        return False
    # The one policy decides: a draft or pilot space's content stays with those its
    # state lets in, whatever its visibility.
    return not policy.can_read_space(actor, entry.space)


ROLE_LABELS = {
    "director": "director",
    "unit_leader": "unit leader",
    "platform_admin": "platform admin",
    "facilitator": "facilitator",
    "swap:leader": "leader by a role swap",
    "swap:facilitator": "facilitator by a role swap",
}


def _changes(before: dict, after: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for the fields that changed (all of them for a
    creation or a removal), so pages show the change rather than the whole state."""
    keys = list(dict.fromkeys([*before, *after]))
    if not before or not after:
        return [(k, before.get(k, ""), after.get(k, "")) for k in keys]
    return [(k, before.get(k, ""), after.get(k, "")) for k in keys if before.get(k) != after.get(k)]


# Keys of an entry's before/after that point at a space or a conversation — maybe
# not the entry's own space (a move's or a merge's target). They are shown through
# the policy: the id and its name to a reader who may know of it, a placeholder to
# others. The names older entries stored next to the id are dropped: what is shown
# comes from the row, through the policy, never from the entry's text.
SPACE_REFS = {"space_id": "space", "into_space_id": "into_space"}
CONVERSATION_REFS = {"into": "into_title"}
STORED_NAMES = ("space", "into_title", "into_space", "visibility")
UNSEEN_SPACE = "a space you cannot see"
UNREAD_CONVERSATION = "a conversation in a space you cannot read"


@dataclass
class AuditRefs:
    """The spaces and conversations a batch of entries points at, loaded at once."""

    spaces: dict = field(default_factory=dict)
    slugs: dict = field(default_factory=dict)
    conversations: dict = field(default_factory=dict)


def _ids(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def audit_refs(entries) -> AuditRefs:
    """Two or three queries for a page (or a chunk) of entries, whatever its size."""
    space_ids, slugs, conversation_ids = set(), set(), set()
    for entry in entries:
        for state in (entry.before, entry.after):
            if not isinstance(state, dict):
                continue
            space_ids.update(_ids(state.get(key)) for key in SPACE_REFS)
            conversation_ids.update(_ids(state.get(key)) for key in CONVERSATION_REFS)
            if "space" in state and "space_id" not in state and isinstance(state["space"], str):
                slugs.add(state["space"])
    space_ids.discard(None), conversation_ids.discard(None)
    refs = AuditRefs()
    if space_ids:
        refs.spaces = Space.objects.in_bulk(space_ids)
    if slugs:
        refs.slugs = {s.slug: s for s in Space.objects.filter(slug__in=slugs)}
    if conversation_ids:
        refs.conversations = Conversation.objects.select_related("space").in_bulk(conversation_ids)
    return refs


def _shown(actor: Actor, state: dict, refs: AuditRefs) -> dict:
    """``state`` with its references to spaces and conversations as the reader may
    see them."""
    if not isinstance(state, dict) or not any(
        key in state for key in (*SPACE_REFS, *CONVERSATION_REFS, *STORED_NAMES)
    ):
        return state
    shown = {k: v for k, v in state.items() if k not in STORED_NAMES}
    for key, label in SPACE_REFS.items():
        if key not in state:
            continue
        space = refs.spaces.get(_ids(state[key]))
        if space is not None and policy.can_see_space(actor, space):
            shown[label] = space.slug
        else:
            shown.pop(key)
            shown[label] = UNSEEN_SPACE
    if "space_id" not in state and isinstance(state.get("space"), str):
        space = refs.slugs.get(state["space"])
        seen = space is not None and policy.can_see_space(actor, space)
        shown["space"] = space.slug if seen else UNSEEN_SPACE
    for key, label in CONVERSATION_REFS.items():
        if key not in state:
            continue
        conversation = refs.conversations.get(_ids(state[key]))
        if conversation is not None and policy.can_read_conversation(actor, conversation):
            shown[label] = conversation.title
        else:
            shown.pop(key)
            shown[label] = UNREAD_CONVERSATION
    return shown


def audit_rows(actor: Actor, entries) -> list[dict]:
    """``audit_row`` for each entry, their references loaded together."""
    entries = list(entries)
    refs = audit_refs(entries)
    return [audit_row(actor, entry, refs) for entry in entries]


def audit_row(actor: Actor, entry: AuditEntry, refs: AuditRefs | None = None) -> dict:
    """One entry as a reader may see it: the text of members-only content is left
    out for a reader who is not a member of its space, and what it points at in
    other spaces is shown only through the policy (``_shown``)."""
    hidden = _redacted(actor, entry)
    if hidden:
        before = {"redacted": REDACTED} if entry.before else {}
        after = {"redacted": REDACTED} if entry.after else {}
    else:
        refs = refs if refs is not None else audit_refs([entry])
        before, after = _shown(actor, entry.before, refs), _shown(actor, entry.after, refs)
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "action": entry.action,
        "actor": entry.actor.username if entry.actor else "",
        "actor_name": str(entry.actor) if entry.actor else "(deleted account)",
        "as_role": entry.as_role,
        "via": entry.via,
        "space": entry.space.slug if entry.space else "",
        "space_name": entry.space.name if entry.space else "",
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": REDACTED if hidden else entry.target_label,
        "before": before,
        "after": after,
        "changes": _changes(before, after),
        "as_role_label": ROLE_LABELS.get(entry.as_role, entry.as_role.replace("_", " ")),
    }
