"""`hearth token create USERNAME` prints a new API token for that person."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hearth.api.models import ApiToken


class Command(BaseCommand):
    help = "Manage API tokens: `hearth token create USERNAME [--name NAME]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="")

    def handle(self, *args, action: str, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No one has the username “{username}”.")
        if not user.is_active:
            raise CommandError(f"{username} is deactivated.")
        _, raw = ApiToken.issue(user=user, name=name or "command line")
        self.stdout.write(raw)
