# Filled by the part that owns it (issue 15, item 6): a big roster is stored unread at the upload
# and read once by the worker that checks it (the job's new state "reading").
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0007_import_speed")]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="state",
            field=models.CharField(
                choices=[("reading", "Reading the file"), ("uploaded", "Uploaded: choose the columns"),
                         ("checking", "Checking"), ("checked", "Checked"), ("queued", "Waiting to import"),
                         ("running", "Importing"), ("done", "Imported"), ("failed", "Failed")],
                default="uploaded", max_length=20, verbose_name="state"),
        ),
    ]
