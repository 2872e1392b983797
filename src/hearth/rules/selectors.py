"""Reads for rules, through the space's policy."""

from __future__ import annotations

import difflib

from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.rules.models import RulesAcknowledgement, RulesDocument, RulesProposal, RulesVote
from hearth.spaces.selectors import one_to_one_of


def rules_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Line diff of two texts as (kind, line): kind is "add", "del", "same" or "hunk"."""
    rows = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        rows.append((kind, line[1:] if kind != "hunk" else "…"))
    # A hunk marker says lines were skipped; before the first hunk, that is only so
    # when the hunk does not start at the first line.
    if rows and rows[0][0] == "hunk" and not _skips_start(old, new):
        rows.pop(0)
    return rows


def _skips_start(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines())
    first = next((op for op in matcher.get_opcodes() if op[0] != "equal"), None)
    return first is not None and first[1] > 2  # more than the two lines of context


def rules_overview(*, actor: Actor, space) -> dict:
    """The rules page: current text, versions with diffs, proposals, the actor's votes."""
    policy.require_read_space(actor, space)
    document = RulesDocument.objects.filter(space=space).first()
    if document is None:
        return {
            "document": None,
            "current": None,
            "versions": [],
            "proposals": [],
            "my_votes": {},
            "acknowledged": False,
        }
    versions = list(document.versions.select_related("adopted_by", "proposal"))
    for newer, older in zip(versions, versions[1:], strict=False):
        newer.diff = rules_diff(older.text, newer.text)
    if versions:
        versions[-1].diff = []
    proposals = list(
        RulesProposal.objects.filter(document=document).select_related("author", "decided_by")[:50]
    )
    current = versions[0] if versions else None
    for proposal in proposals:
        base = next((v for v in versions if v.number == proposal.base_number), None)
        proposal.diff = rules_diff(base.text if base else "", proposal.text)
    my_votes = dict(
        RulesVote.objects.filter(proposal__in=proposals, voter_id=actor.user_id).values_list(
            "proposal_id", "in_favour"
        )
    )
    now = timezone.now()
    for proposal in proposals:
        proposal.my_vote = my_votes.get(proposal.pk)
        proposal.voting_open = proposal.status == "open" and now < proposal.closes_at
    return {
        "document": document,
        "current": current,
        "versions": versions,
        "proposals": proposals,
        "my_votes": my_votes,
        "acknowledged": rules_acknowledged(actor=actor, document=document),
    }


def rules_acknowledged(*, actor: Actor, document: RulesDocument | None) -> bool:
    if document is None or not document.current_number:
        return True
    return RulesAcknowledgement.objects.filter(
        document=document, user_id=actor.user_id, number=document.current_number
    ).exists()


def rules_needs_acknowledgement(*, actor: Actor, space) -> bool:
    """Should the space home prompt this member to acknowledge the current rules?"""
    if actor.role_in(space) is None:
        return False
    document = one_to_one_of(
        space, "rules", lambda: RulesDocument.objects.filter(space=space).first()
    )
    if document is None or not document.require_acknowledgement:
        return False
    return not rules_acknowledged(actor=actor, document=document)
