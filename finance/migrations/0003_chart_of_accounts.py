"""Seed the chart of accounts (finance/chart.py); reversible."""
from django.db import migrations


def seed(apps, schema_editor):
    from finance.chart import seed as seed_chart

    seed_chart(apps.get_model("finance", "Account"))


def unseed(apps, schema_editor):
    from finance.chart import unseed as unseed_chart

    unseed_chart(apps.get_model("finance", "Account"))


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0002_ledger_guarantees"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
