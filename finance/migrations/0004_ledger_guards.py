"""More of the ledger's rules kept by PostgreSQL (review of the finance slice):

* ``voucher_guard_insert`` (BEFORE INSERT on finance_voucher): a voucher is dated from
  2000-01-01 to 31 December of next year (the database's current date), as the services and
  the entry form say; a voucher that ``reverses`` another reverses one of the same union that
  is not itself a reversal;
* ``closedmonth_insert_only``: a closed month is never updated or deleted (there is no
  reopening); the only update let through is ``closed_by`` becoming NULL when that user is
  deleted. TRUNCATE (the test database's flush) fires no row trigger; deleting the union is
  refused by its foreign key (PROTECT);
* ``monthbalance_guard``: the monthly sums (migration 0002's ``finance_monthbalance``) are
  written only by their maintaining trigger on voucher lines: a row written by a statement that
  is not inside a trigger (``pg_trigger_depth() = 1``: this guard is the only trigger running)
  is refused. Its truncation with the lines is a TRUNCATE, which fires no row trigger.

Errors are SQLSTATE class 23 (integrity), so Django raises ``IntegrityError``.
"""
from django.db import migrations

FORWARD = r"""
CREATE FUNCTION finance_voucher_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.date < DATE '2000-01-01'
       OR NEW.date > make_date(extract(year FROM current_date)::int + 1, 12, 31) THEN
        RAISE EXCEPTION 'finance: a voucher is dated from 2000-01-01 to the end of next year, not %', NEW.date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_date_range';
    END IF;
    IF NEW.reverses_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM finance_voucher o
             WHERE o.id = NEW.reverses_id AND o.organisation_id = NEW.organisation_id
               AND o.reverses_id IS NULL) THEN
        RAISE EXCEPTION 'finance: voucher % reverses % of another union or a reversal', NEW.id, NEW.reverses_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_reverses_valid';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER voucher_guard_insert
    BEFORE INSERT ON finance_voucher
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_guard_insert();

CREATE FUNCTION finance_closedmonth_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.closed_by_id IS NULL
       AND (to_jsonb(NEW) - 'closed_by_id') = (to_jsonb(OLD) - 'closed_by_id') THEN
        RETURN NEW;  -- the user who closed it is deleted (ON DELETE SET NULL)
    END IF;
    RAISE EXCEPTION 'finance: closed month %-% of organisation % is never reopened, changed or deleted',
        OLD.year, OLD.month, OLD.organisation_id
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'closedmonth_insert_only';
END $$;

CREATE TRIGGER closedmonth_insert_only
    BEFORE UPDATE OR DELETE ON finance_closedmonth
    FOR EACH ROW EXECUTE FUNCTION finance_closedmonth_insert_only();

CREATE FUNCTION finance_monthbalance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN  -- written by finance_monthbalance_add()
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'finance: the monthly sums are kept from the voucher lines and are not written directly'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'monthbalance_derived';
END $$;

CREATE TRIGGER monthbalance_guard
    BEFORE INSERT OR UPDATE OR DELETE ON finance_monthbalance
    FOR EACH ROW EXECUTE FUNCTION finance_monthbalance_guard();
"""

BACKWARD = r"""
DROP TRIGGER monthbalance_guard ON finance_monthbalance;
DROP FUNCTION finance_monthbalance_guard();
DROP TRIGGER closedmonth_insert_only ON finance_closedmonth;
DROP FUNCTION finance_closedmonth_insert_only();
DROP TRIGGER voucher_guard_insert ON finance_voucher;
DROP FUNCTION finance_voucher_guard_insert();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0003_chart_of_accounts"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
