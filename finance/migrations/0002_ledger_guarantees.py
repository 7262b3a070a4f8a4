"""The ledger's rules kept by PostgreSQL, whatever code writes to the tables (finance/models/ledger.py):

* ``voucher_balanced`` / ``voucherline_balanced``: constraint triggers, DEFERRABLE INITIALLY
  DEFERRED, so they look at each touched voucher when the transaction commits (after all its
  lines are in): at least two lines, debits = credits;
* ``voucher_insert``: a voucher's year is its date's, it is not dated in a closed month or
  before one (the books are closed through the latest closed month), and its ``posted_at`` is
  the posting transaction's start (the database's clock), which the next trigger relies on;
* ``voucher_immutable``: a voucher is never updated or deleted (the only update let through is
  ``posted_by`` becoming NULL when that user is deleted);
* ``voucherline_immutable``: a line is never updated or deleted, and is only added in the
  transaction that posted its voucher.

And one derived table that makes the statements fast whatever the books' age:

* ``finance_monthbalance``: per union, account and month, the sums of the debits and credits
  posted, kept by a statement-level trigger on inserted lines (lines are never updated or
  deleted, so inserts are all it has to follow) and emptied with the lines when they are
  truncated. It has no Django model: finance/statements.py reads it with one aggregate query.

Errors are SQLSTATE class 23 (integrity), so Django raises ``IntegrityError``. TRUNCATE (the
test database's flush) fires none of these row triggers.
"""
from django.db import migrations

FORWARD = r"""
CREATE FUNCTION finance_voucher_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vid bigint;
    n integer;
    dr numeric;
    cr numeric;
BEGIN
    IF TG_TABLE_NAME = 'finance_voucher' THEN
        vid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        vid := OLD.voucher_id;
    ELSE
        vid := NEW.voucher_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM finance_voucher WHERE id = vid) THEN
        RETURN NULL;
    END IF;
    SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO n, dr, cr
      FROM finance_voucherline WHERE voucher_id = vid;
    IF n < 2 THEN
        RAISE EXCEPTION 'finance: voucher % has % line(s); a voucher has at least two', vid, n
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_balanced';
    END IF;
    IF dr <> cr THEN
        RAISE EXCEPTION 'finance: voucher % does not balance (debits %, credits %)', vid, dr, cr
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_balanced';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER voucher_balanced
    AFTER INSERT ON finance_voucher DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_check_balance();
CREATE CONSTRAINT TRIGGER voucherline_balanced
    AFTER INSERT OR UPDATE OR DELETE ON finance_voucherline DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_check_balance();

CREATE FUNCTION finance_voucher_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.year <> extract(year FROM NEW.date) THEN
        RAISE EXCEPTION 'finance: voucher year % is not the year of its date %', NEW.year, NEW.date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_year_of_date';
    END IF;
    IF EXISTS (SELECT 1 FROM finance_closedmonth c
               WHERE c.organisation_id = NEW.organisation_id
                 AND (c.year, c.month) >= (extract(year FROM NEW.date)::int, extract(month FROM NEW.date)::int)) THEN
        RAISE EXCEPTION 'finance: % is in a closed month of the books of organisation %', NEW.date, NEW.organisation_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'voucher_month_open';
    END IF;
    NEW.posted_at := transaction_timestamp();
    RETURN NEW;
END $$;

CREATE TRIGGER voucher_insert
    BEFORE INSERT ON finance_voucher
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_insert();

CREATE FUNCTION finance_voucher_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.posted_by_id IS NULL
       AND (to_jsonb(NEW) - 'posted_by_id') = (to_jsonb(OLD) - 'posted_by_id') THEN
        RETURN NEW;  -- the user who posted it is deleted (ON DELETE SET NULL)
    END IF;
    RAISE EXCEPTION 'finance: voucher % is posted and is never changed or deleted; reverse it', OLD.id
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'voucher_immutable';
END $$;

CREATE TRIGGER voucher_immutable
    BEFORE UPDATE OR DELETE ON finance_voucher
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_immutable();

CREATE FUNCTION finance_voucherline_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM finance_voucher
                       WHERE id = NEW.voucher_id AND posted_at = transaction_timestamp()) THEN
            RAISE EXCEPTION 'finance: a line is added to voucher % only when it is posted', NEW.voucher_id
                USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'voucherline_immutable';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'finance: the lines of posted voucher % are never changed or deleted; reverse it',
        OLD.voucher_id USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'voucherline_immutable';
END $$;

CREATE TRIGGER voucherline_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON finance_voucherline
    FOR EACH ROW EXECUTE FUNCTION finance_voucherline_immutable();

CREATE TABLE finance_monthbalance (
    organisation_id bigint NOT NULL,
    account_id bigint NOT NULL,
    year smallint NOT NULL,
    month smallint NOT NULL,
    debit numeric(16, 2) NOT NULL DEFAULT 0,
    credit numeric(16, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (organisation_id, year, month, account_id)
);

CREATE FUNCTION finance_monthbalance_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO finance_monthbalance AS b (organisation_id, account_id, year, month, debit, credit)
    SELECT v.organisation_id, l.account_id, extract(year FROM v.date)::int, extract(month FROM v.date)::int,
           sum(l.debit), sum(l.credit)
      FROM new_lines l JOIN finance_voucher v ON v.id = l.voucher_id
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 3, 4, 2
    ON CONFLICT (organisation_id, year, month, account_id)
    DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit;
    RETURN NULL;
END $$;

CREATE TRIGGER voucherline_monthbalance
    AFTER INSERT ON finance_voucherline REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION finance_monthbalance_add();

CREATE FUNCTION finance_monthbalance_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE finance_monthbalance;
    RETURN NULL;
END $$;

CREATE TRIGGER voucherline_monthbalance_truncate
    AFTER TRUNCATE ON finance_voucherline
    FOR EACH STATEMENT EXECUTE FUNCTION finance_monthbalance_truncate();

INSERT INTO finance_monthbalance (organisation_id, account_id, year, month, debit, credit)
SELECT v.organisation_id, l.account_id, extract(year FROM v.date)::int, extract(month FROM v.date)::int,
       sum(l.debit), sum(l.credit)
  FROM finance_voucherline l JOIN finance_voucher v ON v.id = l.voucher_id
 GROUP BY 1, 2, 3, 4;
"""

BACKWARD = r"""
DROP TRIGGER voucherline_monthbalance_truncate ON finance_voucherline;
DROP FUNCTION finance_monthbalance_truncate();
DROP TRIGGER voucherline_monthbalance ON finance_voucherline;
DROP FUNCTION finance_monthbalance_add();
DROP TABLE finance_monthbalance;
DROP TRIGGER voucherline_immutable ON finance_voucherline;
DROP FUNCTION finance_voucherline_immutable();
DROP TRIGGER voucher_immutable ON finance_voucher;
DROP FUNCTION finance_voucher_immutable();
DROP TRIGGER voucher_insert ON finance_voucher;
DROP FUNCTION finance_voucher_insert();
DROP TRIGGER voucherline_balanced ON finance_voucherline;
DROP TRIGGER voucher_balanced ON finance_voucher;
DROP FUNCTION finance_voucher_check_balance();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0001_ledger"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
