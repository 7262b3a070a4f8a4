"""Change stamps: which tables changed, kept by PostgreSQL itself (see unionadmin/stamps.py)."""
from django.db import models


class DataStamp(models.Model):
    """The last change to a table, one row per table and shard.

    A statement-level trigger on every table an indicator source reads sets ``value`` to a
    fresh number from a sequence, in the writing transaction (so the new stamp becomes visible
    exactly when the change does). Writers are spread over 16 shards by backend so that two
    transactions writing the same table rarely wait for each other.
    """

    table = models.CharField(max_length=63)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "shard"], name="datastamp_table_shard")]

    def __str__(self):
        return f"{self.table}[{self.shard}] = {self.value}"
