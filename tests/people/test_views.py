"""People directory, profiles and profile editing, with bad uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hearth.people.models import ExpertiseTag
from tests.conftest import client_for
from tests.factories import (
    business_unit_make,
    country_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 30)).save(out, format=fmt)
    return out.getvalue()


def test_directory_filters_by_unit_country_expertise_and_text():
    unit, other_unit = business_unit_make(slug="ops"), business_unit_make(slug="fin")
    fr, de = country_make(code="FR", name="France"), country_make(code="DE", name="Germany")
    amelie = person_make(display_name="Amélie Durand", business_unit=unit, country=fr)
    jonas = person_make(display_name="Jonas Weber", business_unit=other_unit, country=de)
    tag = ExpertiseTag.objects.create(name="Lean", slug="lean")
    jonas.expertise.add(tag)
    client = client_for(person_make(display_name="Viewer"))
    assert "Amélie".encode() in client.get("/people/?business_unit=ops").content
    assert b"Jonas" not in client.get("/people/?business_unit=ops").content
    assert b"Jonas" in client.get("/people/?country=DE").content
    assert "Amélie".encode() not in client.get("/people/?expertise=lean").content
    assert b"Jonas" in client.get("/people/?q=webe").content
    # an unknown filter value is ignored, not an error page
    assert client.get("/people/?business_unit=nope&country=ZZ").status_code == 200
    assert amelie.pk


def test_profile_shows_only_spaces_the_viewer_may_know():
    person = person_make()
    secret = space_make(visibility="private", name="Secret Merger Room")
    membership_make(space=secret, user=person)
    public = space_make(name="Coffee Lovers")
    membership_make(space=public, user=person)
    page = client_for(person_make()).get(f"/people/{person.username}/")
    assert b"Coffee Lovers" in page.content and b"Secret Merger Room" not in page.content
    assert client_for(person).get(f"/people/{person.username}/").content.count(b"Secret") >= 1


def test_unknown_profile_is_404():
    assert client_for(person_make()).get("/people/nobody-here/").status_code == 404


def test_profile_edit_saves_and_reports_completeness():
    person = person_make()
    client = client_for(person)
    response = client.post(
        "/people/me/",
        {
            "display_name": "Nadia Haddad",
            "title": "Plant manager",
            "location": "Lyon",
            "bio": "Twenty years in operations.",
            "expertise": "Lean, Safety, Lean",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Plant manager"
    assert sorted(person.expertise.values_list("slug", flat=True)) == ["lean", "safety"]
    page = client.get("/people/me/")
    assert b"A recognisable photo" in page.content and b"57% complete" in page.content


def test_profile_edit_refuses_bad_input_and_keeps_the_old_values():
    person = person_make(display_name="Kept Name")
    client = client_for(person)
    for data in (
        {"display_name": ""},
        {"display_name": "ok", "bio": "b" * 2001},
        {"display_name": "ok", "expertise": ",".join(f"t{i}" for i in range(21))},
        {"display_name": "ok", "business_unit": "999999"},
    ):
        assert client.post("/people/me/", data).status_code == 400, data
    person.refresh_from_db()
    assert person.display_name == "Kept Name"


def test_photo_upload_is_resized_to_a_square_jpeg():
    person = person_make()
    client = client_for(person)
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    assert client.post("/people/me/photo/", {"photo": upload}).status_code == 302
    person.refresh_from_db()
    with person.photo.open("rb") as handle:
        stored = Image.open(handle)
        assert stored.format == "JPEG" and stored.size == (256, 256)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("evil.png", b"<script>alert(1)</script>", b"not an image"),
        ("doc.pdf", b"%PDF-1.4 not really", b"not an image"),
        ("anim.bmp", None, b"must be a JPEG, PNG, WebP or GIF"),
    ],
)
def test_photo_upload_refuses_what_is_not_a_photo(name, content, message):
    person = person_make()
    if content is None:
        content = image_bytes("BMP", (10, 10))
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for(person).post("/people/me/photo/", {"photo": upload})
    assert response.status_code == 400 and message in response.content
    person.refresh_from_db()
    assert not person.photo


def test_photo_upload_refuses_a_file_too_big(settings):
    settings.HEARTH_PHOTO_MAX_BYTES = 1000
    person = person_make()
    upload = SimpleUploadedFile("big.png", image_bytes(size=(400, 400)), content_type="image/png")
    response = client_for(person).post("/people/me/photo/", {"photo": upload})
    assert response.status_code == 400 and b"too big" in response.content


def test_directory_results_are_shared_briefly_and_refresh(settings):
    viewer = person_make()
    client = client_for(viewer)
    first = client.get("/people/?q=zoe")
    assert b"Zoe" not in first.content
    person_make(display_name="Zoe Newcomer")
    assert b"Zoe" not in client.get("/people/?q=zoe").content  # cached for a moment
    from django.core.cache import cache

    cache.clear()  # as when RESULTS_TTL_SECONDS have passed
    assert b"Zoe Newcomer" in client.get("/people/?q=zoe").content
    fragment = client.get("/people/?q=zoe", HTTP_HX_REQUEST="true")
    assert b"Zoe Newcomer" in fragment.content and b"<html" not in fragment.content
