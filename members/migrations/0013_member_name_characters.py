# The roster's search by part of a name at province scale (issue 20): a GIN index on the
# characters of each name (members.filters.NameCharacters). Built CONCURRENTLY: on 2 million
# members the build takes seconds, and the roster stays writable meanwhile.
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("members", "0012_member_tally")]

    operations = [
        AddIndexConcurrently(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(django.db.models.functions.text.Upper("name"), models.Value(None),
                            function="string_to_array", output_field=models.TextField()),
                name="member_name_characters"),
        ),
    ]
