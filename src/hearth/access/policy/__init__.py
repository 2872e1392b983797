"""THE visibility policy of Hearth.

Every page, API endpoint, search, feed, notification, export and analytics
drill-down asks this module — and nothing else — what an actor may see and do.

Spaces
  open        listed for everyone; content readable by every employee; anyone may join.
  restricted  listed with name and description; content for members only; joining
              by request that leaders (or facilitators) approve or deny.
  private     unlisted and invisible to non-members; joining by invitation only.

A person with a pending invitation to a private space may see its name and
description (so they can accept).

Organisation roles administer spaces without reading them:
  platform admin        (the IT solution manager) every space; accounts, org roles.
  director              every space: settings, members, access requests, metrics.
  unit leader           (business collaboration leader) the same, for the spaces of
                        their own business unit only.
Administering means seeing the space listed, changing its settings and managing
its members; the content of a restricted or private space (conversations,
replies, anything posted) stays for its members — an administrator reads it
only as a member. ``Actor.audit_role`` names the role an action
is taken under, for the audit log (``as_role``).

Lifecycle states narrow who may see a space, whatever its visibility:

  draft       leaders only (platform admins see it listed, to administer it);
  pilot       leaders, facilitators and champions (and platform admins, listed);
  live        as its visibility says;
  archived    as its visibility says, but read-only for everyone: no post, reply,
              like, edit, removal, accepted answer, join or membership change.

``can_<verb>`` answers a question; ``require_<verb>`` raises ``NotFound`` when the
actor may not even know the thing exists, or ``Forbidden`` when they may. Each
rule is declared once, as its question (``rules.rule``), and its raising twin and
its place among the privileged checks are derived from that declaration.

The package is split by what it decides: ``spaces`` (knowing of a space, reading,
joining, steering it, who holds its roles), ``content`` (posting, hidden items,
moderating, tending questions), ``organisation`` (organisation roles, units,
accounts) and ``audit`` (the audit log). Its public names are all here.
"""

from hearth.access.actor import Actor
from hearth.access.policy.audit import (
    audit_scope_q,
    can_see_audit,
)
from hearth.access.policy.content import (
    can_accept_answer,
    can_curate_tags,
    can_edit_post,
    can_moderate_space,
    can_post_in_space,
    can_read_conversation,
    can_remove_post,
    can_see_hidden,
    can_see_item,
    can_tend_questions,
    can_write_in_space,
    has_desks,
    hidden_in_space_q,
    hidden_q,
    questions_tended_q,
    require_curate_tags,
    require_moderate_space,
    require_post_in_space,
    require_read_conversation,
    require_tend_questions,
    restriction_message,
    unhidden_q,
)
from hearth.access.policy.organisation import (
    ORG_DIRECTOR,
    ORG_PLATFORM_ADMIN,
    ORG_UNIT_LEADER,
    can_change_org_roles,
    can_create_person,
    can_edit_profile,
    can_see_org_roles,
    can_see_unit,
    is_org_officer,
    org_scope_role,
    require_change_org_roles,
    require_create_person,
    require_edit_profile,
    require_see_unit,
    space_administered_q,
)
from hearth.access.policy.rules import privileged_checks
from hearth.access.policy.spaces import (
    ARCHIVED_MESSAGE,
    OPEN_STATES,
    SWAPPED_ROLE_MESSAGE,
    actors_who_can_read_space,
    can_administer_space,
    can_change_roles_in_space,
    can_create_space,
    can_decide_access_requests,
    can_edit_space,
    can_grant_role,
    can_invite,
    can_join_space,
    can_leave_space,
    can_manage_members,
    can_read_space,
    can_request_access,
    can_see_members,
    can_see_space,
    is_archived,
    refuse_role_change,
    require_administer_space,
    require_change_roles_in_space,
    require_decide_access_requests,
    require_edit_space,
    require_invite,
    require_manage_members,
    require_read_space,
    require_see_space,
    require_write_in_space,
    space_content_q,
    space_deciding_q,
    space_listing_q,
    space_role_q,
    state_admits,
)
from hearth.access.roles import ROLE_RANK, LifecycleState, Role, Visibility
from hearth.core.errors import Forbidden, NotFound

# The checks that grant a power over other people's spaces, members or posts
# (declared ``privileged`` with their rules). A service that calls one (directly or
# through a private helper) is privileged: it must be marked ``@audited``
# (``hearth.core.audit``) and write an audit entry; tests/audit/test_privileged_services.py
# holds every service to it, with the apps' own privileged checks.
PRIVILEGED_CHECKS = privileged_checks("hearth.access.policy.")

# With the rules, the actor, the roles and the refusals: callers write ``policy.Role``.
__all__ = [
    "ROLE_RANK",
    "Actor",
    "Forbidden",
    "LifecycleState",
    "NotFound",
    "Role",
    "Visibility",
    "ARCHIVED_MESSAGE",
    "OPEN_STATES",
    "ORG_DIRECTOR",
    "ORG_PLATFORM_ADMIN",
    "ORG_UNIT_LEADER",
    "PRIVILEGED_CHECKS",
    "SWAPPED_ROLE_MESSAGE",
    "actors_who_can_read_space",
    "audit_scope_q",
    "can_accept_answer",
    "can_administer_space",
    "can_change_org_roles",
    "can_change_roles_in_space",
    "can_create_person",
    "can_create_space",
    "can_curate_tags",
    "can_decide_access_requests",
    "can_edit_post",
    "can_edit_profile",
    "can_edit_space",
    "can_grant_role",
    "can_invite",
    "can_join_space",
    "can_leave_space",
    "can_manage_members",
    "can_moderate_space",
    "can_post_in_space",
    "can_read_conversation",
    "can_read_space",
    "can_remove_post",
    "can_request_access",
    "can_see_audit",
    "can_see_hidden",
    "can_see_item",
    "can_see_members",
    "can_see_org_roles",
    "can_see_space",
    "can_see_unit",
    "can_tend_questions",
    "can_write_in_space",
    "has_desks",
    "hidden_in_space_q",
    "hidden_q",
    "is_archived",
    "is_org_officer",
    "org_scope_role",
    "questions_tended_q",
    "refuse_role_change",
    "require_administer_space",
    "require_change_org_roles",
    "require_change_roles_in_space",
    "require_create_person",
    "require_curate_tags",
    "require_decide_access_requests",
    "require_edit_profile",
    "require_edit_space",
    "require_invite",
    "require_manage_members",
    "require_moderate_space",
    "require_post_in_space",
    "require_read_conversation",
    "require_read_space",
    "require_see_space",
    "require_see_unit",
    "require_tend_questions",
    "require_write_in_space",
    "restriction_message",
    "space_administered_q",
    "space_content_q",
    "space_deciding_q",
    "space_listing_q",
    "space_role_q",
    "state_admits",
    "unhidden_q",
]
