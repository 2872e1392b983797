"""The community managers' space: where leaders of every community exchange what worked.

``community_managers_space_ensure`` is idempotent: it creates the space, its home
sections and the pinned lessons-learnt template once, and on every run
adds the leaders of other spaces who are not members yet. It is called by the
``hearth community_managers_space`` command and by the demo seed — never by a
signal. The lessons-learnt template is the space's guidance, its first section.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from hearth.access.actor import role_map_version_bump
from hearth.core.changes import record
from hearth.core.markdown import markdown_render
from hearth.spaces.models import Membership, Role, Space, Visibility
from hearth.structure.models import SpaceLayout

SLUG = "community-managers"
NAME = "Community managers"
DESCRIPTION = (
    "Leaders, facilitators and champions of every community exchange what worked, "
    "what did not, and compare results. Start from the lessons-learnt template."
)
TEMPLATE_TITLE = "Lessons learnt — template"
TEMPLATE = """## Lessons learnt — template

Copy this outline into a new conversation here, one per community and stage.

### Community and stage
Which community, and where it is: prepare, design, implement, develop, animate, monitor,
wrap up or analyze.

### What we tried
The action, the people involved, the dates.

### What worked
Evidence from the data (members active, questions answered, time to first reply).

### What did not work, and why

### What we would do differently

### Advice for another community manager
"""
GUIDANCE = """**How this space works**

- One conversation per lesson learnt, started from the pinned template.
- Tag it with the stage (e.g. *launch*, *animation*, *wrap-up*).
- Reply with how the lesson went in your own community: comparing results is the point.
"""


def community_managers_space_ensure() -> tuple[Space, int]:
    """Create (once) and complete the community managers' space.

    Returns the space and how many leaders were added as members on this run.
    """
    with transaction.atomic():
        space, created = Space.objects.get_or_create(
            slug=SLUG,
            defaults={
                "name": NAME,
                "description": DESCRIPTION,
                "visibility": Visibility.RESTRICTED,
            },
        )
        if created:
            record(
                None,
                action="space.create",
                target=space,
                space=space,
                after={"name": NAME, "visibility": space.visibility},
                via="system",
            )
        # The template is the guidance section, shown first: pinned without
        # adding a conversation to the space's counts.
        guidance = GUIDANCE + "\n" + TEMPLATE
        layout, made = SpaceLayout.objects.get_or_create(
            space=space,
            defaults={
                "sections": ["guidance", "top", "conversations", "questions"],
                "guidance": guidance,
                "guidance_html": markdown_render(guidance),
            },
        )
        if not made and TEMPLATE_TITLE not in layout.guidance:
            layout.guidance = (guidance + "\n\n" + layout.guidance).strip()
            layout.guidance_html = markdown_render(layout.guidance)
            if "guidance" not in layout.sections:
                layout.sections = ["guidance", *layout.sections]
            layout.save()
        added = _leaders_join(space)
    space.refresh_from_db(fields=["member_count"])
    return space, added


def _leaders_join(space: Space) -> int:
    """Leaders of other spaces become members; platform admins lead it if no one does."""
    User = get_user_model()
    present = set(Membership.objects.filter(space=space).values_list("user_id", flat=True))
    leaders = set(
        Membership.objects.filter(role=Role.LEADER, user__is_active=True)
        .exclude(space=space)
        .values_list("user_id", flat=True)
    )
    new = [
        Membership(space=space, user_id=pk, role=Role.MEMBER) for pk in sorted(leaders - present)
    ]
    if not Membership.objects.filter(space=space, role=Role.LEADER).exists():
        admins = User.objects.filter(is_active=True, org_role="admin").order_by("pk")[:3]
        for admin in admins:
            if admin.pk in present:
                Membership.objects.filter(space=space, user=admin).update(role=Role.LEADER)
            else:
                new = [m for m in new if m.user_id != admin.pk]
                new.append(Membership(space=space, user=admin, role=Role.LEADER))
    Membership.objects.bulk_create(new, ignore_conflicts=True)
    role_map_version_bump(*[m.user_id for m in new])
    count = (
        Space.objects.filter(pk=space.pk)
        .annotate(n=Count("memberships"))
        .values_list("n", flat=True)
        .first()
    )
    Space.objects.filter(pk=space.pk).update(member_count=count)
    return len(new)
