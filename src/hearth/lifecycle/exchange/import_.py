"""Importing a space archive into a new space (platform admins only).

People are referred to by username: an import into the same organisation finds
them; an archive naming someone unknown is refused (nothing would be lost
silently). Bodies are rendered again from their Markdown, so an edited archive
cannot bring in HTML the sanitiser would not let through. The archive is verified
whole (``archive_read``) before anything is written, in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hearth.access.actor import Actor, role_map_version_bump
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.indexing import index_changed
from hearth.lifecycle.exchange.archive import archive_read

if TYPE_CHECKING:
    from hearth.spaces.models import Space


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
            role_map_version_bump(membership.user_id)
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
                index_changed(reply)
            for like in c["likes"]:
                row = Like.objects.create(user=person(like["user"]), conversation=conversation)
                Like.objects.filter(pk=row.pk).update(created_at=_when(like["created_at"], "like"))
            conversation.reply_count = sum(1 for r in c["replies"] if not r["removed_at"])
            if c["accepted_reply"] is not None:
                conversation.accepted_reply = keys[c["accepted_reply"]]
            conversation.save(update_fields=["reply_count", "accepted_reply"])
            index_changed(conversation)
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
        index_changed(space)
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
