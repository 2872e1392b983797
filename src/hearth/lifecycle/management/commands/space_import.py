"""`hearth space_import FILE --slug NEW --as ADMIN`: restore an archive as a new space."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hearth.access.actor import Actor
from hearth.core.errors import HearthError
from hearth.lifecycle.exchange import space_import


class Command(BaseCommand):
    help = "Import a space archive into a new space (checksums verified first)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--slug", required=True, help="Address of the new space.")
        parser.add_argument("--name", default="", help="Name of the new space.")
        parser.add_argument(
            "--as", dest="username", required=True, help="The platform admin the import is made by."
        )

    def handle(self, *args, file: str, slug: str, name: str, username: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the username “{username}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}.")
        try:
            space = space_import(
                actor=Actor.for_user(user), raw=path.read_bytes(), slug=slug, name=name, via="cli"
            )
        except HearthError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Imported into {space.slug} ({space.member_count} members).")
