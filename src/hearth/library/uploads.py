"""What an uploaded file really is, read from its content rather than its name.

Images are opened by Pillow (and must be PNG, JPEG, GIF or WebP); other files are
recognised by their first bytes (PDF, the zip container of Word, Excel and
PowerPoint files) or, for plain text, by decoding as UTF-8. The name's extension
must agree with what the content is, so a program renamed ``report.pdf`` or a page
of HTML renamed ``photo.png`` is refused. SVG and HTML are never taken: a browser
would run their scripts.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from hearth.core.errors import Invalid

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
NAME_MAX = 120

IMAGE_TYPES = {  # Pillow's format → (content type, extensions)
    "PNG": ("image/png", {".png"}),
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}),
    "GIF": ("image/gif", {".gif"}),
    "WEBP": ("image/webp", {".webp"}),
}
OFFICE_TYPES = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
}
TEXT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".csv": "text/csv"}
ACCEPTED = (
    "images (PNG, JPEG, GIF, WebP), PDF, Word, Excel and PowerPoint files, "
    "and plain text (.txt, .md, .csv)"
)


@dataclass(frozen=True)
class FileKind:
    content_type: str
    is_image: bool


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _refuse_extension(what: str, extension: str, expected: set[str]) -> None:
    if extension not in expected:
        raise Invalid(
            f"This file is {what}, but its name ends in “{extension or 'nothing'}”; "
            f"rename it to end in {' or '.join(sorted(expected))}.",
            field="file",
        )


def _as_image(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise Invalid(f"{kind} images are not taken; use PNG, JPEG, GIF or WebP.", field="file")
    if width * height > MAX_IMAGE_PIXELS:
        raise Invalid("This image has too many pixels to preview safely.", field="file")
    return kind


def file_kind(upload: UploadedFile) -> FileKind:
    """The checked kind of ``upload``, or ``Invalid`` with a message saying why not."""
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise Invalid(
            f"A file can be at most {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.", field="file"
        )
    if upload.size == 0:
        raise Invalid("This file is empty.", field="file")
    extension = _extension(upload.name or "")
    image_format = _as_image(upload)
    if image_format:
        content_type, extensions = IMAGE_TYPES[image_format]
        _refuse_extension(f"a {image_format} image", extension, extensions)
        return FileKind(content_type, True)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        _refuse_extension("a PDF", extension, {".pdf"})
        return FileKind("application/pdf", False)
    if head.startswith(b"PK\x03\x04"):
        if extension not in OFFICE_TYPES:
            raise Invalid(f"Zip archives are not taken; Hearth takes {ACCEPTED}.", field="file")
        content_type, folder = OFFICE_TYPES[extension]
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile as error:
            raise Invalid("This file is damaged.", field="file") from error
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names or not any(n.startswith(folder) for n in names):
            raise Invalid(
                f"This is not a {extension[1:]} file, whatever its name says.", field="file"
            )
        return FileKind(content_type, False)
    if extension in TEXT_TYPES:
        data = upload.read()
        upload.seek(0)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Invalid("This is not plain text (it must be UTF-8).", field="file") from error
        if "\x00" in text or text.lstrip()[:15].lower().startswith(("<!doctype", "<html", "<svg")):
            raise Invalid("This is not plain text.", field="file")
        return FileKind(f"{TEXT_TYPES[extension]}; charset=utf-8", False)
    raise Invalid(f"This kind of file is not taken; Hearth takes {ACCEPTED}.", field="file")


def display_name(name: str) -> str:
    """The name shown and offered on download: no folders, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')
    return (cleaned.strip() or "file")[:NAME_MAX]
