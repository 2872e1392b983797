"""`hearth space_export SLUG FILE --as USERNAME`: write a space's archive to FILE."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hearth.access.actor import Actor
from hearth.core.errors import HearthError
from hearth.lifecycle.exchange import space_export
from hearth.spaces.models import Space


class Command(BaseCommand):
    help = "Export a space (content, members, charter, rules) as one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The leader or platform admin the export is made for.",
        )

    def handle(self, *args, slug: str, file: str, username: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the username “{username}”.")
        space = Space.objects.filter(slug=slug).first()
        if space is None:
            raise CommandError(f"No space has the address “{slug}”.")
        try:
            raw = space_export(actor=Actor.for_user(user), space=space, via="cli")
        except HearthError as error:
            raise CommandError(error.message) from error
        Path(file).write_bytes(raw)
        self.stdout.write(f"Exported {space.slug} to {file} ({len(raw):,} bytes).")
