"""The demo's lifecycle data, its playbook read from real data, and an export then
import of a demo space compared field by field."""

import hashlib
import io
import json
import zipfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Like
from hearth.core.errors import Forbidden, Invalid
from hearth.core.models import AuditEntry
from hearth.lifecycle.exchange import space_export, space_import
from hearth.lifecycle.models import Charter, LifecycleEvent, PilotFeedback
from hearth.lifecycle.playbook import playbook_for
from hearth.rules.models import RulesDocument, RulesProposal
from hearth.seed.demo_lifecycle import seed_lifecycle
from hearth.spaces.models import Space

pytestmark = pytest.mark.django_db

SLUG = "lean-continuous-improvement"


@pytest.fixture
def demo(demo_seeded):
    return demo_seeded


def _user(username):
    return get_user_model().objects.get(username=username)


def test_demo_spaces_have_states_charters_rules_and_feedback(demo):
    states = dict(Space.objects.values_list("slug", "state"))
    assert states["project-aurora"] == "draft"
    assert states["digital-workplace-pilot"] == "pilot"
    assert states["pune-site"] == "archived"
    assert sum(1 for s in states.values() if s == "live") == len(states) - 3
    assert LifecycleEvent.objects.get(space__slug="pune-site").reason
    assert Charter.objects.get(space__slug=SLUG).targets.count() == 4
    document = RulesDocument.objects.get(space__slug=SLUG)
    assert document.current_number == 2 and document.versions.count() == 2
    assert RulesProposal.objects.filter(document=document, status="open").count() == 1
    feedback = PilotFeedback.objects.filter(space__slug="digital-workplace-pilot")
    assert {f.status for f in feedback} == {"open", "resolved"}


def test_seeding_the_lifecycle_again_adds_nothing(demo):
    spaces = {s.slug: s for s in Space.objects.all()}
    assert seed_lifecycle(spaces) == 0


def test_the_playbook_of_a_demo_space_is_ticked_from_real_data(demo):
    space = Space.objects.get(slug=SLUG)
    items = {i["key"]: i for step in playbook_for(space) for i in step["items"]}
    for key in (
        "charter_written",
        "champion_named",
        "rules_adopted",
        "launched",
        "questions_answered",
        "conversations_active",
    ):
        assert items[key]["done"] and items[key]["source"] == "data", key
    assert not items["wrapped_up"]["done"]
    assert items["first_meeting"]["done"] and items["first_meeting"]["source"] == "hand"
    archived = Space.objects.get(slug="pune-site")
    assert {i["key"]: i for s in playbook_for(archived) for i in s["items"]}["wrapped_up"]["done"]


# -- Export and import -------------------------------------------------------------


def _comparable(space) -> dict:
    """Every field that must survive a round trip, keyed by natural keys (not ids)."""

    def likes(post):
        return sorted((like.user.username, like.created_at) for like in post.likes.all())

    conversations = []
    for c in (
        Conversation.objects.filter(space=space)
        .order_by("created_at", "title")
        .select_related("author", "removed_by", "accepted_reply")
        .prefetch_related(
            "tags", "likes__user", "replies__likes__user", "replies__author", "replies__reply_to"
        )
    ):
        replies = list(c.replies.all().order_by("created_at", "id"))
        position = {r.pk: i for i, r in enumerate(replies)}
        conversations.append(
            {
                "kind": c.kind,
                "title": c.title,
                "body": c.body,
                "body_html": c.body_html,
                "author": getattr(c.author, "username", None),
                "created_at": c.created_at,
                "edited_at": c.edited_at,
                "last_activity_at": c.last_activity_at,
                "first_reply_at": c.first_reply_at,
                "removed_at": c.removed_at,
                "reply_count": c.reply_count,
                "like_count": c.like_count,
                "accepted": position.get(c.accepted_reply_id),
                "tags": sorted((t.slug, t.name) for t in c.tags.all()),
                "likes": likes(c),
                "replies": [
                    {
                        "author": getattr(r.author, "username", None),
                        "body": r.body,
                        "body_html": r.body_html,
                        "created_at": r.created_at,
                        "edited_at": r.edited_at,
                        "removed_at": r.removed_at,
                        "like_count": r.like_count,
                        "likes": likes(r),
                        "reply_to": position.get(r.reply_to_id),
                    }
                    for r in replies
                ],
            }
        )
    charter = Charter.objects.get(space=space)
    document = RulesDocument.objects.get(space=space)
    return {
        "space": (
            space.description,
            space.visibility,
            space.state,
            space.business_unit_id,
            space.member_count,
        ),
        "members": sorted(space.memberships.values_list("user__username", "role", "joined_at")),
        "conversations": conversations,
        "charter": (
            charter.vision,
            charter.audience,
            list(charter.targets.values_list("metric", "target", "position")),
        ),
        "rules": (
            document.current_number,
            document.require_acknowledgement,
            list(
                document.versions.order_by("number").values_list(
                    "number", "text", "note", "adopted_by__username", "created_at", "proposal__text"
                )
            ),
        ),
        "proposals": [
            (
                p.text,
                p.reason,
                p.status,
                p.base_number,
                p.created_at,
                p.closes_at,
                p.votes_for,
                p.votes_against,
                p.decision_comment,
                sorted(p.votes.values_list("voter__username", "in_favour", "cast_at")),
            )
            for p in document.proposals.order_by("created_at")
        ],
        "lifecycle": list(
            space.lifecycle_events.order_by("created_at").values_list(
                "from_state", "to_state", "reason", "actor__username", "created_at"
            )
        ),
        "feedback": sorted(
            space.pilot_feedback.values_list(
                "text", "status", "resolution_note", "author__username", "created_at"
            )
        ),
    }


def test_export_then_import_reproduces_the_space_field_by_field(demo):
    original = Space.objects.get(slug=SLUG)
    raw = space_export(actor=Actor.for_user(_user("leader")), space=original)
    copy = space_import(actor=Actor.for_user(_user("admin")), raw=raw, slug="lean-copy")
    assert copy.name == original.name and copy.slug == "lean-copy"
    before, after = _comparable(original), _comparable(copy)
    assert before["conversations"], "the demo space has conversations to compare"
    assert sum(len(c["likes"]) for c in before["conversations"]) > 0
    for key in before:
        assert after[key] == before[key], key
    assert AuditEntry.objects.filter(action="space.export").exists()
    assert AuditEntry.objects.filter(action="space.import", space=copy).exists()


def test_the_archive_has_a_manifest_with_counts_and_checksums(demo):
    raw = space_export(actor=Actor.for_user(_user("leader")), space=Space.objects.get(slug=SLUG))
    archive = zipfile.ZipFile(io.BytesIO(raw))
    manifest = json.loads(archive.read("manifest.json"))
    assert (
        manifest["counts"]["conversations"] == Conversation.objects.filter(space__slug=SLUG).count()
    )
    assert (
        manifest["counts"]["likes"]
        == Like.objects.filter(conversation__space__slug=SLUG).count()
        + Like.objects.filter(reply__conversation__space__slug=SLUG).count()
    )
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert "rules/v2.md" in manifest["sha256"] and "charter.md" in manifest["sha256"]


def _rezip(raw: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    files = {name: source.read(name) for name in source.namelist()}
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _tamper_title(files):
    data = json.loads(files["data.json"])
    data["conversations"][0]["title"] = "Tampered"
    files["data.json"] = json.dumps(data).encode()


def _unknown_person(files):
    data = json.loads(files["data.json"])
    data["members"][0]["user"] = "nobody.at.all"
    files["data.json"] = json.dumps(data).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["sha256"]["data.json"] = hashlib.sha256(files["data.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()


def _broken_fields(files):
    data = json.loads(files["data.json"])
    del data["conversations"][0]["replies"]
    files["data.json"] = json.dumps(data).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["sha256"]["data.json"] = hashlib.sha256(files["data.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    "change,message",
    [
        (_tamper_title, "Checksum mismatch"),
        (lambda f: f.update({"rules/v1.md": b"Anything goes."}), "Checksum mismatch"),
        (lambda f: f.update({"extra.txt": b"surprise"}), "do not match its manifest"),
        (lambda f: f.pop("charter.md"), "do not match its manifest"),
        (lambda f: f.pop("manifest.json"), "manifest.json is missing"),
        (lambda f: f.update({"manifest.json": b"{not json"}), "JSON cannot be read"),
        (lambda f: f.update({"manifest.json": b'{"format": "other"}'}), "not a Hearth"),
        (_unknown_person, "unknown here"),
        (_broken_fields, "malformed"),
    ],
)
def test_a_tampered_or_broken_archive_is_refused_whole(demo, change, message):
    raw = space_export(actor=Actor.for_user(_user("leader")), space=Space.objects.get(slug=SLUG))
    spaces, conversations = Space.objects.count(), Conversation.objects.count()
    with pytest.raises(Invalid) as raised:
        space_import(
            actor=Actor.for_user(_user("admin")), raw=_rezip(raw, change), slug="lean-copy"
        )
    assert message in raised.value.message
    assert (Space.objects.count(), Conversation.objects.count()) == (spaces, conversations)


def test_not_a_zip_and_taken_slug_are_refused(demo):
    admin = Actor.for_user(_user("admin"))
    with pytest.raises(Invalid):
        space_import(actor=admin, raw=b"hello", slug="copy")
    raw = space_export(actor=Actor.for_user(_user("leader")), space=Space.objects.get(slug=SLUG))
    with pytest.raises(Exception) as raised:
        space_import(actor=admin, raw=raw, slug=SLUG)
    assert "already taken" in raised.value.message


def test_only_leaders_export_and_only_admins_import(demo):
    space = Space.objects.get(slug=SLUG)
    with pytest.raises(Forbidden):
        space_export(actor=Actor.for_user(_user("champion")), space=space)
    raw = space_export(actor=Actor.for_user(_user("leader")), space=space)
    with pytest.raises(Forbidden):
        space_import(actor=Actor.for_user(_user("leader")), raw=raw, slug="lean-copy")
    aurora = Space.objects.get(slug="project-aurora")  # private, admin not a member
    with pytest.raises(Forbidden):
        space_export(actor=Actor.for_user(_user("admin")), space=aurora)


def test_export_and_import_commands(demo, tmp_path):
    target = tmp_path / "lean.zip"
    out = StringIO()
    call_command("space_export", SLUG, str(target), "--as", "leader", stdout=out)
    assert target.stat().st_size > 1000
    call_command("space_import", str(target), "--slug", "lean-again", "--as", "admin", stdout=out)
    assert Space.objects.filter(slug="lean-again").exists()
    with pytest.raises(CommandError):
        call_command("space_export", SLUG, str(target), "--as", "member")
    target.write_bytes(target.read_bytes()[:-50])
    with pytest.raises(CommandError):
        call_command("space_import", str(target), "--slug", "lean-broken", "--as", "admin")
    assert not Space.objects.filter(slug="lean-broken").exists()


def test_export_job_through_the_api_and_download(demo):
    from hearth.lifecycle.exchange import export_job_run
    from tests.conftest import ApiClient, client_for

    api = ApiClient(_user("leader"))
    response = api.post(f"/spaces/{SLUG}/export")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["download_url"] is None
    assert export_job_run(job_id=job["id"]) == "done"
    assert export_job_run(job_id=job["id"]) == "done"  # a rerun leaves it alone
    done = api.get(f"/jobs/{job['id']}").json()
    assert done["download_url"].endswith(f"/exports/{job['id']}/download/")
    download = client_for(_user("leader")).get(f"/exports/{job['id']}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert client_for(_user("member")).get(f"/exports/{job['id']}/download/").status_code == 404
    assert ApiClient(_user("member")).get(f"/jobs/{job['id']}").status_code == 404
    assert ApiClient(_user("member")).post(f"/spaces/{SLUG}/export").status_code in (403, 404)


def test_import_page_for_admins_only(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import client_for

    raw = space_export(actor=Actor.for_user(_user("leader")), space=Space.objects.get(slug=SLUG))
    assert client_for(_user("leader")).get("/spaces/import/").status_code == 403
    admin = client_for(_user("admin"))
    assert admin.get("/spaces/import/").status_code == 200
    bad = admin.post(
        "/spaces/import/", {"slug": "via-page", "archive": SimpleUploadedFile("a.zip", b"nope")}
    )
    assert bad.status_code == 400 and b"not a zip" in bad.content
    good = admin.post(
        "/spaces/import/", {"slug": "via-page", "archive": SimpleUploadedFile("a.zip", raw)}
    )
    assert good.status_code == 302
    assert Space.objects.filter(slug="via-page").exists()
