import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hearth.core.models import AuditEntry
from hearth.library.models import Attachment
from hearth.spaces.models import Visibility
from tests.conftest import client_for
from tests.factories import document_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "orange").save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def doc():
    leader = person_make()
    space = space_make(leader=leader)
    return document_make(space=space, owner=leader), leader


def upload(client, document, name: str, data: bytes):
    return client.post(f"/d/{document.pk}/files/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    "name,data,content_type,is_image",
    [
        ("map.png", png_bytes(), "image/png", True),
        ("guide.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "application/pdf", False),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            False,
        ),
        ("notes.md", "# Notes\nCafé".encode(), "text/markdown; charset=utf-8", False),
    ],
)
def test_accepted_files_are_typed_by_content(doc, name, data, content_type, is_image):
    document, leader = doc
    response = upload(client_for(leader), document, name, data)
    assert response.status_code == 302, response.content
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.is_image) == (content_type, is_image)
    assert attachment.name == name
    assert not attachment.file.name.endswith(name)  # stored under a random name
    assert AuditEntry.objects.filter(action="attachment.add").exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("report.pdf", png_bytes(), b"PNG image, but its name ends in"),
        ("photo.png", b"%PDF-1.4 not an image", b"PDF, but its name ends in"),
        ("photo.png", b"<html><script>alert(1)</script></html>", b"not taken"),
        ("notes.txt", b"<!doctype html><script>x</script>", b"not plain text"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00", b"not taken"),
        ("plan.docx", b"PK\x03\x04garbage", b"damaged"),
        ("pics.zip", docx_bytes(), b"Zip archives are not taken"),
        ("empty.txt", b"", b"empty"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"not taken"),
    ],
)
def test_lying_or_unknown_files_are_refused(doc, name, data, message):
    document, leader = doc
    response = upload(client_for(leader), document, name, data)
    assert response.status_code == 400
    assert message in response.content
    assert not Attachment.objects.exists()


def test_file_over_the_limit_is_refused(doc, monkeypatch):
    document, leader = doc
    monkeypatch.setattr("hearth.library.uploads.MAX_ATTACHMENT_BYTES", 100)
    response = upload(client_for(leader), document, "notes.txt", b"x" * 101)
    assert response.status_code == 400 and b"at most" in response.content
    assert not Attachment.objects.exists()


def test_a_2gb_body_is_refused_before_it_is_read(doc):
    document, leader = doc
    client = client_for(leader)
    # Declares 2 GB but sends a few bytes: the refusal comes from the header alone.
    body = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi'
    response = client.generic(
        "POST",
        f"/d/{document.pk}/files/",
        body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert b"too large" in response.content
    api = client.generic(
        "POST",
        "/api/v1/spaces/x/documents",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert api.status_code == 413 and api.json()["detail"]
    assert not Attachment.objects.exists()


def test_download_headers(doc):
    document, leader = doc
    client = client_for(leader)
    upload(client, document, "guide.pdf", b"%PDF-1.7\n")
    upload(client, document, "map.png", png_bytes())
    pdf, image = Attachment.objects.order_by("id")
    response = client.get(f"/files/{pdf.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="guide.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
    shown = client.get(f"/files/{image.pk}/")
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    page = client.get(f"/d/{document.pk}/").content.decode()
    assert f'<img src="/files/{image.pk}/"' in page


def test_download_goes_through_the_policy():
    leader = person_make()
    space = space_make(leader=leader, visibility=Visibility.PRIVATE)
    document = document_make(space=space, owner=leader)
    client = client_for(leader)
    upload(client, document, "guide.pdf", b"%PDF-1.7\n")
    attachment = Attachment.objects.get()
    assert client_for(person_make()).get(f"/files/{attachment.pk}/").status_code == 404
    member = person_make()
    membership_make(space=space, user=member)
    assert client_for(member).get(f"/files/{attachment.pk}/").status_code == 200


def test_only_editors_attach_and_remove(doc):
    document, leader = doc
    outsider = client_for(person_make())
    assert upload(outsider, document, "guide.pdf", b"%PDF-1.7\n").status_code == 403
    upload(client_for(leader), document, "guide.pdf", b"%PDF-1.7\n")
    attachment = Attachment.objects.get()
    assert outsider.post(f"/files/{attachment.pk}/remove/").status_code == 403
    assert client_for(leader).post(f"/files/{attachment.pk}/remove/").status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.removed_by == leader


def test_conversation_attachments_follow_the_post_and_the_space():
    from tests.factories import conversation_make

    leader, author, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader, visibility=Visibility.RESTRICTED)
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=author, title="Site visit photos")
    # Another member may not attach to someone else's post; the author may.
    refused = client_for(member).post(
        f"/c/{conversation.pk}/files/", {"file": SimpleUploadedFile("map.png", png_bytes())}
    )
    assert refused.status_code == 403 and not Attachment.objects.exists()
    lying = client_for(author).post(
        f"/c/{conversation.pk}/files/", {"file": SimpleUploadedFile("map.pdf", png_bytes())}
    )
    assert lying.status_code == 400 and not Attachment.objects.exists()
    saved = client_for(author).post(
        f"/c/{conversation.pk}/files/", {"file": SimpleUploadedFile("map.png", png_bytes())}
    )
    assert saved.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.conversation == conversation and attachment.document is None
    page = client_for(member).get(f"/c/{conversation.pk}/").content.decode()
    assert f'<img src="/files/{attachment.pk}/"' in page
    assert client_for(member).get(f"/files/{attachment.pk}/").status_code == 200
    # Restricted space: an outsider is refused the file as they are the conversation.
    assert client_for(person_make()).get(f"/files/{attachment.pk}/").status_code == 403
    # Another member may not remove it; a facilitator or leader may.
    assert client_for(member).post(f"/files/{attachment.pk}/remove/").status_code == 403
    assert client_for(leader).post(f"/files/{attachment.pk}/remove/").status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_by == leader
    page = client_for(member).get(f"/c/{conversation.pk}/").content.decode()
    assert f"/files/{attachment.pk}/" not in page
