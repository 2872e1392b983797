"""Create or complete the community managers' space (idempotent; run after migrate)."""

from django.core.management.base import BaseCommand

from hearth.structure.community import community_managers_space_ensure


class Command(BaseCommand):
    help = (
        "Create the community managers' space with its lessons-learnt template, and "
        "add every space leader as a member. Safe to run again."
    )

    def handle(self, *args, **options):
        space, added = community_managers_space_ensure()
        self.stdout.write(
            f"{space.name} (/s/{space.slug}/): {space.member_count} members, {added} added now."
        )
