"""Export and import of a whole space as one archive.

The archive is a zip holding ``data.json`` (the space, its members and roles,
charter, rules versions and proposals with votes, lifecycle history, pilot
feedback, conversations with replies, likes and tags), the rules and charter
as Markdown for people to read, and ``manifest.json`` with the counts and the
SHA-256 of every other file. An import checks every checksum first and refuses
the archive whole if one file differs, is missing or is added.

People are referred to by username: an import into the same organisation finds
them; an archive naming someone unknown is refused (nothing would be lost
silently). Bodies are rendered again from their Markdown on import, so an
edited archive cannot bring in HTML the sanitiser would not let through.

The package holds the archive's format (``archive``), the export, at once or as a
job (``export``), and the import (``import_``); callers import from here.
"""

from hearth.lifecycle.exchange.archive import (
    FORMAT,
    MAX_ARCHIVE_BYTES,
    VERSION,
    archive_build,
    archive_read,
    space_data,
)
from hearth.lifecycle.exchange.export import (
    can_export_space,
    export_archives_purge,
    export_job_expired,
    export_job_get,
    export_job_run,
    export_job_start,
    space_export,
)
from hearth.lifecycle.exchange.import_ import space_import

__all__ = [
    "FORMAT",
    "MAX_ARCHIVE_BYTES",
    "VERSION",
    "archive_build",
    "archive_read",
    "can_export_space",
    "export_archives_purge",
    "export_job_expired",
    "export_job_get",
    "export_job_run",
    "export_job_start",
    "space_data",
    "space_export",
    "space_import",
]
