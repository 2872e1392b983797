"""The demo's community life: home sections, welcome, action plan, invitations,
key users, and the community managers' space. Idempotent: each piece is looked up
by a natural key before it is made."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hearth.actionplan.models import ActionTask
from hearth.conversations.models import Conversation, Tag
from hearth.core.markdown import markdown_render
from hearth.launch.models import InvitationBatch, InvitationBatchItem, SpaceWelcome
from hearth.spaces.models import Membership, Role, Space
from hearth.structure.community import community_managers_space_ensure
from hearth.structure.models import FeaturedItem, KeyUser, SpaceLayout

SECTIONS = ["top", "conversations", "questions", "guidance", "stories"]
GUIDANCE = (
    "**Where things go.** Questions get an accepted answer; discussions are for "
    "sharing. Feature what helps newcomers; a conversation with a business outcome "
    "becomes a success story."
)
WELCOME = (
    "Welcome! Start by completing your profile, then **introduce yourself** in a "
    "short conversation: what you work on and what you hope to find here."
)
BATCH_LABEL = "Next wave (demo)"


def _feature_library_and_events(space, *, after: int) -> None:
    """The space's official (or else newest published) document and its next event
    join the top content, after the featured conversations (once each)."""
    from hearth.events.models import Event
    from hearth.library.models import Document

    document = (
        Document.objects.filter(space=space, status__in=["official", "published"])
        .order_by("-status", "-updated_at")  # "official" sorts after "published"
        .first()
    )
    event = (
        Event.objects.filter(space=space, cancelled_at=None, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    for position, (kind, target) in enumerate(
        (("document", document), ("event", event)), start=after + 1
    ):
        # Once per kind, so a rerun on a later day does not feature the next event too.
        featured = FeaturedItem.objects.filter(space=space, **{f"{kind}__isnull": False})
        if target is not None and not featured.exists():
            FeaturedItem.objects.create(space=space, position=position, **{kind: target})


@transaction.atomic
def seed_community_life() -> list[str]:
    """Give every demo space a shaped home, a welcome, a plan with an overdue task, a
    pending (previewed) invitation batch and key users; ensure the managers' space."""
    from hearth.seed.demo import SPACES

    today = timezone.localdate()
    from hearth.structure.community import SLUG as MANAGERS

    spaces = (
        Space.objects.filter(slug__in=[s.slug for s in SPACES])
        .exclude(slug=MANAGERS)
        .order_by("pk")
    )
    User = get_user_model()
    made = {"tasks": 0, "batches": 0, "key_users": 0}
    for space in spaces:
        SpaceLayout.objects.get_or_create(
            space=space,
            defaults={
                "sections": SECTIONS,
                "guidance": GUIDANCE,
                "guidance_html": markdown_render(GUIDANCE),
            },
        )
        top = list(
            Conversation.objects.filter(space=space, removed_at__isnull=True)
            .order_by("-like_count", "id")
            .values_list("pk", flat=True)[:3]
        )
        for position, pk in enumerate(top, start=1):
            FeaturedItem.objects.get_or_create(
                space=space, conversation_id=pk, defaults={"position": position}
            )
        _feature_library_and_events(space, after=len(top))
        welcome, created = SpaceWelcome.objects.get_or_create(
            space=space, defaults={"message": WELCOME, "message_html": markdown_render(WELCOME)}
        )
        if created:
            tags = (
                Tag.objects.filter(conversations__space=space)
                .annotate(n=Count("conversations"))
                .order_by("-n", "name")[:2]
            )
            welcome.key_tags.set(list(tags))
        team = dict(
            Membership.objects.filter(space=space, role__in=[Role.LEADER, Role.FACILITATOR])
            .order_by("role", "user_id")
            .values_list("role", "user_id")
        )
        owner_id = team.get(Role.FACILITATOR) or team.get(Role.LEADER)
        if owner_id and not ActionTask.objects.filter(space=space).exists():
            ActionTask.objects.bulk_create(
                [
                    ActionTask(
                        space=space,
                        owner_id=owner_id,
                        created_by_id=owner_id,
                        title="Send the monthly digest of best answers",
                        due_on=today - timedelta(days=5),
                    ),
                    ActionTask(
                        space=space,
                        owner_id=owner_id,
                        created_by_id=owner_id,
                        title="Run a quick poll on next quarter's topics",
                        due_on=today + timedelta(days=6),
                        status=ActionTask.Status.DOING,
                    ),
                    ActionTask(
                        space=space,
                        owner_id=owner_id,
                        created_by_id=owner_id,
                        title="Thank the three most helpful members",
                        due_on=today + timedelta(days=14),
                    ),
                ]
            )
            made["tasks"] += 3
        if not KeyUser.objects.filter(space=space).exists():
            active = (
                Membership.objects.filter(space=space, role__in=[Role.CHAMPION, Role.MEMBER])
                .annotate(n=Count("user__conversations"))
                .order_by("-n", "user_id")
                .values_list("user_id", flat=True)[:2]
            )
            KeyUser.objects.bulk_create(
                [
                    KeyUser(
                        space=space,
                        user_id=pk,
                        kind=KeyUser.Kind.EXEMPLARY if i == 0 else KeyUser.Kind.CONNECTOR,
                        note="Named in the demo",
                        added_by_id=owner_id,
                    )
                    for i, pk in enumerate(active)
                ]
            )
            made["key_users"] += len(active)
        if owner_id and not InvitationBatch.objects.filter(space=space, label=BATCH_LABEL).exists():
            outsiders = list(
                User.objects.filter(is_active=True, is_superuser=False)
                .exclude(memberships__space=space)
                .exclude(invitations__space=space)
                .order_by("pk")
                .values_list("pk", flat=True)[:3]
            )
            batch = InvitationBatch.objects.create(
                space=space,
                created_by_id=owner_id,
                source=InvitationBatch.Source.PEOPLE,
                label=BATCH_LABEL,
                total=len(outsiders),
                message="We would love your experience in this community.",
            )
            InvitationBatchItem.objects.bulk_create(
                [InvitationBatchItem(batch=batch, user_id=pk) for pk in outsiders]
            )
            made["batches"] += 1
    managers, added = community_managers_space_ensure()
    return [
        f"Community life: {spaces.count()} spaces shaped; {made['tasks']} action-plan tasks, "
        f"{made['batches']} invitation batches waiting to be sent, {made['key_users']} key "
        f"users new; {managers.name} space with {managers.member_count} members "
        f"({added} new).",
    ]
