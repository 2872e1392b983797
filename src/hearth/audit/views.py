"""The audit log: a read-only page and a streamed CSV export. Nothing here (nor in
the API) writes to the log; only services do, through ``audit_record``."""

import csv
import json

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.audit import selectors
from hearth.core.errors import HearthError
from hearth.gardening.selectors import undo_states

PAGE_SIZE = 50
CHUNK = 500
CSV_COLUMNS = [
    "id",
    "created_at",
    "actor",
    "as_role",
    "action",
    "space",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "via",
]


@require_GET
def log(request):
    actor = request.actor
    error = None
    try:
        filters = selectors.audit_filters_parse(request.GET)
    except HearthError as problem:
        error, filters = problem, selectors.AuditFilters()
    rows = selectors.audit_list(actor=actor, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.audit_rows(actor, page.object_list)
    undo = undo_states(actor=actor, entries=page.object_list)
    for row in entries:
        row["undo"] = undo.get(row["id"], "")
    context = {
        "page": page,
        "entries": entries,
        "filters": filters,
        "error": error,
        "roles": list(selectors.ROLE_LABELS.items()),
        "query": request.GET.urlencode(),
        **selectors.audit_filter_choices(actor=actor),
    }
    return render(request, "audit/log.html", context, status=400 if error else 200)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str:
    text = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    # Spreadsheet formula injection: a cell never starts with = + - @.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def export(request):
    """The filtered log as CSV, streamed row by row (constant memory)."""
    actor = request.actor
    filters = selectors.audit_filters_parse(request.GET)  # Invalid → 400 page
    rows = selectors.audit_list(actor=actor, filters=filters)
    writer = csv.writer(_Echo())

    def lines(entries):
        # One chunk's references (spaces, conversations) are loaded together.
        for row in selectors.audit_rows(actor, entries):
            row["created_at"] = row["created_at"].isoformat()
            yield writer.writerow(
                [_csv_value(row[c]) if c not in ("id",) else row[c] for c in CSV_COLUMNS]
            )

    def stream():
        yield writer.writerow(CSV_COLUMNS)
        chunk = []
        for entry in rows.iterator(chunk_size=CHUNK):
            chunk.append(entry)
            if len(chunk) == CHUNK:
                yield from lines(chunk)
                chunk = []
        yield from lines(chunk)

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hearth-audit-{stamp}.csv"'
    return response
