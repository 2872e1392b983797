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
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.files import private_storage

if TYPE_CHECKING:
    from hearth.lifecycle.models import ExportJob
    from hearth.spaces.models import Space

FORMAT = "hearth-space-archive"
VERSION = 1
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _user(user) -> str | None:
    return user.username if user else None


def _likes(likes) -> list[dict]:
    return sorted(
        ({"user": like.user.username, "created_at": _dt(like.created_at)} for like in likes),
        key=lambda like: like["user"],
    )


def space_data(space: Space) -> dict[str, Any]:
    """Everything the archive holds about ``space``, as plain JSON-ready data."""
    from hearth.conversations.models import Conversation, Like, Reply
    from hearth.lifecycle.models import Charter
    from hearth.rules.models import RulesDocument

    likes = Like.objects.select_related("user")
    replies = (
        Reply.objects.select_related("author", "removed_by")
        .prefetch_related(Prefetch("likes", queryset=likes))
        .order_by("created_at", "id")
    )
    conversations = (
        Conversation.objects.filter(space=space)
        .select_related("author", "removed_by")
        .prefetch_related(
            "tags", Prefetch("likes", queryset=likes), Prefetch("replies", queryset=replies)
        )
        .order_by("created_at", "id")
    )
    data: dict[str, Any] = {
        "space": {
            "name": space.name,
            "slug": space.slug,
            "description": space.description,
            "visibility": space.visibility,
            "state": space.state,
            "business_unit": space.business_unit.slug if space.business_unit else None,
            "created_at": _dt(space.created_at),
        },
        "members": [
            {"user": m.user.username, "role": m.role, "joined_at": _dt(m.joined_at)}
            for m in space.memberships.select_related("user").order_by("user__username")
        ],
        "conversations": [],
        "charter": None,
        "rules": None,
        "lifecycle": [],
        "pilot_feedback": [],
    }
    tags: dict[str, str] = {}
    for c in conversations:
        for tag in c.tags.all():
            tags[tag.slug] = tag.name
        data["conversations"].append(
            {
                "key": c.pk,
                "kind": c.kind,
                "title": c.title,
                "body": c.body,
                "author": _user(c.author),
                "tags": sorted(t.slug for t in c.tags.all()),
                "created_at": _dt(c.created_at),
                "edited_at": _dt(c.edited_at),
                "last_activity_at": _dt(c.last_activity_at),
                "first_reply_at": _dt(c.first_reply_at),
                "accepted_reply": c.accepted_reply_id,
                "removed_at": _dt(c.removed_at),
                "removed_by": _user(c.removed_by),
                "likes": _likes(c.likes.all()),
                "replies": [
                    {
                        "key": r.pk,
                        "author": _user(r.author),
                        "body": r.body,
                        "reply_to": r.reply_to_id,
                        "created_at": _dt(r.created_at),
                        "edited_at": _dt(r.edited_at),
                        "removed_at": _dt(r.removed_at),
                        "removed_by": _user(r.removed_by),
                        "likes": _likes(r.likes.all()),
                    }
                    for r in c.replies.all()
                ],
            }
        )
    data["tags"] = [{"slug": s, "name": n} for s, n in sorted(tags.items())]
    charter = Charter.objects.filter(space=space).prefetch_related("targets").first()
    if charter:
        data["charter"] = {
            "vision": charter.vision,
            "audience": charter.audience,
            "targets": [{"metric": t.metric, "target": t.target} for t in charter.targets.all()],
        }
    document = RulesDocument.objects.filter(space=space).first()
    if document:
        data["rules"] = {
            "require_acknowledgement": document.require_acknowledgement,
            "versions": [
                {
                    "number": v.number,
                    "text": v.text,
                    "note": v.note,
                    "adopted_by": _user(v.adopted_by),
                    "created_at": _dt(v.created_at),
                    "proposal": v.proposal_id,
                }
                for v in document.versions.select_related("adopted_by").order_by("number")
            ],
            "proposals": [
                {
                    "key": p.pk,
                    "author": _user(p.author),
                    "text": p.text,
                    "reason": p.reason,
                    "base_number": p.base_number,
                    "created_at": _dt(p.created_at),
                    "closes_at": _dt(p.closes_at),
                    "status": p.status,
                    "decided_by": _user(p.decided_by),
                    "decided_at": _dt(p.decided_at),
                    "decision_comment": p.decision_comment,
                    "votes": sorted(
                        (
                            {
                                "user": v.voter.username,
                                "in_favour": v.in_favour,
                                "cast_at": _dt(v.cast_at),
                            }
                            for v in p.votes.select_related("voter")
                        ),
                        key=lambda v: v["user"],
                    ),
                }
                for p in document.proposals.select_related("author", "decided_by").order_by(
                    "created_at", "id"
                )
            ],
        }
    data["lifecycle"] = [
        {
            "from": e.from_state,
            "to": e.to_state,
            "actor": _user(e.actor),
            "reason": e.reason,
            "created_at": _dt(e.created_at),
        }
        for e in space.lifecycle_events.select_related("actor").order_by("created_at", "id")
    ]
    data["pilot_feedback"] = [
        {
            "author": _user(f.author),
            "text": f.text,
            "status": f.status,
            "created_at": _dt(f.created_at),
            "resolved_by": _user(f.resolved_by),
            "resolved_at": _dt(f.resolved_at),
            "resolution_note": f.resolution_note,
        }
        for f in space.pilot_feedback.select_related("author", "resolved_by").order_by(
            "created_at", "id"
        )
    ]
    return data


def _markdown_files(data: dict) -> dict[str, str]:
    files = {}
    for version in (data.get("rules") or {}).get("versions", []):
        files[f"rules/v{version['number']}.md"] = version["text"] + "\n"
    if data.get("charter"):
        charter = data["charter"]
        files["charter.md"] = (
            f"# Charter of {data['space']['name']}\n\n## Vision\n\n"
            f"{charter['vision']}\n\n## Audience\n\n{charter['audience']}\n"
        )
    return files


def archive_build(space: Space) -> bytes:
    """The zip archive of ``space`` (callers have checked the policy)."""
    data = space_data(space)
    files = {
        "data.json": json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True),
        **_markdown_files(data),
    }
    encoded = {name: text.encode() for name, text in files.items()}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _dt(timezone.now()),
        "space": space.slug,
        "counts": {
            "members": len(data["members"]),
            "conversations": len(data["conversations"]),
            "replies": sum(len(c["replies"]) for c in data["conversations"]),
            "likes": sum(
                len(c["likes"]) + sum(len(r["likes"]) for r in c["replies"])
                for c in data["conversations"]
            ),
            "tags": len(data["tags"]),
            "rules_versions": len((data["rules"] or {}).get("versions", [])),
        },
        "sha256": {name: hashlib.sha256(raw).hexdigest() for name, raw in encoded.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        for name, raw in encoded.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def can_export_space(actor: Actor, space: Space) -> bool:
    """Export: those who administer the space and may read its content (a platform
    admin exports a members-only space only as its member: privacy first)."""
    return policy.can_administer_space(actor, space) and policy.can_read_space(actor, space)


@change("space.export", role="leader", check=policy.require_see_space)
def space_export(*, actor: Actor, space: Space, via: str = "web") -> bytes:
    """Build the archive of ``space`` for ``actor``, audited."""
    if not can_export_space(actor, space):
        raise Forbidden("Only the space's leaders can export it.")
    raw = archive_build(space)
    record(
        actor,
        target=space,
        space=space,
        after={"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()},
        via=via,
    )
    return raw


@change("space.export_start", role="leader", check=None)
def export_job_start(*, actor: Actor, space: Space, via: str = "api") -> ExportJob:
    """Queue an export in the worker; the job's archive is downloaded when done."""
    from hearth.lifecycle.models import ExportJob
    from hearth.lifecycle.tasks import space_export_run

    policy.require_see_space(actor, space)
    if not can_export_space(actor, space):
        raise Forbidden("Only the space's leaders can export it.")
    with transaction.atomic():
        job = ExportJob.objects.create(space=space, requested_by=actor.user)
        record(actor, target=space, space=space, after={"job": job.pk}, via=via)
        transaction.on_commit(lambda: space_export_run.enqueue(job.pk))
    return job


def export_job_run(*, job_id: int) -> str:
    """Build the archive of a queued job (idempotent: a finished job is left alone)."""
    from hearth.lifecycle.models import ExportJob

    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    job = ExportJob.objects.select_related("space").get(pk=job_id)
    if not claimed:
        return job.status
    try:
        raw = archive_build(job.space)
        # A random name in the private storage: never the space's slug and the job's
        # number, which a guesser would count through.
        job.archive.save(f"{secrets.token_hex(16)}.zip", ContentFile(raw), save=False)
        job.status = ExportJob.Status.DONE
    except Exception as error:  # recorded on the job for the person who asked
        job.status, job.error = ExportJob.Status.FAILED, str(error)[:1000]
    job.finished_at = timezone.now()
    if job.status == ExportJob.Status.DONE:
        job.expires_at = job.finished_at + settings.HEARTH_EXPORT_TTL
    job.save(update_fields=["archive", "status", "error", "finished_at", "expires_at"])
    return job.status


def export_job_expired(job: ExportJob) -> bool:
    """Whether the job's archive may no longer be downloaded (purged or past its time)."""
    if job.status == "expired":
        return True
    return job.expires_at is not None and job.expires_at <= timezone.now()


def export_archives_purge(*, now: datetime | None = None) -> int:
    """Delete the archives of exports whose time is up; the jobs stay, ``expired``.

    Idempotent: each job is first marked expired by a conditional update, and only
    the run that marked it deletes its file, after the row no longer names it.
    Returns how many archives were deleted.
    """
    from hearth.lifecycle.models import ExportJob

    now = now or timezone.now()
    due = ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=now)
    purged = 0
    for pk, name in due.values_list("pk", "archive"):
        claimed = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, archive=""
        )
        if claimed and name:
            private_storage().delete(name)
            purged += 1
    return purged


def export_job_get(*, actor: Actor, job_id: int) -> ExportJob:
    from hearth.lifecycle.models import ExportJob

    job = ExportJob.objects.select_related("space").filter(pk=job_id).first()
    if (
        job is None
        or not policy.can_see_space(actor, job.space)
        or not can_export_space(actor, job.space)
    ):
        raise NotFound("No such job.")
    return job


# -- Import -----------------------------------------------------------------------------


def archive_read(raw: bytes) -> tuple[dict, dict]:
    """Open and verify an archive: (manifest, data). Any mismatch refuses it whole."""
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise Invalid("The archive is too large.", field="archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        if "manifest.json" not in names:
            raise Invalid(
                "This is not a Hearth space archive: manifest.json is missing.", field="archive"
            )
        manifest = json.loads(archive.read("manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise Invalid("This is not a Hearth space archive.", field="archive")
        if manifest.get("version") != VERSION:
            raise Invalid(
                f"Unsupported archive version {manifest.get('version')!r}.", field="archive"
            )
        sums = manifest.get("sha256")
        if not isinstance(sums, dict) or "data.json" not in sums:
            raise Invalid("The manifest lists no checksums.", field="archive")
        if names - {"manifest.json"} != set(sums):
            raise Invalid(
                "The archive's files do not match its manifest: refused.", field="archive"
            )
        for name, expected in sums.items():
            if hashlib.sha256(archive.read(name)).hexdigest() != expected:
                raise Invalid(
                    f"Checksum mismatch for {name}: the archive was altered or "
                    "damaged; nothing was imported.",
                    field="archive",
                )
        data = json.loads(archive.read("data.json"))
    except zipfile.BadZipFile as error:
        raise Invalid("This file is not a zip archive.", field="archive") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Invalid("The archive's JSON cannot be read.", field="archive") from error
    if not isinstance(data, dict) or not isinstance(data.get("space"), dict):
        raise Invalid("The archive holds no space.", field="archive")
    return manifest, data


def _when(value, what: str):
    if value is None:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise Invalid(f"Unreadable date in {what}.", field="archive")
    return parsed


def _usernames(data: dict) -> set[str]:
    names = {m["user"] for m in data.get("members", [])}
    for c in data.get("conversations", []):
        names |= {c.get("author"), c.get("removed_by"), *(x["user"] for x in c["likes"])}
        for r in c.get("replies", []):
            names |= {r.get("author"), r.get("removed_by"), *(x["user"] for x in r["likes"])}
    rules = data.get("rules") or {}
    for v in rules.get("versions", []):
        names.add(v.get("adopted_by"))
    for p in rules.get("proposals", []):
        names |= {p.get("author"), p.get("decided_by"), *(v["user"] for v in p["votes"])}
    for e in data.get("lifecycle", []):
        names.add(e.get("actor"))
    for f in data.get("pilot_feedback", []):
        names |= {f.get("author"), f.get("resolved_by")}
    names.discard(None)
    return names


@change("space.import", role="leader", check=None)
def space_import(*, actor: Actor, raw: bytes, slug: str, name: str = "", via: str = "cli") -> Space:
    """Restore an archive into a new space at ``slug`` (platform admins only).

    Verified whole before anything is written, and written in one transaction.
    """
    from hearth.spaces.services import _clean_space_fields

    if not actor.is_platform_admin:
        raise Forbidden("Only platform admins import spaces.")
    manifest, data = archive_read(raw)
    try:
        return _import(
            actor=actor, data=data, slug=slug, name=name, via=via, clean=_clean_space_fields
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise Invalid(
            f"The archive's data is incomplete or malformed ({error!s:.80}); nothing was imported.",
            field="archive",
        ) from error


def _import(*, actor, data, slug, name, via, clean):
    from hearth.conversations.models import Conversation, Like, Reply, Tag
    from hearth.conversations.services import _render
    from hearth.lifecycle.models import Charter, CharterTarget, LifecycleEvent, PilotFeedback
    from hearth.lifecycle.services import _clean_targets
    from hearth.people.models import BusinessUnit
    from hearth.rules.models import (
        RulesDocument,
        RulesProposal,
        RulesVersion,
        RulesVote,
    )
    from hearth.search.services import search_index_post, search_index_space
    from hearth.spaces.models import LifecycleState, Membership, Role, Space

    source = data["space"]
    fields = clean(
        name=name or source["name"],
        slug=slug,
        description=source.get("description", ""),
        visibility=source["visibility"],
    )
    if source.get("state") not in LifecycleState.values:
        raise Invalid("The archive's space state is unknown.", field="archive")
    if Space.objects.filter(slug=fields["slug"]).exists():
        raise Conflict(f"The address “{fields['slug']}” is already taken.", field="slug")
    names = _usernames(data)
    people = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    missing = sorted(names - set(people))
    if missing:
        raise Invalid(
            f"The archive names people unknown here: {', '.join(missing[:10])}"
            f"{'…' if len(missing) > 10 else ''}; nothing was imported.",
            field="archive",
        )
    for m in data["members"]:
        if m["role"] not in Role.values:
            raise Invalid(f"Unknown role “{m['role']}” in the archive.", field="archive")
    unit = BusinessUnit.objects.filter(slug=source.get("business_unit") or "").first()
    person = people.get
    with transaction.atomic():
        space = Space.objects.create(
            **fields,
            business_unit=unit,
            created_by=actor.user,
            state=source["state"],
            member_count=len(data["members"]),
        )
        Space.objects.filter(pk=space.pk).update(created_at=_when(source["created_at"], "space"))
        for m in data["members"]:
            membership = Membership.objects.create(
                space=space, user=person(m["user"]), role=m["role"]
            )
            Membership.objects.filter(pk=membership.pk).update(
                joined_at=_when(m["joined_at"], "members")
            )
        reader = Actor.for_user(actor.user)
        tags = {}
        for t in data.get("tags", []):
            tags[t["slug"]] = Tag.objects.get_or_create(
                slug=t["slug"][:40], defaults={"name": t["name"][:40]}
            )[0]
        for c in data["conversations"]:
            if c["kind"] not in Conversation.Kind.values:
                raise Invalid("Unknown conversation kind in the archive.", field="archive")
            html = _render(actor=reader, body=c["body"], space=space)[0]
            conversation = Conversation.objects.create(
                space=space,
                kind=c["kind"],
                title=c["title"][:200],
                body=c["body"],
                body_html=html,
                author=person(c["author"]),
                created_at=_when(c["created_at"], "conversation"),
                edited_at=_when(c["edited_at"], "conversation"),
                last_activity_at=_when(c["last_activity_at"], "conversation"),
                first_reply_at=_when(c["first_reply_at"], "conversation"),
                removed_at=_when(c["removed_at"], "conversation"),
                removed_by=person(c["removed_by"]) if c["removed_by"] else None,
                like_count=len(c["likes"]),
            )
            conversation.tags.set([tags[s] for s in c["tags"]])
            keys: dict[int, Reply] = {}
            for r in c["replies"]:
                reply = Reply.objects.create(
                    conversation=conversation,
                    author=person(r["author"]),
                    body=r["body"],
                    body_html=_render(actor=reader, body=r["body"], space=space)[0],
                    reply_to=keys.get(r["reply_to"]),
                    created_at=_when(r["created_at"], "reply"),
                    edited_at=_when(r["edited_at"], "reply"),
                    removed_at=_when(r["removed_at"], "reply"),
                    removed_by=person(r["removed_by"]) if r["removed_by"] else None,
                    like_count=len(r["likes"]),
                )
                keys[r["key"]] = reply
                for like in r["likes"]:
                    row = Like.objects.create(user=person(like["user"]), reply=reply)
                    Like.objects.filter(pk=row.pk).update(
                        created_at=_when(like["created_at"], "like")
                    )
                search_index_post(reply)
            for like in c["likes"]:
                row = Like.objects.create(user=person(like["user"]), conversation=conversation)
                Like.objects.filter(pk=row.pk).update(created_at=_when(like["created_at"], "like"))
            conversation.reply_count = sum(1 for r in c["replies"] if not r["removed_at"])
            if c["accepted_reply"] is not None:
                conversation.accepted_reply = keys[c["accepted_reply"]]
            conversation.save(update_fields=["reply_count", "accepted_reply"])
            search_index_post(conversation)
        if data.get("charter"):
            charter = Charter.objects.create(
                space=space, vision=data["charter"]["vision"], audience=data["charter"]["audience"]
            )
            cleaned = _clean_targets(data["charter"]["targets"])
            CharterTarget.objects.bulk_create(
                [
                    CharterTarget(charter=charter, metric=m, target=v, position=i)
                    for i, (m, v) in enumerate(cleaned)
                ]
            )
        rules = data.get("rules")
        if rules:
            document = RulesDocument.objects.create(
                space=space,
                require_acknowledgement=bool(rules["require_acknowledgement"]),
                current_number=max((v["number"] for v in rules["versions"]), default=0),
            )
            proposals = {}
            for p in rules["proposals"]:
                if p["status"] not in RulesProposal.Status.values:
                    raise Invalid("Unknown proposal status in the archive.", field="archive")
                votes = p["votes"]
                proposals[p["key"]] = RulesProposal.objects.create(
                    document=document,
                    author=person(p["author"]),
                    text=p["text"],
                    reason=p["reason"],
                    base_number=p["base_number"],
                    created_at=_when(p["created_at"], "proposal"),
                    closes_at=_when(p["closes_at"], "proposal"),
                    status=p["status"],
                    decided_by=person(p["decided_by"]) if p["decided_by"] else None,
                    decided_at=_when(p["decided_at"], "proposal"),
                    decision_comment=p["decision_comment"],
                    votes_for=sum(1 for v in votes if v["in_favour"]),
                    votes_against=sum(1 for v in votes if not v["in_favour"]),
                )
                RulesVote.objects.bulk_create(
                    [
                        RulesVote(
                            proposal=proposals[p["key"]],
                            voter=person(v["user"]),
                            in_favour=bool(v["in_favour"]),
                            cast_at=_when(v["cast_at"], "vote"),
                        )
                        for v in votes
                    ]
                )
            for v in rules["versions"]:
                RulesVersion.objects.create(
                    document=document,
                    number=v["number"],
                    text=v["text"],
                    note=v["note"],
                    adopted_by=person(v["adopted_by"]) if v["adopted_by"] else None,
                    created_at=_when(v["created_at"], "rules version"),
                    proposal=proposals.get(v["proposal"]),
                )
        for e in data.get("lifecycle", []):
            event = LifecycleEvent.objects.create(
                space=space,
                from_state=e["from"],
                to_state=e["to"],
                reason=e["reason"],
                actor=person(e["actor"]) if e["actor"] else None,
                notified_at=timezone.now(),
            )
            LifecycleEvent.objects.filter(pk=event.pk).update(
                created_at=_when(e["created_at"], "lifecycle")
            )
        for f in data.get("pilot_feedback", []):
            item = PilotFeedback.objects.create(
                space=space,
                author=person(f["author"]) if f["author"] else None,
                text=f["text"],
                status=f["status"],
                resolved_by=person(f["resolved_by"]) if f["resolved_by"] else None,
                resolved_at=_when(f["resolved_at"], "feedback"),
                resolution_note=f["resolution_note"],
            )
            PilotFeedback.objects.filter(pk=item.pk).update(
                created_at=_when(f["created_at"], "feedback")
            )
        space.refresh_from_db()
        search_index_space(space)
        record(
            actor,
            action="space.import",
            target=space,
            space=space,
            after={
                "from": source["slug"],
                "members": len(data["members"]),
                "conversations": len(data["conversations"]),
            },
            via=via,
        )
    return space
