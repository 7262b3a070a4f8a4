"""Each union's member counts, kept by PostgreSQL as the roster changes (issue 20).

The dashboard's ``members`` source read today's figures by counting members_member over a
subtree: 200,000 rows at a county, 2 million at a province. ``MemberTally`` holds the same
figures per union, written by statement-level triggers on members_member (migration
0012_member_tally) in the transaction of every change, however it is made: the ORM,
``queryset.update()``, bulk creates, the import's COPY, raw SQL, the admin, workers,
TRUNCATE. A statement adds its grouped changes per union in one upsert, so an import of
50,000 rows costs one statement, not 50,000 row triggers, and a rolled-back change rolls
back its tally with it.

A union without a row has no members. Nothing in Python writes these rows.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberTally(models.Model):
    # The counts of ACTIVE members follow members.indicators.PARTS; ``all_members`` counts every
    # row, whatever its status (retired, withdrawn, transferred out and the rest). No CHECK
    # (>= 0): PostgreSQL checks the row an upsert proposes before it finds the conflict, and a
    # statement's change to a union may be negative.
    union = models.OneToOneField("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                                 primary_key=True, related_name="member_tally")
    active = models.IntegerField(_("active members"), default=0)
    women = models.IntegerField(_("active women members"), default=0)
    migrant = models.IntegerField(_("active migrant-worker members"), default=0)
    dispatched = models.IntegerField(_("active agency-dispatched members"), default=0)
    all_members = models.IntegerField(_("members of any status"), default=0)

    class Meta:
        db_table = "members_membertally"
        verbose_name = _("member tally")
        verbose_name_plural = _("member tallies")

    def __str__(self):
        return f"{self.union_id}: {self.active}/{self.all_members}"
