# Filled by the part that owns it (issue 18 / 15): operations written by makemigrations, moved here.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("congress", "0005_union_congress")]

    operations = []
