"""A published rubric version is frozen in the database itself.

The models refuse to save a published version's settings, areas or items (``FrozenError``)
and the services refuse before that; these triggers make the rule hold for anything else
that writes to the tables too (a queryset ``update()``, a shell, a migration): a change to a
frozen row raises ``check_violation`` (Django's ``IntegrityError``). A draft version and its
parts change freely; a published version may only move on to "superseded".
"""
from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION assessment_refuse_frozen_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'draft' THEN
            RAISE EXCEPTION 'rubric version % is published and cannot be deleted', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state <> 'draft' AND (
        NEW.state = 'draft'
        OR (NEW.rubric_id, NEW.number, NEW.standard_threshold, NEW.exemplary_threshold, NEW.bonus_cap, NEW.categories)
           IS DISTINCT FROM
           (OLD.rubric_id, OLD.number, OLD.standard_threshold, OLD.exemplary_threshold, OLD.bonus_cap, OLD.categories)
    ) THEN
        RAISE EXCEPTION 'rubric version % is published and frozen', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessment_rubricversion_frozen
    BEFORE UPDATE OR DELETE ON assessment_rubricversion
    FOR EACH ROW EXECUTE FUNCTION assessment_refuse_frozen_version();

CREATE OR REPLACE FUNCTION assessment_refuse_frozen_part() RETURNS trigger AS $$
DECLARE
    frozen integer;
BEGIN
    SELECT count(*) INTO frozen FROM assessment_rubricversion
     WHERE state <> 'draft'
       AND id IN (
           CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN OLD.version_id END,
           CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN NEW.version_id END
       );
    IF frozen > 0 THEN
        RAISE EXCEPTION '% of a published rubric version cannot change (%)', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessment_rubricarea_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON assessment_rubricarea
    FOR EACH ROW EXECUTE FUNCTION assessment_refuse_frozen_part();
CREATE TRIGGER assessment_rubricitem_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON assessment_rubricitem
    FOR EACH ROW EXECUTE FUNCTION assessment_refuse_frozen_part();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS assessment_rubricitem_frozen ON assessment_rubricitem;
DROP TRIGGER IF EXISTS assessment_rubricarea_frozen ON assessment_rubricarea;
DROP TRIGGER IF EXISTS assessment_rubricversion_frozen ON assessment_rubricversion;
DROP FUNCTION IF EXISTS assessment_refuse_frozen_part();
DROP FUNCTION IF EXISTS assessment_refuse_frozen_version();
"""


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
