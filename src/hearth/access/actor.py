"""The actor: who is asking, with every role that decides what they may see and do.

Built once per request (``ActorMiddleware``) or per job (for the job's recipient)
with at most one query for space roles, then consulted by every policy check.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.utils import timezone

from hearth.access import sql
from hearth.access.roles import ROLE_RANK, Role, role_at_least


def user_is_suspended(user, now: datetime | None = None) -> bool:
    """Is a platform-wide suspension in force? Read from the user row alone (no
    query); a suspension whose end has passed counts as lifted at once."""
    until = getattr(user, "suspended_until", None)
    return until is not None and until > (now or timezone.now())


# The actor reads memberships, invitations and swaps, whose apps sit above
# ``access`` (their models' querysets ask the policy). The models are looked up in
# the app registry when a query is built, not imported: the actor needs only their
# tables, and an inversion (the upper apps registering a reader at start-up) would
# put the one query every request makes behind a hook.


def _memberships_with_swaps(user_id: int, now: datetime):
    Membership = apps.get_model("spaces", "Membership")
    RoleSwap = apps.get_model("swaps", "RoleSwap")
    swap = RoleSwap.objects.filter(
        space_id=OuterRef("space_id"),
        user_id=OuterRef("user_id"),
        ended_at__isnull=True,
        starts_at__lte=now,
        ends_at__gt=now,
    ).values("role")[:1]
    return (
        Membership.objects.filter(user_id=user_id)
        .annotate(swap_role=Subquery(swap))
        .values_list("space_id", "role", "swap_role")
    )


# A pending invitation's row among the roles: no role is called this.
_INVITED = sql.INVITED


def _pending_invitations(user_id: int):
    Invitation = apps.get_model("spaces", "Invitation")
    return Invitation.objects.filter(user_id=user_id, status=Invitation.Status.PENDING)


def _roles_and_invitations(user_id: int, now: datetime):
    """The memberships with their swaps in force, then a row per pending invitation
    (role ``_INVITED``): one query for both, as most pages that list spaces need both.
    Requests read the same rows by ``sql.roles_and_invitations``, held to this
    queryset row for row (``tests/access/test_sql.py``)."""
    invitations = _pending_invitations(user_id).values_list(
        "space_id", Value(_INVITED), Value(None, output_field=CharField())
    )
    return _memberships_with_swaps(user_id, now).order_by().union(invitations.order_by(), all=True)


# -- The role map, cached where every process shares the cache ------------------------
#
# Every signed-in request reads its roles. Where the cache is shared by all web
# processes (``HEARTH_ROLE_MAP_CACHE``, on with Redis), what decides them is kept
# there under a version per person, which every change to their memberships,
# invitations or role swaps bumps (``role_map_version_bump``): the next request
# reads them afresh. What is kept does not depend on the clock (the swaps come with
# their start and end, applied at each read), so a swap starts and stops counting at
# its exact times. A per-process cache may not hold them: a bump in one process
# would leave the others with roles the person no longer has.

ROLE_MAP_TIMEOUT = 3600  # seconds: a bound on what a missed bump could leave behind


def _version_key(user_id: int) -> str:
    return f"hearth:role-map-version:{user_id}"


def role_map_version_bump(*user_ids: int) -> None:
    """Forget the cached roles of these people: call on every change to their
    memberships, invitations or role swaps. Bumped now and again once the change
    commits, so that a read between the two, which still sees the rows as they
    were, is kept under a version no later read asks for."""
    if not settings.HEARTH_ROLE_MAP_CACHE or not user_ids:
        return
    _bump(user_ids)
    transaction.on_commit(lambda: _bump(user_ids))


def _bump(user_ids) -> None:
    # A new random version rather than an increment: no race between two bumps, and
    # a version a timed-out key once had never comes back.
    cache.set_many({_version_key(pk): uuid.uuid4().hex for pk in user_ids}, ROLE_MAP_TIMEOUT)


def _role_rows(user_id: int) -> tuple[list, list, list]:
    """(memberships as (space, role), swaps not ended as (space, role, starts, ends),
    invited space ids), from the cache or from the database (two queries)."""
    version_key = _version_key(user_id)
    version = cache.get(version_key)
    if version is not None:
        rows = cache.get(f"hearth:role-map:{user_id}:{version}")
        if rows is not None:
            return rows
    else:
        version = uuid.uuid4().hex
        cache.set(version_key, version, ROLE_MAP_TIMEOUT)
    now = timezone.now()
    Membership = apps.get_model("spaces", "Membership")
    RoleSwap = apps.get_model("swaps", "RoleSwap")
    memberships, invited = [], []
    for space_id, role in (
        Membership.objects.filter(user_id=user_id)
        .values_list("space_id", "role")
        .order_by()
        .union(
            _pending_invitations(user_id).values_list("space_id", Value(_INVITED)).order_by(),
            all=True,
        )
    ):
        (invited.append(space_id) if role == _INVITED else memberships.append((space_id, role)))
    swaps = list(
        RoleSwap.objects.filter(user_id=user_id, ended_at__isnull=True, ends_at__gt=now)
        .order_by("starts_at", "id")
        .values_list("space_id", "role", "starts_at", "ends_at")
    )
    rows = (memberships, swaps, invited)
    cache.set(f"hearth:role-map:{user_id}:{version}", rows, ROLE_MAP_TIMEOUT)
    return rows


def _roles_now(user_id: int, now: datetime):
    """(space id, role, swap role in force or None) rows, then the invitations as rows
    with role ``_INVITED``: what ``_roles_and_invitations`` reads, from the cache."""
    memberships, swaps, invited = _role_rows(user_id)
    in_force: dict[int, str] = {}
    for space_id, role, starts_at, ends_at in swaps:
        if starts_at <= now < ends_at:
            in_force.setdefault(space_id, role)  # the query's first by its order
    rows = [(space_id, role, in_force.get(space_id)) for space_id, role in memberships]
    return rows + [(space_id, _INVITED, None) for space_id in invited]


def _roles_of(user_id: int, now: datetime):
    if settings.HEARTH_ROLE_MAP_CACHE:
        return _roles_now(user_id, now)
    # What _roles_and_invitations reads, as SQL written out: the ORM's compiling of
    # the union cost ten times the database's answer, on every signed-in request.
    return sql.roles_and_invitations(user_id, now)


@dataclass
class Actor:
    user: object  # people.User, or AnonymousUser
    _roles: dict[int, str] | None = field(default=None, repr=False)

    @classmethod
    def for_user(cls, user) -> Actor:
        return cls(user=user)

    @property
    def is_authenticated(self) -> bool:
        # A suspended person is nobody: even a session or token that slipped past the
        # middleware sees and does nothing.
        return (
            bool(getattr(self.user, "is_authenticated", False))
            and self.user.is_active
            and not user_is_suspended(self.user)
        )

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.is_authenticated else None

    @property
    def is_platform_admin(self) -> bool:
        return self.is_authenticated and self.user.is_platform_admin

    @property
    def is_director(self) -> bool:
        return self.is_authenticated and self.user.org_role == "director"

    @property
    def unit_led_id(self) -> int | None:
        """The business unit this actor leads collaboration for, if any."""
        if self.is_authenticated and self.user.org_role == "unit_leader":
            return self.user.business_unit_id
        return None

    @cached_property
    def roles(self) -> dict[int, str]:
        """Space id → role, for every space the actor belongs to (one query).

        A role swap in force replaces the member's role in its space: for what the
        role lets one see and do, never for changing who holds a role (that asks
        ``own_roles``). It is read in the same query with this moment's clock, so
        a swap stops counting at its exact end time even before the worker marks
        it ended.
        """
        self.__dict__["_swapped"] = {}
        if self._roles is not None:
            self.__dict__["_own"] = self._roles
            return self._roles
        self.__dict__["_own"] = {}
        if not self.is_authenticated:
            return {}
        roles, own, swapped, invited = {}, {}, {}, set()
        for space_id, role, swap_role in _roles_of(self.user.pk, timezone.now()):
            if role == _INVITED:
                invited.add(space_id)
                continue
            own[space_id] = roles[space_id] = role
            # A swap lends a higher role; one that no longer does (the member was
            # given that role or a higher one since) lends nothing.
            if swap_role and ROLE_RANK[Role(swap_role)] > ROLE_RANK[Role(role)]:
                roles[space_id] = swapped[space_id] = swap_role
        self.__dict__["_own"] = own
        self.__dict__["_swapped"] = swapped
        self.__dict__.setdefault("invited_space_ids", frozenset(invited))
        return roles

    @property
    def swapped_roles(self) -> dict[int, str]:
        """Space id → role taken by a swap in force (loaded with ``roles``)."""
        self.roles  # noqa: B018  (loads both maps)
        return self.__dict__.get("_swapped", {})

    @property
    def own_roles(self) -> dict[int, str]:
        """Space id → the role the actor holds by membership, whatever swap is in
        force (loaded with ``roles``). What decides who may change who holds a role
        (``policy.can_change_roles_in_space``): a lent role never does."""
        self.roles  # noqa: B018  (loads every map)
        return self.__dict__.get("_own", {})

    def has_own_role(self, space, minimum: Role) -> bool:
        """``has_role`` by membership alone: a role swap in force does not count."""
        role = self.own_roles.get(space.pk if hasattr(space, "pk") else space)
        return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]

    def org_role_over(self, space=None) -> str | None:
        """The organisation role under which the actor administers ``space`` (any
        space when None), if any: "platform_admin", "director", "unit_leader" (only
        for a space of their own business unit), or None."""
        if not self.is_authenticated:
            return None
        if self.is_platform_admin:
            return "platform_admin"
        if self.is_director:
            return "director"
        unit_id = self.unit_led_id
        if unit_id is not None and space is not None and space.business_unit_id == unit_id:
            return "unit_leader"
        return None

    def audit_role(self, space=None, *, minimum: Role | str = Role.MEMBER) -> str:
        """THE rule for the role an action is recorded under (``AuditEntry.as_role``):

        - "swap:<role>" while a role swap is in force for the actor in ``space``;
        - "" when the actor's own role in ``space`` (at least ``minimum``, the least
          role the action asks) allows it — a plain role is not restated;
        - else the organisation role that allows it ("platform_admin", "director",
          "unit_leader"), or "" when none does (one's own things: a profile).

        ``hearth.core.changes`` asks it for every change; no service names a role.
        """
        if space is not None:
            swapped = self.swapped_roles.get(space.pk)
            if swapped:
                return f"swap:{swapped}"
            if self.has_role(space, Role(minimum)):
                return ""
        return self.org_role_over(space) or ""

    @cached_property
    def invited_space_ids(self) -> frozenset[int]:
        """Spaces the actor has a pending invitation to (read with ``roles``)."""
        if not self.is_authenticated:
            return frozenset()
        if self._roles is not None:  # roles given, not read: the invitations alone
            return frozenset(_pending_invitations(self.user.pk).values_list("space_id", flat=True))
        self.roles  # noqa: B018  (reads both, and keeps these)
        return self.__dict__["invited_space_ids"]

    @cached_property
    def restrictions(self) -> list:
        """Silences and bans in force now (``moderation.Sanction`` rows; one query,
        and none at all for the many people whose ``has_restrictions`` is off)."""
        if not self.is_authenticated or not self.user.has_restrictions:
            return []
        from hearth.moderation.models import Sanction, active_sanctions_q

        return list(
            Sanction.objects.filter(
                active_sanctions_q(),
                person_id=self.user.pk,
                kind__in=[Sanction.Kind.SILENCE, Sanction.Kind.BAN],
            )
        )

    def restriction_in(self, space, *, kinds: tuple[str, ...] = ("silence", "ban")):
        """The sanction that stops the actor posting in ``space`` (a platform-wide
        silence, or a silence or ban there), or None."""
        space_id = space.pk if hasattr(space, "pk") else space
        for sanction in self.restrictions:
            if sanction.kind in kinds and sanction.space_id in (None, space_id):
                return sanction
        return None

    def role_in(self, space) -> str | None:
        return self.roles.get(space.pk if hasattr(space, "pk") else space)

    def has_role(self, space, minimum: Role) -> bool:
        role = self.role_in(space)
        return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]

    def space_ids(self, min_role: Role = Role.MEMBER) -> list[int]:
        """Ids of the spaces where the actor's role (a swap in force included) is at
        least ``min_role``, sorted (so that a filter built on them reads the same
        each time); from the cached roles, no query."""
        return sorted(
            space_id for space_id, role in self.roles.items() if role_at_least(role, min_role)
        )

    def forget_roles(self) -> None:
        """Drop the cached roles after a membership change in this request."""
        self.__dict__.pop("roles", None)
        self.__dict__.pop("_swapped", None)
        self.__dict__.pop("_own", None)
        self.__dict__.pop("invited_space_ids", None)
        self.__dict__.pop("restrictions", None)
        self._roles = None
