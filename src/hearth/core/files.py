"""Private files: where Hearth keeps them and the one way they are served.

Nothing Hearth stores is public. Space exports, library attachments and profile
photos live in the ``private`` storage (``HEARTH_PRIVATE_ROOT``), a folder outside
``MEDIA_ROOT`` and ``STATIC_ROOT`` that no URL routes to. A file leaves it only
through a view that has asked the policy first and answers with
``private_file_response``: Django streams the file itself, or hands it to the
reverse proxy (``HEARTH_SENDFILE``: ``x-accel-redirect`` for nginx, whose internal
location is ``HEARTH_SENDFILE_PREFIX``; ``x-sendfile`` for Apache and lighttpd).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

from hearth.core.errors import NotFound

PRIVATE_STORAGE_ALIAS = "private"
SENDFILE_MODES = ("", "x-accel-redirect", "x-sendfile")


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no URL points at. ``url()`` refuses, so that no template can link
    to a private file past the view that asks the policy."""

    def url(self, name):
        raise ValueError(
            "A private file has no public address: serve it through a view that asks "
            "the policy (hearth.core.files.private_file_response)."
        )


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private = _PrivateStorage()


def private_storage():
    """The storage of private files, for ``FileField(storage=private_storage)``.

    A callable, so that migrations name it instead of copying a folder into
    themselves; it returns a lazy stand-in read from ``STORAGES`` at first use, so
    that a settings override (tests) reaches the fields too.
    """
    return _private


@receiver(setting_changed)
def _private_storage_reset(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_file_response(
    *,
    name: str,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    max_age: int = 0,
    content_security_policy: str = "",
) -> HttpResponse:
    """Answer with the private file stored as ``name`` (callers have asked the policy).

    The browser is told the type read at upload (never to sniff another), the
    person's own file name, to download it or show it inline, and to keep it in its
    own cache only. The file itself is streamed by Django or, with
    ``HEARTH_SENDFILE`` set, sent by the reverse proxy from the private folder.
    """
    storage = private_storage()
    if not name or not storage.exists(name):
        raise NotFound("No such file.")
    mode = settings.HEARTH_SENDFILE
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        prefix = settings.HEARTH_SENDFILE_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{quote(name)}"
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={max_age}" if max_age else "private, no-cache"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if content_security_policy:
        response["Content-Security-Policy"] = content_security_policy
    return response


def _served_roots() -> list[tuple[str, Path]]:
    """The folders that a URL serves or that operators were told to serve."""
    roots = [("MEDIA_ROOT", settings.MEDIA_ROOT), ("STATIC_ROOT", settings.STATIC_ROOT)]
    roots += [("STATICFILES_DIRS", entry) for entry in settings.STATICFILES_DIRS]
    return [
        (label, Path(root[1] if isinstance(root, tuple) else root).resolve())
        for label, root in roots
        if root
    ]


@checks.register(checks.Tags.security, deploy=False)
def private_files_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The private folder is none of the served folders, inside none, holds none."""
    errors = []
    if settings.HEARTH_SENDFILE not in SENDFILE_MODES:
        errors.append(
            checks.Error(
                f"HEARTH_SENDFILE is {settings.HEARTH_SENDFILE!r}.",
                hint="Leave it empty, or set x-accel-redirect (nginx) or x-sendfile.",
                id="hearth.E101",
            )
        )
    location = settings.STORAGES.get(PRIVATE_STORAGE_ALIAS, {}).get("OPTIONS", {}).get("location")
    if PRIVATE_STORAGE_ALIAS not in settings.STORAGES:
        errors.append(
            checks.Error(
                "STORAGES has no 'private' storage for exports, attachments and photos.",
                id="hearth.E102",
            )
        )
    elif location:
        private = Path(location).resolve()
        for label, served in _served_roots():
            if (
                private == served
                or private.is_relative_to(served)
                or served.is_relative_to(private)
            ):
                errors.append(
                    checks.Error(
                        f"The private files' folder ({private}) overlaps {label} ({served}).",
                        hint="Set HEARTH_PRIVATE_ROOT to a folder of its own that is never "
                        "served by a URL.",
                        id="hearth.E103",
                    )
                )
    return errors
