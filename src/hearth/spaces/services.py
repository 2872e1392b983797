"""Writes for spaces: each checks the policy, validates, changes, audits, notifies.

Pages and the API call these same functions, so both behave identically.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from hearth.access import policy
from hearth.access.actor import Actor, role_map_version_bump
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.indexing import index_changed
from hearth.notifications.services import notification_send, unread_recount
from hearth.spaces.models import AccessRequest, Invitation, Membership, Role, Space, Visibility

if TYPE_CHECKING:
    from hearth.people.models import BusinessUnit, User

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
RESERVED_SLUGS = {"new", "mine", "api", "admin", "static", "media"}


def _clean_space_fields(*, name: str, slug: str, description: str, visibility: str) -> dict:
    name = (name or "").strip()
    if not name:
        raise Invalid("Give the space a name.", field="name")
    if len(name) > 120:
        raise Invalid("A space name can be at most 120 characters.", field="name")
    slug = (slug or "").strip().lower() or slugify(name)[:60].strip("-")
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise Invalid(
            "The web address may use lowercase letters, digits and hyphens "
            "(2–60 characters, not starting or ending with a hyphen).",
            field="slug",
        )
    if len(description or "") > 2000:
        raise Invalid("The description can be at most 2,000 characters.", field="description")
    if visibility not in Visibility.values:
        raise Invalid(
            f"Visibility must be one of: {', '.join(Visibility.values)}.", field="visibility"
        )
    return {
        "name": name,
        "slug": slug,
        "description": (description or "").strip(),
        "visibility": visibility,
    }


@change("space.create", check=None)
def space_create(
    *,
    actor: Actor,
    name: str,
    slug: str = "",
    description: str = "",
    visibility: str = Visibility.OPEN,
    business_unit: BusinessUnit | None = None,
    via: str = "web",
) -> Space:
    """Create a space with its creator as leader."""
    if not policy.can_create_space(actor):
        raise Forbidden("You cannot create spaces.")
    fields = _clean_space_fields(
        name=name, slug=slug, description=description, visibility=visibility
    )
    if Space.objects.filter(slug=fields["slug"]).exists():
        raise Conflict(f"The address “{fields['slug']}” is already taken.", field="slug")
    try:
        with transaction.atomic():
            space = Space.objects.create(
                **fields, business_unit=business_unit, created_by=actor.user, member_count=1
            )
            Membership.objects.create(space=space, user=actor.user, role=Role.LEADER)
            role_map_version_bump(actor.user.pk)
            index_changed(space)
            record(
                actor,
                target=space,
                space=space,
                after={**fields, "business_unit": getattr(business_unit, "pk", None)},
                via=via,
            )
    except IntegrityError as error:  # two people racing for one slug
        raise Conflict(f"The address “{fields['slug']}” is already taken.", field="slug") from error
    actor.forget_roles()
    return space


@change("space.update", role="leader", check=policy.require_edit_space)
def space_update(
    *,
    actor: Actor,
    space: Space,
    name: str,
    description: str,
    visibility: str,
    business_unit: BusinessUnit | None = None,
    via: str = "web",
) -> Space:
    if (
        actor.audit_role(space, minimum=Role.LEADER) == policy.ORG_UNIT_LEADER
        and getattr(business_unit, "pk", None) != actor.unit_led_id
    ):
        raise Forbidden(
            "A business collaboration leader keeps the space in their own unit; "
            "ask the director of collaboration to move it.",
        )
    fields = _clean_space_fields(
        name=name, slug=space.slug, description=description, visibility=visibility
    )
    before = {
        "name": space.name,
        "description": space.description,
        "visibility": space.visibility,
        "business_unit": space.business_unit_id,
    }
    with transaction.atomic():
        space.name, space.description = fields["name"], fields["description"]
        space.visibility, space.business_unit = fields["visibility"], business_unit
        space.save()
        index_changed(space)
        record(
            actor,
            target=space,
            space=space,
            before=before,
            after={
                **{k: fields[k] for k in ("name", "description", "visibility")},
                "business_unit": getattr(business_unit, "pk", None),
            },
            via=via,
        )
    if before["visibility"] == Visibility.OPEN and space.visibility != Visibility.OPEN:
        # Non-members who were told about its conversations may no longer read them.
        from django.contrib.auth import get_user_model

        unread_recount(
            users=get_user_model()
            .objects.filter(
                notifications__conversation__space=space,
                notifications__read_at__isnull=True,
            )
            .exclude(memberships__space=space)
            .distinct()
        )
    return space


def _add_member(*, space: Space, user, role: str) -> Membership:
    membership = Membership.objects.create(space=space, user=user, role=role)
    role_map_version_bump(user.pk)
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") + 1)
    space.member_count += 1
    return membership


def space_join(*, actor: Actor, space: Space, via: str = "web") -> Membership:
    """Join an open space, or accept a pending invitation to any space."""
    policy.require_see_space(actor, space)
    policy.require_write_in_space(actor, space)
    if actor.role_in(space) is not None:
        raise Conflict("You are already a member of this space.")
    invitation = Invitation.objects.filter(
        space=space, user_id=actor.user_id, status=Invitation.Status.PENDING
    ).first()
    if invitation is not None and actor.restriction_in(space, kinds=("ban",)) is not None:
        raise Forbidden("You are banned from this space; the invitation cannot be accepted.")
    if invitation is None and not policy.can_join_space(actor, space):
        if policy.can_request_access(actor, space):
            raise Forbidden(
                "This space is restricted: ask its leaders for access.", request_access_space=space
            )
        raise Forbidden("This space is by invitation only.")
    with transaction.atomic():
        role = invitation.role if invitation else Role.MEMBER
        membership = _add_member(space=space, user=actor.user, role=role)
        if invitation:
            invitation.status = Invitation.Status.ACCEPTED
            invitation.answered_at = timezone.now()
            invitation.save(update_fields=["status", "answered_at"])
    actor.forget_roles()
    return membership


def space_leave(*, actor: Actor, space: Space, via: str = "web") -> None:
    policy.require_see_space(actor, space)
    membership = Membership.objects.filter(space=space, user_id=actor.user_id).first()
    if membership is None:
        raise Invalid("You are not a member of this space.")
    if (
        membership.role == Role.LEADER
        and not Membership.objects.filter(space=space, role=Role.LEADER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise Invalid("You are the last leader: name another leader before you leave.")
    with transaction.atomic():
        membership.delete()
        role_map_version_bump(actor.user.pk)
        Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
    actor.forget_roles()
    unread_recount(users=[actor.user])


def access_request_create(
    *, actor: Actor, space: Space, message: str = "", via: str = "web"
) -> AccessRequest:
    policy.require_see_space(actor, space)
    policy.require_write_in_space(actor, space)
    if actor.role_in(space) is not None:
        raise Conflict("You are already a member of this space.")
    if space.visibility == Visibility.OPEN:
        raise Invalid("This space is open: join it directly.")
    if not policy.can_request_access(actor, space):
        raise Forbidden("This space is by invitation only.")
    message = (message or "").strip()
    if len(message) > 1000:
        raise Invalid("The message can be at most 1,000 characters.", field="message")
    if AccessRequest.objects.filter(
        space=space, user_id=actor.user_id, status=AccessRequest.Status.PENDING
    ).exists():
        raise Conflict("You have already asked to join; the leaders will answer soon.")
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(space=space, user=actor.user, message=message)
            deciders = Membership.objects.filter(
                space=space, role__in=[Role.LEADER, Role.FACILITATOR]
            ).select_related("user")
            for membership in deciders:
                notification_send(
                    recipient=membership.user,
                    kind="access_requested",
                    actor=actor.user,
                    space=space,
                    text=f"{actor.user} asks to join {space}.",
                    url=f"/s/{space.slug}/requests/",
                )
    except IntegrityError as error:
        raise Conflict("You have already asked to join; the leaders will answer soon.") from error
    return request


def _refuse_banned(*, actor: Actor, user, space: Space) -> None:
    """A person banned from the space does not come back in by another door (an
    invitation, being added, an old request approved) until the ban is lifted.

    Sanctions are for moderators: only they are told it is a ban, and until when.
    """
    ban = Actor.for_user(user).restriction_in(space, kinds=("ban",))
    if ban is None:
        return
    if not policy.can_moderate_space(actor, space) and not actor.is_platform_admin:
        raise Conflict(f"{user} cannot be invited to this space.", field="username")
    until = f" until {ban.ends_at:%d %B %Y}" if ban.ends_at else ""
    raise Conflict(
        f"{user} is banned from this space{until}; lift the ban first.", field="username"
    )


def _pending_request(*, space: Space, request_id: int) -> AccessRequest:
    request = (
        AccessRequest.objects.select_related("user").filter(pk=request_id, space=space).first()
    )
    if request is None:
        raise NotFound("No such access request.")
    if request.status != AccessRequest.Status.PENDING:
        raise Conflict(f"This request was already {request.status}.")
    return request


@change("access_request.", role="facilitator", check=policy.require_decide_access_requests)
def access_request_decide(
    *, actor: Actor, space: Space, request_id: int, approve: bool, note: str = "", via: str = "web"
) -> AccessRequest:
    """Approve (the requester becomes a member) or deny; the requester is notified."""
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid("The note can be at most 500 characters.", field="note")
    with transaction.atomic():
        request = _pending_request(space=space, request_id=request_id)
        if approve:
            _refuse_banned(actor=actor, user=request.user, space=space)
        request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.DENIED
        request.decided_by, request.decided_at = actor.user, timezone.now()
        request.decision_note = note
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve and not Membership.objects.filter(space=space, user=request.user).exists():
            _add_member(space=space, user=request.user, role=Role.MEMBER)
        record(
            actor,
            action=f"access_request.{request.status}",
            target=request,
            space=space,
            before={"status": "pending"},
            after={"status": request.status, "user": request.user.username, "note": note},
            via=via,
        )
        verb = "approved" if approve else "declined"
        notification_send(
            recipient=request.user,
            kind="access_approved" if approve else "access_denied",
            actor=actor.user,
            space=space,
            text=f"Your request to join {space} was {verb}." + (f" “{note}”" if note else ""),
            url=f"/s/{space.slug}/",
            email=True,
        )
    return request


@change("invitation.create", check=policy.require_invite)
def invitation_create(
    *,
    actor: Actor,
    space: Space,
    user: User,
    role: str = Role.MEMBER,
    message: str = "",
    via: str = "web",
) -> Invitation:
    if role not in Role.values:
        raise Invalid(f"Role must be one of: {', '.join(Role.values)}.", field="role")
    if not policy.can_grant_role(actor, space, role):
        policy.refuse_role_change(
            actor,
            space,
            attempt="invitation.create",
            user=user,
            details={"role": role},
            via=via,
            message="Only leaders can invite someone with a role other than member.",
        )
    if not user.is_active:
        raise Invalid(f"{user} has no active account.", field="username")
    if Membership.objects.filter(space=space, user=user).exists():
        raise Conflict(f"{user} is already a member.")
    if Invitation.objects.filter(space=space, user=user, status=Invitation.Status.PENDING).exists():
        raise Conflict(f"{user} has already been invited.")
    _refuse_banned(actor=actor, user=user, space=space)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            space=space,
            user=user,
            invited_by=actor.user,
            role=role,
            message=(message or "").strip()[:1000],
        )
        role_map_version_bump(user.pk)
        record(
            actor,
            target=invitation,
            space=space,
            after={"user": user.username, "role": role},
            via=via,
        )
        notification_send(
            recipient=user,
            kind="invited",
            actor=actor.user,
            space=space,
            text=f"{actor.user} invites you to join {space}.",
            url="/invitations/",
            email=True,
        )
    return invitation


def invitation_decline(*, actor: Actor, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(
        pk=invitation_id, user_id=actor.user_id, status=Invitation.Status.PENDING
    ).first()
    if invitation is None:
        raise NotFound("No such invitation.")
    invitation.status, invitation.answered_at = Invitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    role_map_version_bump(invitation.user_id)
    # The actor's pending invitations are cached for the request: a declined private
    # space must not stay visible to them in the rest of it.
    actor.forget_roles()
    return invitation


@change("membership.add", role="leader", check=None)
def member_add(
    *, actor: Actor, space: Space, user: User, role: str = Role.MEMBER, via: str = "web"
) -> Membership:
    """Leaders (and platform admins) add someone directly with a role."""
    policy.require_change_roles_in_space(
        actor, space, attempt="membership.add", user=user, details={"role": role}, via=via
    )
    if role not in Role.values:
        raise Invalid(f"Role must be one of: {', '.join(Role.values)}.", field="role")
    if not user.is_active:
        raise Invalid(f"{user} has no active account.", field="username")
    if Membership.objects.filter(space=space, user=user).exists():
        raise Conflict(f"{user} is already a member.")
    _refuse_banned(actor=actor, user=user, space=space)
    with transaction.atomic():
        membership = _add_member(space=space, user=user, role=role)
        Invitation.objects.filter(space=space, user=user, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.ACCEPTED, answered_at=timezone.now()
        )
        AccessRequest.objects.filter(
            space=space, user=user, status=AccessRequest.Status.PENDING
        ).update(
            status=AccessRequest.Status.APPROVED, decided_by=actor.user, decided_at=timezone.now()
        )
        record(
            actor,
            target=membership,
            space=space,
            after={"user": user.username, "role": role},
            via=via,
        )
    return membership


def _membership_of(*, space: Space, user_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user").filter(space=space, user_id=user_id).first()
    )
    if membership is None:
        raise NotFound("That person is not a member of this space.")
    return membership


def _ensure_a_leader_remains(*, space: Space, membership: Membership) -> None:
    if (
        membership.role == Role.LEADER
        and not Membership.objects.filter(space=space, role=Role.LEADER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise Invalid("A space needs at least one leader: name another leader first.")


@change("membership.role_change", role="leader", check=None)
def member_change_role(
    *, actor: Actor, space: Space, user_id: int, role: str, via: str = "web"
) -> Membership:
    """Give a member another role: for the space's leaders by membership and the
    organisation roles in scope, never for a role held by a swap (the attempt is
    recorded), which would make the swap outlast its end."""
    policy.require_change_roles_in_space(
        actor,
        space,
        attempt="membership.role_change",
        user=user_id,
        details={"role": role},
        via=via,
    )
    if role not in Role.values:
        raise Invalid(f"Role must be one of: {', '.join(Role.values)}.", field="role")
    with transaction.atomic():
        membership = _membership_of(space=space, user_id=user_id)
        if membership.role == role:
            return membership
        if role != Role.LEADER:
            _ensure_a_leader_remains(space=space, membership=membership)
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        role_map_version_bump(membership.user_id)
        record(
            actor,
            target=membership,
            space=space,
            before={"user": membership.user.username, "role": before},
            after={"user": membership.user.username, "role": role},
            via=via,
        )
        notification_send(
            recipient=membership.user,
            kind="role_changed",
            actor=actor.user,
            space=space,
            text=f"You are now {Role(role).label.lower()} of {space}.",
            url=f"/s/{space.slug}/",
        )
    actor.forget_roles()
    return membership


@change("membership.remove", role="leader", check=None)
def member_remove(*, actor: Actor, space: Space, user_id: int, via: str = "web") -> None:
    """Remove a member (and whatever role they hold): as for changing a role."""
    policy.require_change_roles_in_space(
        actor, space, attempt="membership.remove", user=user_id, via=via
    )
    with transaction.atomic():
        membership = _membership_of(space=space, user_id=user_id)
        _ensure_a_leader_remains(space=space, membership=membership)
        record(
            actor,
            target=membership,
            space=space,
            before={"user": membership.user.username, "role": membership.role},
            via=via,
        )
        membership.delete()
        role_map_version_bump(membership.user_id)
        Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
        notification_send(
            recipient=membership.user,
            kind="removed",
            actor=actor.user,
            space=space,
            text=f"You were removed from {space}.",
            url="/spaces/",
        )
    actor.forget_roles()
    unread_recount(users=[membership.user])
