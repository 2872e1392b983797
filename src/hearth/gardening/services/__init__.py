"""Gardening writes: retitle, retag, move, merge, split, mark outdated, notify
people — and undo any of them (but notify) from its audit entry. One module per verb.

Each service reads top to bottom: the policy (``policies.require_garden``: the
space's facilitators and leaders, and organisation roles in scope only where they
may read it), the input, the change inside one transaction with its audit entry
(``hearth.core.changes``), then what follows the commit. A refusal raises before
anything is written.

Every audit entry keeps in ``before``/``after`` what the undo needs (ids, not
text to re-parse), and the undo refuses, with the reason, when the item has
changed since in a way that would make reversing it unsafe.
"""

from hearth.gardening.services.common import (
    ID_MAX,
    MAX_NOTIFIED,
    MAX_SPLIT,
    MESSAGE_MAX,
    conversation_ref_parse,
    id_in_range,
)
from hearth.gardening.services.merge import conversation_merge
from hearth.gardening.services.move import conversation_move, move_target_require
from hearth.gardening.services.notify import conversation_notify, people_notify
from hearth.gardening.services.outdated import conversation_mark_outdated, document_mark_outdated
from hearth.gardening.services.retitle import conversation_retag, conversation_retitle
from hearth.gardening.services.split import conversation_split
from hearth.gardening.services.undo import (
    gardening_undo,
    undo_denial,
    undo_item,
    undo_refusal,
    undo_related,
)

__all__ = [
    "ID_MAX",
    "MAX_NOTIFIED",
    "MAX_SPLIT",
    "MESSAGE_MAX",
    "conversation_mark_outdated",
    "conversation_merge",
    "conversation_move",
    "conversation_notify",
    "conversation_ref_parse",
    "conversation_retag",
    "conversation_retitle",
    "conversation_split",
    "document_mark_outdated",
    "gardening_undo",
    "id_in_range",
    "move_target_require",
    "people_notify",
    "undo_denial",
    "undo_item",
    "undo_refusal",
    "undo_related",
]
