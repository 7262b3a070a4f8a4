"""Writing a checked plan: PostgreSQL COPY for the members and for their history rows.

Saving 50,000 members one by one through the ORM takes minutes; ``bulk_create`` still
builds one huge INSERT. COPY streams the rows in their text format, which is as fast as
PostgreSQL takes data. Ids are drawn from the table's sequence first, so the history rows
(django-simple-history's HistoricalMember, written here exactly as its signal handler would:
every field, the date, the user, the type "+" or "~" and the reason) can be copied too.
Updates go through a temporary table and one UPDATE … FROM. The caller holds the
transaction, so a failure anywhere leaves nothing behind.
"""
from __future__ import annotations

import datetime
import io
import operator
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from ..models import Member
from .checking import MEMBER_COLUMNS

HISTORY_MODEL = Member.history.model
HISTORY_COLUMNS = [f.attname for f in HISTORY_MODEL._meta.concrete_fields if f.attname != "history_id"]
COPY_CHUNK = 5000
# A new member's history row is the member's own line followed by these: both COPYs name their
# columns in this order, so the line of a member is rendered once (see member_line).
HISTORY_SPECIALS = ["history_date", "history_change_reason", "history_type", "history_user_id"]
MEMBER_COPY_COLUMNS = ["id", *MEMBER_COLUMNS]
HISTORY_COPY_COLUMNS = [*MEMBER_COPY_COLUMNS, *HISTORY_SPECIALS]
assert sorted(HISTORY_COPY_COLUMNS) == sorted(HISTORY_COLUMNS), "the history model's fields are not the member's"
_member_values = operator.itemgetter(*MEMBER_COLUMNS)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    return str(value).translate(_ESCAPES)


def _line(row) -> str:
    """One row in COPY's text format. Most cells are plain text, tested and kept inline (a
    function call per cell was a third of a 50,000-row write); the rest go through _escape."""
    return "\t".join([
        (value if value.isprintable() and "\\" not in value else value.translate(_ESCAPES))
        if value.__class__ is str else _escape(value)
        for value in row
    ])


def member_line(row: dict) -> str:
    """A member row's MEMBER_COLUMNS (without the id) in COPY's text format: the check keeps
    these for the write (the plan), which puts the id in front of each."""
    return _line(_member_values(row))


def copy_text(cursor, table: str, columns: list[str], text: str) -> None:
    """COPY ``text`` (lines in COPY's text format, each ending with a newline) into ``table``."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN", io.StringIO(text))


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    """COPY ``rows`` (sequences in ``columns`` order) into ``table``; returns how many."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    lines = [_line(row) for row in rows]
    buffer = io.StringIO("\n".join(lines) + "\n" if lines else "")
    cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN", buffer)
    return len(lines)


def _history_rows(rows: list[dict], history_type: str, user_id, reason: str, when):
    specials = {"history_date": when, "history_type": history_type, "history_user_id": user_id,
                "history_change_reason": reason}
    for row in rows:
        yield [specials[c] if c in specials else row[c] for c in HISTORY_COLUMNS]


def write_plan(plan, *, user_id, reason: str, progress=None) -> tuple[int, int]:
    """Create and update the plan's members with their history; the caller holds the transaction.
    New members come as ``plan.create_lines`` (member_line of each, as the check kept them) or
    else as the rows of ``plan.creates``."""
    when = timezone.now()
    member_table = Member._meta.db_table
    history_table = HISTORY_MODEL._meta.db_table
    lines = plan.create_lines if plan.create_lines is not None else [member_line(row) for row in plan.creates]
    with connection.cursor() as cursor:
        if lines:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [member_table, len(lines)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            for row, pk in zip(plan.creates, ids):
                row["id"] = pk
            suffix = "\t" + _line([when, reason, "+", user_id]) + "\n"
            # Members and their history a tenth at a time (at most COPY_CHUNK * 4): the bar moves
            # while a file of any size is written.
            size = min(COPY_CHUNK * 4, max(COPY_CHUNK // 5, -(-len(lines) // 10)))
            for start in range(0, len(lines), size):
                chunk = list(zip(ids[start:start + size], lines[start:start + size]))
                copy_text(cursor, member_table, MEMBER_COPY_COLUMNS, "".join([f"{pk}\t{line}\n" for pk, line in chunk]))
                copy_text(cursor, history_table, HISTORY_COPY_COLUMNS,
                          "".join([f"{pk}\t{line}{suffix}" for pk, line in chunk]))
                if progress:
                    progress("writing", 0.1 + 0.5 * (start + len(chunk)) / len(lines))
        if progress:
            progress("writing", 0.6)
        if plan.updates:
            columns = ["id", *MEMBER_COLUMNS]
            cursor.execute(
                f"CREATE TEMPORARY TABLE member_import_update (LIKE {connection.ops.quote_name(member_table)}) "
                "ON COMMIT DROP"
            )
            copy_rows(cursor, "member_import_update", columns, ([row[c] for c in columns] for row in plan.updates))
            assignments = ", ".join(f"{connection.ops.quote_name(c)} = t.{connection.ops.quote_name(c)}"
                                    for c in MEMBER_COLUMNS)
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(member_table)} AS m SET {assignments} "
                "FROM member_import_update AS t WHERE m.id = t.id"
            )
            cursor.execute("DROP TABLE member_import_update")
            copy_rows(cursor, history_table, HISTORY_COLUMNS, _history_rows(plan.updates, "~", user_id, reason, when))
    if progress:
        progress("writing", 1.0)
    return len(lines), len(plan.updates)
