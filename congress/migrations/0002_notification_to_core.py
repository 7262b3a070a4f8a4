# Notifications now live in the core (unionadmin 0006_notification): copy every row, ids kept
# (and the id sequence moved past them), then drop congress's table. Reversible: going back
# recreates congress's table and copies the rows back before unionadmin's is dropped.

from django.db import migrations

COLUMNS = "id, recipient_id, verb, organisation_id, target_type_id, target_id, created_at, read_at"


def copy(source, destination):
    return f"""
        INSERT INTO {destination} ({COLUMNS}) SELECT {COLUMNS} FROM {source};
        SELECT setval(pg_get_serial_sequence('{destination}', 'id'),
                      COALESCE((SELECT MAX(id) FROM {destination}), 1),
                      (SELECT MAX(id) FROM {destination}) IS NOT NULL);
    """


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0001_initial'),
        ('unionadmin', '0006_notification'),
    ]

    operations = [
        migrations.RunSQL(copy("congress_notification", "unionadmin_notification"),
                          reverse_sql=copy("unionadmin_notification", "congress_notification")),
        migrations.DeleteModel(name='Notification'),
    ]
