"""Writes for moderation: reports, decisions, sanctions, guidelines, staff notes;
one module per verb.

Each reads top to bottom: policy → input → change in one transaction with its
audit entry (``hearth.core.changes``) → notifications, and work for the worker
queued on commit.
"""

from hearth.moderation.services.decide import OUTCOME, case_decide
from hearth.moderation.services.guidelines import (
    guideline_publish,
    report_threshold_set,
    staff_note_add,
)
from hearth.moderation.services.report import (
    REASON_MAX,
    REPORT_TEXT_MAX,
    THRESHOLD_RANGE,
    report_create,
    report_threshold,
)
from hearth.moderation.services.sanction import (
    sanction_create,
    sanction_lift,
    sanctions_lift_expired,
)

__all__ = [
    "OUTCOME",
    "REASON_MAX",
    "REPORT_TEXT_MAX",
    "THRESHOLD_RANGE",
    "case_decide",
    "guideline_publish",
    "report_create",
    "report_threshold",
    "report_threshold_set",
    "sanction_create",
    "sanction_lift",
    "sanctions_lift_expired",
    "staff_note_add",
]
