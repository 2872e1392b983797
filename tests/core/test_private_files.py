"""No private file is served by any URL outside the views that ask the policy.

With the file system storages of the production settings (a media folder, the
private folder, collected static files) and the URLs built with debug and
``HEARTH_SERVE_MEDIA`` on (when a media route used to be added), a leader exports
a private space, members attach files to documents and conversations and upload
photos; then every file of every folder is asked for by every address a guesser
would try, as anonymous and as a signed-in employee who is no member: none is
served. The views themselves still
serve those the policy lets in, and hand the file to the proxy when configured.
"""

import hashlib
import importlib.util
import io
import sys
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.test import Client
from PIL import Image

from hearth.access.actor import Actor
from hearth.core.files import PrivateFileSystemStorage, private_files_check, private_storage
from hearth.library.models import Attachment
from hearth.lifecycle.exchange import export_job_run, export_job_start
from hearth.lifecycle.models import ExportJob
from hearth.spaces.models import Visibility
from tests.conftest import client_for
from tests.factories import (
    conversation_make,
    document_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def png_bytes(colour: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def roots(settings, tmp_path, monkeypatch):
    """The production settings' storages in a temporary var folder, static files
    collected, and the URLs built afresh under these settings."""
    var = tmp_path / "var"
    media, private, static = var / "media", var / "private", var / "static"
    # The old media route was added in debug (the demo) or with HEARTH_SERVE_MEDIA.
    settings.DEBUG = True
    settings.HEARTH_SERVE_MEDIA = True
    # Debug's 404 page lists every route (50 ms each): a plain one answers the same.
    monkeypatch.setattr(
        "django.views.debug.technical_404_response",
        lambda request, exception: HttpResponseNotFound(),
    )
    settings.WHITENOISE_USE_FINDERS = True  # and static files straight from the source
    settings.MEDIA_ROOT = media
    settings.STATIC_ROOT = static
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "hearth.core.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(private)},
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    spec = importlib.util.spec_from_file_location(
        "tests_served_urls", importlib.util.find_spec("hearth.config.urls").origin
    )
    urls = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "tests_served_urls", urls)
    spec.loader.exec_module(urls)
    settings.ROOT_URLCONF = "tests_served_urls"
    return {"var": var, "media": media, "private": private, "static": static}


@pytest.fixture
def content(roots):
    """A private space's export, files on its documents and conversations, photos."""
    leader, member = person_make(username="director"), person_make(username="member")
    space = space_make(slug="executive-sponsors", leader=leader, visibility=Visibility.PRIVATE)
    membership_make(space=space, user=member)
    restricted = space_make(slug="board", leader=leader, visibility=Visibility.RESTRICTED)
    document = document_make(space=space, owner=leader, title="Budget 2027")
    conversation = conversation_make(space=restricted, author=leader, title="Board minutes")
    client = client_for(leader)
    for name, data in [("budget.pdf", b"%PDF-1.7\nsecret budget\n"), ("org.png", png_bytes())]:
        response = client.post(f"/d/{document.pk}/files/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, response.content
    response = client.post(
        f"/c/{conversation.pk}/files/",
        {"file": SimpleUploadedFile("minutes.txt", b"board minutes, members only\n")},
    )
    assert response.status_code == 302, response.content
    for person, colour in [(leader, "navy"), (member, "teal")]:
        photo = SimpleUploadedFile("me.png", png_bytes(colour), "image/png")
        assert client_for(person).post("/people/me/photo/", {"photo": photo}).status_code == 302
    jobs = []
    for target in (space, restricted):
        job = export_job_start(actor=Actor.for_user(leader), space=target)
        assert export_job_run(job_id=job.pk) == "done"
        jobs.append(job)
    return {
        "leader": leader,
        "member": member,
        "space": space,
        "document": document,
        "conversation": conversation,
        "jobs": jobs,
    }


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _guesses(roots: dict, path: Path) -> set[str]:
    """Every address a guesser would try for a file: its path under each folder's
    URL, from its own folder and from the var folder, plainly and climbing out."""
    guesses = set()
    for base in (roots["private"], roots["media"], roots["static"], roots["var"]):
        if path.is_relative_to(base):
            relative = path.relative_to(base).as_posix()
            for prefix in ("/media/", "/static/", "/"):
                guesses.add(f"{prefix}{relative}")
                guesses.add(f"{prefix}private/{relative}")
                guesses.add(f"{prefix}../private/{relative}")
                guesses.add(f"{prefix}..%2Fprivate%2F{relative}")
    return guesses


def test_no_private_file_is_served_outside_the_policy_views(roots, content):
    private_files = _files(roots["private"])
    # What was stored: two exports, three attachments, two photos — all private.
    assert len(private_files) == 7, private_files
    folders = {path.relative_to(roots["private"]).parts[0] for path in private_files}
    assert folders == {"exports", "library", "photos"}
    secrets = {hashlib.sha256(path.read_bytes()).digest(): path for path in private_files}
    # Nothing private is kept in a folder a URL or a proxy serves.
    for root in (roots["media"], roots["static"]):
        leaked = [p for p in _files(root) if hashlib.sha256(p.read_bytes()).digest() in secrets]
        assert leaked == [], leaked
    assert _files(roots["static"]), "collectstatic gave no static files to walk"

    # The old guessable names too: exports/<slug>-<job id>.zip, for ids counted up.
    jobs = content["jobs"]
    guesses = {
        f"/media/exports/{slug}-{n}.zip"
        for slug in ("executive-sponsors", "board")
        for n in range(1, len(jobs) + 3)
    }
    for path in _files(roots["var"]):
        guesses |= _guesses(roots, path)
    outsider = client_for(person_make(username="newcomer"))
    served = []
    for who, client in (("anonymous", Client()), ("outsider", outsider)):
        for url in sorted(guesses):
            response = client.get(url)
            if response.status_code == 200 and hashlib.sha256(_body(response)).digest() in secrets:
                served.append((who, url))
    assert served == []
    assert len(guesses) > 100  # the walk really tried them all


def test_the_policy_views_still_serve_who_may_and_refuse_others(roots, content):
    leader, member = content["leader"], content["member"]
    outsider = client_for(person_make())
    pdf, image, minutes = Attachment.objects.order_by("id")
    # An export: its space's leader only.
    job = content["jobs"][0]
    assert client_for(leader).get(f"/exports/{job.pk}/download/").status_code == 200
    for client in (client_for(member), outsider):
        assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    # Attachments: who may read what they are attached to.
    response = client_for(member).get(f"/files/{pdf.pk}/")
    assert response.status_code == 200 and _body(response) == b"%PDF-1.7\nsecret budget\n"
    assert response["Cache-Control"].startswith("private")
    assert outsider.get(f"/files/{pdf.pk}/").status_code == 404
    assert outsider.get(f"/files/{minutes.pk}/").status_code == 403  # restricted: asks in
    assert Client().get(f"/files/{pdf.pk}/").status_code == 302  # to sign-in
    # Photos: any signed-in colleague, never anonymous.
    leader.refresh_from_db()
    page = client_for(member).get(f"/people/{leader.username}/").content.decode()
    photo_url = f"/people/photos/{Path(leader.photo.name).name}"
    assert photo_url in page and "/media/" not in page
    shown = outsider.get(photo_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert shown["Content-Disposition"].startswith("inline")
    assert _body(shown) == (roots["private"] / leader.photo.name).read_bytes()
    anonymous = Client().get(photo_url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for bad in ("../exports/x.zip", "..%2Fexports%2Fx.zip", "nobody.jpg", "x.png"):
        assert outsider.get(f"/people/photos/{bad}").status_code == 404


@pytest.mark.parametrize("mode", ["x-accel-redirect", "x-sendfile"])
def test_the_proxy_sends_the_file_when_configured(roots, content, settings, mode):
    settings.HEARTH_SENDFILE = mode
    settings.HEARTH_SENDFILE_PREFIX = "/_hearth_private/"
    leader = content["leader"]
    pdf = Attachment.objects.order_by("id").first()
    job = ExportJob.objects.get(pk=content["jobs"][0].pk)
    header = "X-Accel-Redirect" if mode == "x-accel-redirect" else "X-Sendfile"
    for url, name, disposition in [
        (f"/files/{pdf.pk}/", pdf.file.name, 'attachment; filename="budget.pdf"'),
        (
            f"/exports/{job.pk}/download/",
            job.archive.name,
            'attachment; filename="executive-sponsors.zip"',
        ),
    ]:
        response = client_for(leader).get(url)
        assert response.status_code == 200
        if mode == "x-accel-redirect":
            assert response[header] == f"/_hearth_private/{name}"
        else:
            assert response[header] == str(roots["private"] / name)
        assert response.content == b""  # the proxy sends the file, not Django
        assert response["Content-Disposition"] == disposition
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"].startswith("private")
        refused = client_for(person_make()).get(url)
        assert refused.status_code == 404 and not refused.has_header(header)


def test_private_files_have_no_public_address(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    with pytest.raises(ValueError, match="no public address"):
        storage.url("exports/a.zip")


def test_the_private_folder_may_not_overlap_a_served_one(settings, tmp_path):
    def location(path):
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "hearth.core.files.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(path)},
            },
        }
        return {error.id for error in private_files_check()}

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    assert location(tmp_path / "private") == set()
    assert location(tmp_path / "media" / "private") == {"hearth.E103"}
    assert location(tmp_path / "static") == {"hearth.E103"}
    assert location(tmp_path) == {"hearth.E103"}  # holds the served folders
    settings.HEARTH_SENDFILE = "nginx"
    assert "hearth.E101" in location(tmp_path / "private")


def test_files_kept_under_media_by_earlier_versions_move_to_the_private_folder(roots):
    leader = person_make()
    space = space_make(leader=leader)
    document = document_make(space=space, owner=leader)
    # As an earlier version wrote them: in the default storage, under MEDIA_ROOT.
    old_file = default_storage.save("library/2026/11/old.pdf", io.BytesIO(b"%PDF-1.4\nold\n"))
    Attachment.objects.create(
        document=document,
        file=old_file,
        name="old.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=leader,
    )
    leader.photo = default_storage.save("photos/lea.jpg", io.BytesIO(b"jpeg"))
    leader.save(update_fields=["photo"])
    out = io.StringIO()
    call_command("private_files_move", "--check", stdout=out)
    assert "2 private file(s) to move" in out.getvalue()
    assert default_storage.exists(old_file)
    call_command("private_files_move", stdout=out)
    assert not _files(roots["media"])
    assert private_storage().open(old_file).read() == b"%PDF-1.4\nold\n"
    assert client_for(leader).get(f"/files/{Attachment.objects.get().pk}/").status_code == 200
    assert client_for(person_make()).get("/people/photos/lea.jpg").status_code == 200
    out = io.StringIO()
    call_command("private_files_move", stdout=out)
    assert "0 private file(s) moved" in out.getvalue()
