"""``GET /api/v1/audit``: the audit log in the caller's scope, read-only."""

from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.audit import selectors
from hearth.core.schemas import ErrorOut

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    actor: str
    as_role: str
    action: str
    space: str
    target_type: str
    target_id: str
    target_label: str
    before: dict[str, Any]
    after: dict[str, Any]
    via: str


class _Rows:
    """The scoped queryset, turned into readable rows page by page (the paginator
    slices it, so only one page of entries is ever loaded)."""

    def __init__(self, actor, rows) -> None:
        self.actor, self.rows = actor, rows

    def __len__(self) -> int:
        return self.rows.count()

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, index):
        return selectors.audit_rows(self.actor, self.rows[index])


@router.get(
    "",
    response={200: list[AuditEntryOut], 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
@paginate(LimitOffsetPagination)
def audit_list(
    request,
    space: str = "",
    unit: str = "",
    action: str = "",
    actor: str = "",
    as_role: str = "",
    since: str = "",
    until: str = "",
    q: str = "",
):
    """Audit entries the caller may read (admins and directors: all; a business
    collaboration leader: their unit's spaces; a space leader: their spaces),
    newest first. Filters: ``space``, ``unit`` (slugs), ``action`` (prefix),
    ``actor`` (username), ``as_role``, ``since`` / ``until`` (YYYY-MM-DD), ``q``."""
    filters = selectors.audit_filters_parse(
        {
            "space": space,
            "unit": unit,
            "action": action,
            "actor": actor,
            "as_role": as_role,
            "since": since,
            "until": until,
            "q": q,
        }
    )
    return _Rows(request.actor, selectors.audit_list(actor=request.actor, filters=filters))


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/audit", router),
]
