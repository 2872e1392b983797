"""The space archive's format: what it holds, how it is built and how it is read.

``archive_build`` writes the zip (``data.json``, the rules and charter as Markdown,
``manifest.json`` with the counts and every other file's SHA-256); ``archive_read``
opens one and refuses it whole if a file differs, is missing or is added. Neither
checks the policy: ``export`` and ``import_`` do, before calling them.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone

from hearth.core.errors import Invalid

if TYPE_CHECKING:
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
