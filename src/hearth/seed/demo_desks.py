"""Work on the demo's desks: a few administrative actions taken through the
services by the organisation roles, so that the `director` and `unitlead`
sign-ins find audit entries (and what they did) besides the pending access
requests and unanswered questions the demo already has.

Idempotent: once the director's entries exist, nothing is done again.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.models import AuditEntry
from hearth.spaces import services
from hearth.spaces.models import AccessRequest, Membership, Role, Space


def seed_desk_activity(spaces: dict[str, Space]) -> int:
    """Play the organisation roles' actions once; returns how many were played."""
    if AuditEntry.objects.filter(as_role__in=["director", "unit_leader"]).exists():
        return 0
    # Fresh rows: the seed's own objects predate its member-count refresh.
    spaces = {
        s.slug: s
        for s in Space.objects.select_related("business_unit").filter(
            pk__in=[s.pk for s in spaces.values()]
        )
    }
    people = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["director", "unitlead"])
    }
    director, unitlead = Actor.for_user(people["director"]), Actor.for_user(people["unitlead"])
    played = 0

    # Requests were just made by the seed: spread them over the past days, as
    # people asked them (once: the seed does not come back here).
    now = timezone.now()
    pending = AccessRequest.objects.filter(space__in=list(spaces.values()), status="pending")
    for i, pk in enumerate(pending.order_by("pk").values_list("pk", flat=True)):
        AccessRequest.objects.filter(pk=pk).update(
            created_at=now - timedelta(days=6 - i % 6, hours=3 * i)
        )

    # The director welcomes a new community manager into the network.
    managers = spaces["community-managers"]
    request = (
        AccessRequest.objects.filter(space=managers, status="pending", message="")
        .exclude(user__username__in=["member"])
        .first()
    )
    if request is not None:
        services.access_request_decide(
            actor=director,
            space=managers,
            request_id=request.pk,
            approve=True,
            note="Welcome to the network!",
        )
        played += 1

    # The director names a champion in the largest lean community.
    lean = spaces["lean-continuous-improvement"]
    membership = (
        Membership.objects.filter(space=lean, role=Role.MEMBER)
        .exclude(user__username__in=["member", "unitlead"])
        .order_by("user_id")
        .first()
    )
    if membership is not None:
        services.member_change_role(
            actor=director, space=lean, user_id=membership.user_id, role=Role.CHAMPION
        )
        played += 1

    # The Operations collaboration leader tidies the Pune site's description.
    pune = spaces["pune-site"]
    services.space_update(
        actor=unitlead,
        space=pune,
        name=pune.name,
        description=pune.description.rstrip(".")
        + ". Ask to join with a word about your team; we answer within a day.",
        visibility=pune.visibility,
        business_unit=pune.business_unit,
    )
    played += 1
    return played
