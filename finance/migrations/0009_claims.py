"""Claims: the entry key that makes a double-clicked entry page save one claim, and a budget
breach that names no budget line (spending the budget has no line for, "not in the budget")."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0006_spending_rules_seed"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="entry_key",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="entry_key",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(fields=("organisation", "entry_key"), name="claim_entry_once"),
        ),
        migrations.RemoveConstraint(model_name="rulebreach", name="breach_names_what"),
        migrations.AddConstraint(
            model_name="rulebreach",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("kind", "rule"), ("rule__isnull", False)),
                                   models.Q(("kind", "budget"), ("rule__isnull", True)), _connector="OR"),
                name="breach_names_what"),
        ),
    ]
