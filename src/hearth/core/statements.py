"""Queries compiled once and run many times: ``Statement``.

Django compiles a queryset to SQL every time it runs, and for the small queries
every request makes (the session, the signed-in person, their roles) compiling
costs more of the web process's time than the database does: about 0.23 ms of a
0.38 ms fetch of one person by id. Django has no cache of compiled queries, so
``Statement`` keeps one: it builds the queryset once with stand-in values, compiles
it, notes where each stand-in landed among the SQL's parameters, and from then on
runs the same SQL with the caller's values through Django's own compiler, so that
results come back exactly as the queryset's (model instances with their
``select_related`` rows and annotations, or ``values_list`` rows, converted by the
database backend).

The invariant a statement relies on: ``build(*values)`` gives SQL of the same shape
whatever the values are, and for lists, whatever they hold for a given length (a
statement keeps one compiled form per length: ``pk__in=ids``). Anything else that
changes the SQL (a filter added for some people only, the clock read inside
``build``) must not be inside ``build``; pass it as a value, or use a plain
queryset. Values are whole ints, strings and aware datetimes compared with ``=``,
``<``, ``>``, ``in`` and the like, lists of ints or strings, and ``Q`` objects made
of those (the visibility policy's filters, which differ per actor in their ids but
much less in their shape): a ``Q`` is compiled once per shape (its lookups, nesting,
booleans and ``None``, and each value's type or list length), its values taken as the
statement's. A ``Q`` holding anything else (an expression, a queryset) is built and
compiled each time, like a statement that cannot be compiled once. When a value does
not reach the SQL as given (a lookup that rewrites it, such as ``icontains``), or
reaches it also changed (``now - timedelta(days=7)``, ``pk + 1``), the statement
simply runs the queryset each time; so it does for an int no bigint can hold, which
Django itself answers.

How it reuses Django's compiler leans on Django's internals (a compiler's state
after ``as_sql``, a queryset's iterable class), which is why the Django version is
pinned and ``tests/core/test_statements.py`` holds a statement to its queryset's
rows for model instances, related rows, annotations and value rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet

_fresh = itertools.count(1)
_INT_STAND_IN = -9_000_000_000_000_000_000
_MARK = "\u2042hearth-statement-value-"
_BIGINT = range(-(2**63), 2**63)
# Where a second set of stand-ins starts: its ints stay within the window
# ``_is_stand_in_like`` knows, its datetimes within a second.
_OTHER_STAND_INS = 500_000


def _is_stand_in_like(param) -> bool:
    """Does a parameter look made from a stand-in (a value the builder changed on its
    way into the SQL: ``now - timedelta(days=7)``, ``pk + 1``, ``icontains``)?"""
    if isinstance(param, bool):
        return False
    if isinstance(param, int):
        return _INT_STAND_IN - 10**9 <= param <= _INT_STAND_IN + 10**9
    if isinstance(param, datetime):
        return param.year <= 1902
    if isinstance(param, str):
        return _MARK in param or param.startswith(("1900-", "1901-", "1902-"))
    return False


def _in_text(sql: str) -> bool:
    """Did a stand-in reach the SQL's text itself (a value written into
    raw SQL made with it)? Then the text holds it for every call: refused."""
    return _MARK in sql or str(_INT_STAND_IN + 1_000)[:11] in sql or "1901-02-03" in sql


def _stand_in(value: Any, number: int):
    """A value of ``value``'s type that no real query holds, numbered so that the
    stand-ins of one statement differ from each other."""
    if isinstance(value, bool):
        raise TypeError("Statement values are ints, strings or datetimes, not booleans.")
    if isinstance(value, int):
        return _INT_STAND_IN + 1_000 * number  # fits a bigint, never an id
    if isinstance(value, str):
        return f"{_MARK}{number}\u2042"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("Statement datetimes must be aware.")
        return datetime(1901, 2, 3, 4, 5, 6, number, tzinfo=UTC)
    raise TypeError(f"Statement values are ints, strings or datetimes, not {type(value)}.")


def _stand_ins(values, start: int = 1) -> list:
    """A stand-in for each value, and a list of stand-ins for each list."""
    numbers = itertools.count(start)
    return [
        [_stand_in(item, next(numbers)) for item in value]
        if isinstance(value, (list, tuple))
        else _stand_in(value, next(numbers))
        for value in values
    ]


class _NotCompilable(Exception):
    """A value the statement cannot stand in for: build and compile each time."""


def _value_key(value):
    return len(value) if isinstance(value, (list, tuple)) else type(value)


def _q_shape(q: Q, leaves: list) -> tuple:
    """The shape of ``q`` (a key for its compiled form); its values go to ``leaves``.
    Booleans and ``None`` are part of the shape: they choose SQL (``IS NULL``), and
    Django may write them into it."""
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_q_shape(child, leaves))
            continue
        lookup, value = child
        if value is None or isinstance(value, bool):
            children.append((lookup, value))
        elif isinstance(value, (int, str, datetime)) or (
            isinstance(value, (list, tuple))
            and all(isinstance(item, (int, str)) and not isinstance(item, bool) for item in value)
        ):
            children.append((lookup, _value_key(value)))
            leaves.append(value)
        else:
            raise _NotCompilable
    return (q.connector, q.negated, tuple(children))


def _q_rebuilt(q: Q, leaves) -> Q:
    """``q`` with its values, in ``_q_shape``'s order, taken from the iterator ``leaves``."""
    rebuilt = Q()
    rebuilt.connector, rebuilt.negated = q.connector, q.negated
    rebuilt.children = [
        _q_rebuilt(child, leaves)
        if isinstance(child, Q)
        else child
        if child[1] is None or isinstance(child[1], bool)
        else (child[0], next(leaves))
        for child in q.children
    ]
    return rebuilt


def _flat(values: tuple) -> tuple[tuple, list]:
    """(the key part of the values' shape, the values with each ``Q``'s in its place)."""
    key, flat = [], []
    for value in values:
        if isinstance(value, Q):
            leaves: list = []
            key.append(_q_shape(value, leaves))
            flat.extend(leaves)
        else:
            key.append(_value_key(value))
            flat.append(value)
    return tuple(key), flat


def _unflat(values: tuple, flat: list) -> list:
    """``values`` with their plain values, and the values in each ``Q``, from ``flat``."""
    items = iter(flat)
    return [_q_rebuilt(value, items) if isinstance(value, Q) else next(items) for value in values]


class _Compiled:
    """One statement's compiled form on one database connection."""

    def __init__(
        self,
        queryset: QuerySet,
        compiler,
        sql: str,
        params: tuple,
        slots: list[tuple[int, int, int | None, bool]],
    ):
        self.queryset, self.compiler, self.sql = queryset, compiler, sql
        self.params, self.slots = list(params), slots
        # The queryset's own iterable reads rows from this compiler (execute_sql, then
        # select, klass_info, annotation_col_map, results_iter), which as_sql filled in
        # when it compiled; it hands over the SQL with this call's parameters.
        compiler.as_sql = self._as_sql
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        self._current: list = self.params

    def _as_sql(self, *args, **kwargs):
        return self.sql, tuple(self._current)

    def params_for(self, values: list, adapt: Callable) -> list:
        params = list(self.params)
        for position, value_index, item_index, is_datetime in self.slots:
            value = values[value_index]
            if item_index is not None:
                value = value[item_index]
            params[position] = adapt(value) if is_datetime else value
        return params

    def run(self, values: list, adapt: Callable) -> list:
        self._current = self.params_for(values, adapt)
        queryset = self.queryset
        return list(queryset._iterable_class(queryset))


class Statement:
    """``Statement(build)``: ``statement(*values)`` is ``list(build(*values))``,
    compiled once per database connection (each thread has its own) and length of
    each list value.

    ``build`` returns a queryset on the default database, without
    ``prefetch_related`` (the rows are read by the queryset's iterable, which does
    not prefetch)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._key = f"statement-{next(_fresh)}"

    def __call__(self, *values) -> list:
        entry, flat = self._entry(values)
        if entry is None:  # could not be compiled once: the plain queryset it is
            return list(self.build(*values))
        return entry.run(flat, connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value)

    def sql_with_params(self, *values) -> tuple[str, list]:
        """The SQL and parameters of ``build(*values)``, compiled once like its rows
        (for a statement that goes inside a larger one). Raises ``EmptyResultSet``
        when the queryset can match nothing, as Django's compiler does."""
        entry, flat = self._entry(values)
        if entry is None:
            sql, params = self.build(*values).query.sql_with_params()
            return sql, list(params)
        return entry.sql, entry.params_for(
            flat, connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value
        )

    def _entry(self, values: tuple) -> tuple[_Compiled | None, list]:
        """The compiled form for these values on this connection, and the values as
        it takes them; None when they can only be built and compiled each time."""
        try:
            shape, flat = _flat(values)
        except _NotCompilable:
            return None, []
        if not all(map(_fits, flat)):
            # Django answers an id no column can hold itself (no rows, or its error).
            return None, flat
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = connection.__dict__.setdefault("hearth_statements", {})
        key = (self._key, shape)
        entry = compiled.get(key)
        if entry is None:
            entry = compiled[key] = self._compile(values, flat, connection)
        return (entry or None), flat

    def _compile(self, values: tuple, flat: list, connection) -> _Compiled | bool:
        stand_ins = _stand_ins(flat)
        queryset = self.build(*_unflat(values, stand_ins))
        if queryset.db != DEFAULT_DB_ALIAS or queryset._prefetch_related_lookups:
            raise ValueError("A statement reads the default database, without prefetching.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return False
        wanted = {}  # the stand-in as it reaches the SQL → (value, item, is a datetime)
        for index, stand_in in enumerate(stand_ins):
            items = stand_in if isinstance(stand_in, list) else [stand_in]
            for item_index, item in enumerate(items):
                adapted = (
                    connection.ops.adapt_datetimefield_value(item)
                    if isinstance(item, datetime)
                    else item
                )
                wanted[(type(adapted), adapted)] = (
                    index,
                    item_index if isinstance(stand_in, list) else None,
                    isinstance(item, datetime),
                )
        slots, found = [], set()
        for position, param in enumerate(params):
            slot = wanted.get((type(param), param))
            if slot is not None:
                slots.append((position, *slot))
                found.add(slot[:2])
        missing = {slot[:2] for slot in wanted.values()} - found
        if missing and not self._unused(values, stand_ins, missing, (sql, params)):
            return False  # a value was rewritten on its way into the SQL
        taken = {position for position, *_ in slots}
        if _in_text(sql) or any(
            _is_stand_in_like(param)
            for position, param in enumerate(params)
            if position not in taken
        ):
            return False  # a value was also used changed: only the plain queryset is right
        return _Compiled(queryset, compiler, sql, params, slots)

    def _unused(self, values: tuple, stand_ins: list, missing: set, compiled: tuple) -> bool:
        """Do the values that did not reach the SQL leave it as it is whatever they
        are? So they do in a branch Django leaves out (``Q(pk__in=[]) & Q(state=s)``
        within an OR); a value rewritten on its way changes it."""
        others = _stand_ins(stand_ins, start=_OTHER_STAND_INS)
        changed = [
            [
                others[index][item] if (index, item) in missing else stand_in[item]
                for item in range(len(stand_in))
            ]
            if isinstance(stand_in, list)
            else others[index]
            if (index, None) in missing
            else stand_in
            for index, stand_in in enumerate(stand_ins)
        ]
        queryset = self.build(*_unflat(values, changed))
        try:
            sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            return False
        return (sql, list(params)) == (compiled[0], list(compiled[1]))


def _fits(value) -> bool:
    """Is every int in ``value`` one a bigint column can hold?"""
    if isinstance(value, (list, tuple)):
        return all(map(_fits, value))
    return not isinstance(value, int) or isinstance(value, bool) or value in _BIGINT
