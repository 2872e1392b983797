"""Rebuild the search index from the database: `hearth search_reindex [--kind KIND ...]`."""

import time

from django.core.management.base import BaseCommand, CommandError

from hearth.search.models import SearchDocument
from hearth.search.services import REINDEX_BATCH, search_reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of conversations, replies, spaces and people "
        "from their tables, in batches. Search keeps answering meanwhile; a rerun "
        "is harmless. Run it after a seed, an import, or restoring a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=SearchDocument.Kind.values,
            help="Only this kind (repeatable); every kind by default.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REINDEX_BATCH,
            help=f"Source rows per statement (default {REINDEX_BATCH:,}).",
        )

    def handle(self, *args, kind=None, batch_size: int, verbosity: int = 1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        # Every batch at -v 2; a line per kind otherwise.
        progress = self.stdout.write if verbosity > 1 else None
        written = search_reindex(kinds=kind, batch_size=batch_size, progress=progress)
        if verbosity:
            for name, count in written.items():
                self.stdout.write(f"{name}: {count:,}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {sum(written.values()):,} documents in "
                    f"{time.monotonic() - started:.1f} s."
                )
            )
