"""Change stamps kept by the database: how the indicator cache knows its figures are current.

Every table an indicator source reads gets a statement-level trigger (installed after each
``migrate`` for the tables the registry's sources name) that stamps the table in
``unionadmin_datastamp`` with a fresh sequence number inside the writing transaction. Because
the trigger is in PostgreSQL, every way of writing is seen: the ORM, ``queryset.update()``,
bulk creates, the members import's COPY, raw SQL, the admin, Celery workers, management
commands.

``token(tables)`` reads the stamps of some tables in one query. A figure cached under a token
is never served after a change to any table it was computed from: the change commits a new
stamp, so the next reader computes under a new token. Sequence numbers are never reused
(a rolled-back stamp is gone with its transaction), and the database's identity is part of
the token, so a recreated database cannot meet an old entry.
"""
from __future__ import annotations

import hashlib

from django.db import connection

SHARDS = 16
FUNCTION_SQL = f"""
CREATE SEQUENCE IF NOT EXISTS unionadmin_datastamp_value;
CREATE OR REPLACE FUNCTION unionadmin_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO unionadmin_datastamp ("table", shard, value)
  VALUES (TG_TABLE_NAME, pg_backend_pid() % {SHARDS}, nextval('unionadmin_datastamp_value'))
  ON CONFLICT ("table", shard) DO UPDATE SET value = EXCLUDED.value;
  RETURN NULL;
END
$$;
"""
TRIGGER_SQL = (
    'CREATE OR REPLACE TRIGGER unionadmin_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION unionadmin_stamp()"
)


def stamped_tables() -> set[str]:
    """The tables whose changes the indicator figures depend on: every source's, and the tree."""
    from .indicators import TREE_TABLE, registry

    return {TREE_TABLE} | {model._meta.db_table for model in registry.source_models()}


def install_triggers(using="default", **kwargs):
    """post_migrate: (re)create the function and one trigger per stamped table; idempotent."""
    from django.db import connections

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "unionadmin_datastamp" not in existing:
        return  # migrated only part of the way
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in sorted(stamped_tables() & existing):
            cursor.execute(TRIGGER_SQL.format(table=table))


def tables_with_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE t.tgname = 'unionadmin_stamp'")
        return {row[0] for row in cursor.fetchall()}


def token(tables) -> dict[str, str]:
    """{table: a short digest of its stamps}, with the database's identity folded in (one query).

    Read from the database the figures are read from: in report work that is the replica
    (unionadmin/replica.py), whose stamps match its own, possibly older, rows."""
    from django.db import connections, router

    from .models import DataStamp

    tables = sorted(set(tables))
    with connections[router.db_for_read(DataStamp)].cursor() as cursor:
        cursor.execute(
            'SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "table", shard, value '
            'FROM unionadmin_datastamp WHERE "table" = ANY(%s) '
            "UNION ALL SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), '', 0, 0 "
            "ORDER BY 2, 3",
            [tables],
        )
        rows = cursor.fetchall()
    database = rows[0][0]
    parts: dict[str, list[str]] = {table: [str(database)] for table in tables}
    for _database, table, shard, value in rows:
        if table:
            parts[table].append(f"{shard}:{value}")
    return {table: hashlib.blake2s(",".join(p).encode(), digest_size=8).hexdigest() for table, p in parts.items()}
