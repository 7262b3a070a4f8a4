# Notifications now live in the core (unionadmin 0006_notification): copy every row, ids kept
# (and the id sequence moved past them), then drop congress's table. Reversible: going back
# recreates congress's table and moves congress's own kinds back (other apps' notifications,
# which congress's table never held, stay in the core's), so going forward again copies
# them once more without a clash.

from django.db import migrations

COLUMNS = "id, recipient_id, verb, organisation_id, target_type_id, target_id, created_at, read_at"


# Congress's kinds as they were when the model moved.
CONGRESS_VERBS = ("'ready_for_review', 'decided', 'assigned', 'replied', 'returned', 'overdue', "
                  "'contract_expiring'")


def copy(source, destination, where=""):
    return f"""
        INSERT INTO {destination} ({COLUMNS}) SELECT {COLUMNS} FROM {source} {where};
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
        migrations.RunSQL(
            copy("congress_notification", "unionadmin_notification"),
            reverse_sql=copy("unionadmin_notification", "congress_notification", f"WHERE verb IN ({CONGRESS_VERBS})")
            + f"DELETE FROM unionadmin_notification WHERE verb IN ({CONGRESS_VERBS});",
        ),
        migrations.DeleteModel(name='Notification'),
    ]
