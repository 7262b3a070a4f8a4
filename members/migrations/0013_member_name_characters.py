# The roster's search by part of a name at province scale (issue 20): GIN indexes on the
# characters of each name and on its pairs of neighbouring characters (members.filters.NameCharacters,
# NamePairs). Built CONCURRENTLY: on 2 million members each build takes seconds, and the roster
# stays writable meanwhile.
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
        AddIndexConcurrently(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    *(models.Func(models.Func(text, models.Value("(..)"), models.Value("\\1\x1f"), models.Value("g"),
                                              function="regexp_replace"),
                                  models.Value("\x1f"), function="string_to_array")
                      for text in (django.db.models.functions.text.Upper("name"),
                                   django.db.models.functions.text.Substr(
                                       django.db.models.functions.text.Upper("name"), 2))),
                    template="(%(expressions)s)", arg_joiner=" || ", output_field=models.TextField()),
                name="member_name_pairs"),
        ),
    ]
