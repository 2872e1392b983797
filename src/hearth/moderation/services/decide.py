"""Decide a moderation case: keep, hide, remove, and tell the people concerned."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.moderation import policies
from hearth.moderation.models import (
    Case,
)
from hearth.moderation.services.report import REASON_MAX
from hearth.moderation.services.sanction import sanction_create
from hearth.moderation.targets import target_kind
from hearth.notifications.services import notification_send

OUTCOME = {
    Case.Decision.KEEP: "was reviewed and kept",
    Case.Decision.HIDE: "was hidden by a moderator",
    Case.Decision.REMOVE: "was removed by a moderator",
    Case.Decision.EDIT: "was edited by a moderator",
}


@change("moderation.", role="facilitator", check=policies.require_review_case, on="case")
def case_decide(
    *,
    actor: Actor,
    case: Case,
    decision: str,
    reason: str = "",
    body: str = "",
    sanction: dict | None = None,
    via: str = "web",
) -> Case:
    """Decide an open case: keep (reports dismissed, item shown again), hide, remove
    (softly, kept for audit) or edit (with a reason the author sees), and optionally
    sanction the author at the same time. The reporters learn the outcome."""
    if not case.is_open:
        raise Conflict("This case is decided already.")
    if decision not in Case.Decision.values:
        raise Invalid(
            f"The decision is one of: {', '.join(Case.Decision.values)}.", field="decision"
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise Invalid(f"A reason can be at most {REASON_MAX:,} characters.", field="reason")
    if decision == Case.Decision.EDIT and not reason:
        raise Invalid("Say why you edit it: the author sees the reason.", field="reason")
    kind = target_kind(case.target_type)
    item = kind.load_many([case.target_id]).get(case.target_id)
    if item is None:
        raise Conflict("The reported item no longer exists.")
    if decision in (Case.Decision.HIDE, Case.Decision.REMOVE) and not kind.can_hide:
        raise Invalid(
            f"A {kind.label} cannot be hidden or removed; edit it or sanction its owner.",
            field="decision",
        )
    space = case.space
    before = {
        "hidden": getattr(item, "hidden_at", None) is not None,
        "removed": kind.is_removed(item),
    }
    if decision == Case.Decision.EDIT:
        before["text"] = kind.text_of(item)
    now = timezone.now()
    with transaction.atomic():
        if decision == Case.Decision.KEEP:
            kind.unhide(item)
        elif decision == Case.Decision.HIDE:
            kind.hide(item)
        elif decision == Case.Decision.REMOVE:
            kind.remove(actor=actor, item=item)
        else:
            kind.edit(actor=actor, item=item, body=body)
        case.status, case.decision, case.decision_reason = Case.Status.DECIDED, decision, reason
        case.decided_at, case.decided_by = now, actor.user
        case.save(
            update_fields=["status", "decision", "decision_reason", "decided_at", "decided_by"]
        )
        after = {
            "decision": decision,
            "reason": reason,
            "hidden": getattr(item, "hidden_at", None) is not None,
            "removed": kind.is_removed(item),
            "seconds_to_decision": int(case.time_to_decision.total_seconds()),
        }
        if decision == Case.Decision.EDIT:
            after["text"] = kind.text_of(item)
        record(
            actor,
            action=f"moderation.{decision}",
            target=case,
            space=space,
            before=before,
            after=after,
            via=via,
        )
        _tell_outcome(actor=actor, case=case, kind=kind, item=item)
        if sanction:
            if case.author_id is None:
                raise Invalid(
                    "The author of this item is no longer here to sanction.", field="sanction"
                )
            sanction_create(
                actor=actor,
                person=case.author,
                case=case,
                via=via,
                kind=sanction.get("kind", ""),
                reason=sanction.get("reason", ""),
                until=sanction.get("until"),
                space=space if sanction.get("in_space", True) else None,
            )
    return case


def _tell_outcome(*, actor: Actor, case: Case, kind, item) -> None:
    outcome = OUTCOME[case.decision]
    url = kind.url_of(item)
    for report in case.reports.select_related("reporter"):
        notification_send(
            recipient=report.reporter,
            kind="moderation_report",
            actor=None,
            space=case.space,
            about=case,
            url=url if case.decision == "keep" else "",
            text=f"Thank you for your report: “{case.target_label}” {outcome}.",
        )
    if case.author and case.decision != Case.Decision.KEEP:
        why = f" Reason: {case.decision_reason}" if case.decision_reason else ""
        notification_send(
            recipient=case.author,
            kind="moderation",
            space=case.space,
            url="/moderation/mine/",
            email=True,
            text=f"Your {kind.label} “{case.target_label}” {outcome}.{why}",
        )
