# Placeholder so that issue 20's two members migrations have an order: the tally (this one,
# filled in by its author) and the search indexes (0013).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0011_member_own_data")]
    operations = []
