from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0005_real_roster_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="warnings",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
