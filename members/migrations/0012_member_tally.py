# Each union's member counts, kept by statement-level triggers on members_member (issue 20;
# members/models/tally.py says why). The SQL is frozen here, as a migration's must be.
import django.db.models.deletion
from django.db import migrations, models

# One row per (union, sign) of the rows a statement touched: +1 for the rows as they are
# after it, -1 for the rows as they were before it. Added up per union, an update that
# moves a member to another union or changes a counted field subtracts from one row and adds
# to another; an update that changes nothing counted adds up to zero and writes nothing (so
# editing a mobile number takes no lock on the union's tally row).
NEW_ROWS = "SELECT union_id, status, gender, employment_type, 1 AS sign FROM members_tally_new"
OLD_ROWS = "SELECT union_id, status, gender, employment_type, -1 AS sign FROM members_tally_old"
ADD = """
    WITH changed AS ({rows}),
    delta AS (
      SELECT union_id,
             sum(sign * (status = 'active')::int) AS active,
             sum(sign * (status = 'active' AND gender = 'female')::int) AS women,
             sum(sign * (status = 'active' AND employment_type = 'migrant')::int) AS migrant,
             sum(sign * (status = 'active' AND employment_type = 'dispatched')::int) AS dispatched,
             sum(sign) AS all_members
      FROM changed GROUP BY union_id
    )
    INSERT INTO members_membertally AS tally (union_id, active, women, migrant, dispatched, all_members)
    SELECT union_id, active, women, migrant, dispatched, all_members FROM delta
    WHERE (active, women, migrant, dispatched, all_members) <> (0, 0, 0, 0, 0)
    -- Two statements changing the same unions lock their rows in the same order: no deadlock.
    ORDER BY union_id
    ON CONFLICT (union_id) DO UPDATE SET
      active = tally.active + EXCLUDED.active, women = tally.women + EXCLUDED.women,
      migrant = tally.migrant + EXCLUDED.migrant, dispatched = tally.dispatched + EXCLUDED.dispatched,
      all_members = tally.all_members + EXCLUDED.all_members;
"""
FUNCTIONS = f"""
CREATE FUNCTION members_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {ADD.format(rows=NEW_ROWS)} RETURN NULL; END
$$;
CREATE FUNCTION members_tally_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {ADD.format(rows=NEW_ROWS + " UNION ALL " + OLD_ROWS)} RETURN NULL; END
$$;
CREATE FUNCTION members_tally_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {ADD.format(rows=OLD_ROWS)} RETURN NULL; END
$$;
CREATE FUNCTION members_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN DELETE FROM members_membertally; RETURN NULL; END
$$;
"""
# PostgreSQL allows transition tables only on a trigger of one event: three triggers, and a
# fourth for TRUNCATE (which has none; it empties the tally, as the benchmarks' resets need).
TRIGGERS = """
CREATE TRIGGER members_tally_insert AFTER INSERT ON members_member
  REFERENCING NEW TABLE AS members_tally_new FOR EACH STATEMENT EXECUTE FUNCTION members_tally_inserted();
CREATE TRIGGER members_tally_update AFTER UPDATE ON members_member
  REFERENCING NEW TABLE AS members_tally_new OLD TABLE AS members_tally_old
  FOR EACH STATEMENT EXECUTE FUNCTION members_tally_updated();
CREATE TRIGGER members_tally_delete AFTER DELETE ON members_member
  REFERENCING OLD TABLE AS members_tally_old FOR EACH STATEMENT EXECUTE FUNCTION members_tally_deleted();
CREATE TRIGGER members_tally_truncate AFTER TRUNCATE ON members_member
  FOR EACH STATEMENT EXECUTE FUNCTION members_tally_truncated();
"""
# The members already on file, in one pass (inside the migration's transaction: the table is
# locked against writes until it commits, so no change slips between the count and the triggers).
BACKFILL = """
LOCK TABLE members_member IN SHARE MODE;
INSERT INTO members_membertally (union_id, active, women, migrant, dispatched, all_members)
SELECT union_id,
       count(*) FILTER (WHERE status = 'active'),
       count(*) FILTER (WHERE status = 'active' AND gender = 'female'),
       count(*) FILTER (WHERE status = 'active' AND employment_type = 'migrant'),
       count(*) FILTER (WHERE status = 'active' AND employment_type = 'dispatched'),
       count(*)
FROM members_member GROUP BY union_id ORDER BY union_id;
"""
REVERSE = """
DROP TRIGGER IF EXISTS members_tally_insert ON members_member;
DROP TRIGGER IF EXISTS members_tally_update ON members_member;
DROP TRIGGER IF EXISTS members_tally_delete ON members_member;
DROP TRIGGER IF EXISTS members_tally_truncate ON members_member;
DROP FUNCTION IF EXISTS members_tally_inserted();
DROP FUNCTION IF EXISTS members_tally_updated();
DROP FUNCTION IF EXISTS members_tally_deleted();
DROP FUNCTION IF EXISTS members_tally_truncated();
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0011_member_own_data")]

    operations = [
        migrations.CreateModel(
            name="MemberTally",
            fields=[
                ("union", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                               related_name="member_tally", serialize=False,
                                               to="unionadmin.organisation", verbose_name="union")),
                ("active", models.IntegerField(default=0, verbose_name="active members")),
                ("women", models.IntegerField(default=0, verbose_name="active women members")),
                ("migrant", models.IntegerField(default=0, verbose_name="active migrant-worker members")),
                ("dispatched", models.IntegerField(default=0, verbose_name="active agency-dispatched members")),
                ("all_members", models.IntegerField(default=0, verbose_name="members of any status")),
            ],
            options={"verbose_name": "member tally", "verbose_name_plural": "member tallies",
                     "db_table": "members_membertally"},
        ),
        migrations.RunSQL(BACKFILL + FUNCTIONS + TRIGGERS, REVERSE),
    ]
