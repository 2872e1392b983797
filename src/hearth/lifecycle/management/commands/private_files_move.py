"""Move the files that earlier versions kept under MEDIA_ROOT into the private storage.

    hearth private_files_move            move them, then say how many
    hearth private_files_move --check    only count what is still to move

Space exports, library attachments and profile photos used to be written to the
default storage (``HEARTH_MEDIA_ROOT``), which a media URL served. They now live in
the private storage (``HEARTH_PRIVATE_ROOT``), served only by views that ask the
policy. Each file keeps its name, so the rows need no change; running this again
moves nothing twice. Then stop serving ``/media/`` from the reverse proxy.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from hearth.core.files import private_storage
from hearth.library.models import Attachment
from hearth.lifecycle.models import ExportJob
from hearth.people.models import User


def _private_fields():
    # Lives in lifecycle, the lowest app that may read library's, its own and
    # people's files: core, below them all, may not import them.
    return [(Attachment, "file"), (ExportJob, "archive"), (User, "photo")]


def private_files_move(*, check: bool = False) -> tuple[int, int]:
    """(moved or to move, missing in both places) over every private file field."""
    private = private_storage()
    moved = missing = 0
    for model, field in _private_fields():
        names = model._meta.base_manager.exclude(**{field: ""}).values_list(field, flat=True)
        for name in names.iterator():
            if private.exists(name):
                continue
            if not default_storage.exists(name):
                missing += 1
                continue
            moved += 1
            if check:
                continue
            with default_storage.open(name, "rb") as handle:
                saved = private.save(name, handle)
            if saved != name:  # taken meanwhile: the row would point at another file
                private.delete(saved)
                raise CommandError(f"{name} appeared in the private storage meanwhile.")
            default_storage.delete(name)
    return moved, missing


class Command(BaseCommand):
    help = "Move exports, attachments and photos from MEDIA_ROOT to the private storage."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only count, move nothing")

    def handle(self, *args, check: bool, **options):
        moved, missing = private_files_move(check=check)
        verb = "to move" if check else "moved"
        self.stdout.write(f"{moved} private file(s) {verb}; {missing} found in neither place.")
