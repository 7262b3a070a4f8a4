"""The database router for a primary with a streaming replica (unionadmin/replica.py).

Installed by the settings only when ``DATABASE_REPLICA_URL`` is set. Reads go to the replica
only inside declared report work; every write goes to the primary, also the save of an object
that was read from the replica (Django would otherwise send it back where it came from).
"""
from . import replica


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica.read_alias(model) or replica.PRIMARY

    def db_for_write(self, model, **hints):
        return replica.PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases are the same database: an object read from the replica may point at
        # one read from the primary.
        if {obj1._state.db, obj2._state.db} <= {replica.PRIMARY, replica.REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only and takes its schema from the primary's WAL.
        if db == replica.REPLICA:
            return False
        return None
