"""Report a post or a profile; enough reports hide it until someone reviews it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.changes import record
from hearth.core.errors import Conflict, Invalid
from hearth.moderation import policies
from hearth.moderation.models import (
    DEFAULT_REPORT_THRESHOLD,
    Case,
    Reason,
    Report,
    SpaceModeration,
)
from hearth.moderation.ratelimit import rate_limit_hit
from hearth.moderation.targets import target_kind
from hearth.notifications.services import notification_send
from hearth.spaces.models import Role

if TYPE_CHECKING:
    from hearth.spaces.models import Space

REASON_MAX = 2000
REPORT_TEXT_MAX = 1000
THRESHOLD_RANGE = (1, 50)


def report_threshold(space: Space) -> int:
    """Reports from this many distinct people hide an item in ``space``."""
    if space is None:
        return DEFAULT_REPORT_THRESHOLD
    row = (
        SpaceModeration.objects.filter(space=space)
        .values_list("report_threshold", flat=True)
        .first()
    )
    return row or DEFAULT_REPORT_THRESHOLD


# -- Reports ---------------------------------------------------------------------------


def _moderators_of(space):
    User = get_user_model()
    if space is None:
        return User.objects.filter(is_active=True, org_role=User.OrgRole.ADMIN)
    return User.objects.filter(
        is_active=True,
        memberships__space=space,
        memberships__role__in=[Role.LEADER, Role.FACILITATOR],
    )


def report_create(
    *, actor: Actor, target_type: str, target_id: int, reason: str, text: str = "", via: str = "web"
) -> Report:
    """Report an item the actor can read, once; not one's own.

    Reports from the space's threshold of distinct people hide the item until a
    moderator decides, and tell the moderators.
    """
    kind = target_kind(target_type)
    if not isinstance(target_id, int) or isinstance(target_id, bool) or target_id < 1:
        raise Invalid("target_id is the id of the item.", field="target_id")
    item = kind.get(actor=actor, target_id=target_id)
    policies.require_not_own(actor, kind.author_id_of(item))
    if kind.is_removed(item):
        raise Invalid(f"This {kind.label} was removed already.")
    if reason not in Reason.values:
        raise Invalid(f"The reason is one of: {', '.join(Reason.values)}.", field="reason")
    text = (text or "").strip()
    if reason == Reason.OTHER and not text:
        raise Invalid("Say what is wrong.", field="text")
    if len(text) > REPORT_TEXT_MAX:
        raise Invalid(
            f"A report's text can be at most {REPORT_TEXT_MAX:,} characters.", field="text"
        )
    space = kind.space_of(item)
    rate_limit_hit(actor=actor, action="report")
    try:
        with transaction.atomic():
            case, _ = Case.objects.select_for_update().get_or_create(
                target_type=kind.name,
                target_id=item.pk,
                status=Case.Status.OPEN,
                defaults={
                    "space": space,
                    "author_id": kind.author_id_of(item),
                    "target_label": kind.label_of(item),
                },
            )
            report = Report.objects.create(case=case, reporter=actor.user, reason=reason, text=text)
            Case.objects.filter(pk=case.pk).update(report_count=F("report_count") + 1)
            case.refresh_from_db(fields=["report_count"])
            if (
                kind.can_hide
                and case.hidden_at is None
                and case.report_count >= report_threshold(space)
            ):
                _hide_by_reports(case=case, kind=kind, item=item, space=space)
    except IntegrityError as error:
        raise Conflict(
            f"You have already reported this {kind.label}; moderators will review it."
        ) from error
    return report


def _hide_by_reports(*, case: Case, kind, item, space) -> None:
    case.hidden_at = timezone.now()
    case.save(update_fields=["hidden_at"])
    kind.hide(item)
    record(
        None,
        action="moderation.auto_hide",
        target=case,
        space=space,
        before={"hidden": False},
        after={"hidden": True, "reports": case.report_count},
    )
    for moderator in _moderators_of(space):
        notification_send(
            recipient=moderator,
            kind="moderation_review",
            space=space,
            about=case,
            url=f"/moderation/cases/{case.pk}/",
            text=f"{case.report_count} people reported “{case.target_label}”; "
            "it is hidden until someone reviews it.",
        )
