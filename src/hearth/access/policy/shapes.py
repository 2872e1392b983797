"""What the policy needs of the things it decides about, as protocols.

The policy reads a handful of fields of a space (and of posts, people and units)
and imports none of their models: the models sit in apps above ``access`` whose
querysets ask the policy. A ``Space`` here is anything with those fields, which a
``hearth.spaces.models.Space`` row is.
"""

from __future__ import annotations

from typing import Protocol


class Space(Protocol):
    pk: int
    state: str
    visibility: str
    business_unit_id: int | None
