# Model-worker care (issue 18 item 4): operations written by makemigrations, moved here.

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_import_reading'),
        ('unionadmin', '0008_audit_committee_role'),
        ('welfare', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CareRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('health_check', 'Health check'), ('recuperation', 'Recuperation')], max_length=20, verbose_name='kind')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('place', models.CharField(max_length=100, verbose_name='place')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='until')),
                ('budget_per_person', models.DecimalField(decimal_places=2, help_text='The cost recorded for each person who goes, unless their own cost is entered.', max_digits=10, validators=[django.core.validators.MinValueValidator(0)], verbose_name='budget per person (yuan)')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('organiser', models.ForeignKey(help_text='Model workers of this union and every union below it can be invited.', on_delete=django.db.models.deletion.PROTECT, related_name='care_rounds', to='unionadmin.organisation', verbose_name='organised by')),
            ],
            options={
                'verbose_name': 'care round',
                'verbose_name_plural': 'care rounds',
                'ordering': ['-starts_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CareInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited'), ('attended', 'Went'), ('declined', 'Declined'), ('replaced', 'Replaced')], default='invited', max_length=20, verbose_name='status')),
                ('decline_reason', models.CharField(blank=True, max_length=200, verbose_name='reason for declining')),
                ('cost', models.DecimalField(blank=True, decimal_places=2, help_text="Left empty, the round's budget per person is recorded.", max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='cost (yuan)')),
                ('invited_at', models.DateTimeField(auto_now_add=True, verbose_name='invited at')),
                ('archive_entry', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='care_invitation', to='members.archiveentry')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='care_invitations', to='members.member', verbose_name='model worker')),
                ('replaced_by', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='welfare.careinvitation', verbose_name='replaced by')),
                ('care_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='welfare.careround', verbose_name='care round')),
            ],
            options={
                'verbose_name': 'care invitation',
                'verbose_name_plural': 'care invitations',
                'ordering': ['care_round', 'member__name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CareSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('update_due_month', models.PositiveSmallIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='annual update due by (month)')),
                ('update_due_day', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='annual update due by (day)')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='care_settings', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'model-worker care settings',
                'verbose_name_plural': 'model-worker care settings',
                'ordering': ['organisation__path'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCareInvitation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited'), ('attended', 'Went'), ('declined', 'Declined'), ('replaced', 'Replaced')], default='invited', max_length=20, verbose_name='status')),
                ('decline_reason', models.CharField(blank=True, max_length=200, verbose_name='reason for declining')),
                ('cost', models.DecimalField(blank=True, decimal_places=2, help_text="Left empty, the round's budget per person is recorded.", max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='cost (yuan)')),
                ('invited_at', models.DateTimeField(blank=True, editable=False, verbose_name='invited at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('archive_entry', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.archiveentry')),
                ('care_round', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='welfare.careround', verbose_name='care round')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='model worker')),
                ('replaced_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='welfare.careinvitation', verbose_name='replaced by')),
            ],
            options={
                'verbose_name': 'historical care invitation',
                'verbose_name_plural': 'historical care invitations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCareRound',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('health_check', 'Health check'), ('recuperation', 'Recuperation')], max_length=20, verbose_name='kind')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('place', models.CharField(max_length=100, verbose_name='place')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='until')),
                ('budget_per_person', models.DecimalField(decimal_places=2, help_text='The cost recorded for each person who goes, unless their own cost is entered.', max_digits=10, validators=[django.core.validators.MinValueValidator(0)], verbose_name='budget per person (yuan)')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organiser', models.ForeignKey(blank=True, db_constraint=False, help_text='Model workers of this union and every union below it can be invited.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='organised by')),
            ],
            options={
                'verbose_name': 'historical care round',
                'verbose_name_plural': 'historical care rounds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCareSettings',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('update_due_month', models.PositiveSmallIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='annual update due by (month)')),
                ('update_due_day', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='annual update due by (day)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'historical model-worker care settings',
                'verbose_name_plural': 'historical model-worker care settings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSituationUpdate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('work', models.CharField(help_text='Post, work and achievements this year.', max_length=200, verbose_name='work')),
                ('health', models.CharField(max_length=200, verbose_name='health')),
                ('family_income', models.CharField(choices=[('below_line', 'Below the minimum-living line'), ('low', 'Low'), ('middle', 'Middle'), ('comfortable', 'Comfortable')], max_length=20, verbose_name='family income')),
                ('difficulties', models.TextField(blank=True, verbose_name='difficulties')),
                ('wishes', models.TextField(blank=True, verbose_name='wishes')),
                ('visited_by', models.CharField(max_length=100, verbose_name='visited by')),
                ('visited_on', models.DateField(verbose_name='visited on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='model worker')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('union', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'historical annual update',
                'verbose_name_plural': 'historical annual updates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SituationUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('work', models.CharField(help_text='Post, work and achievements this year.', max_length=200, verbose_name='work')),
                ('health', models.CharField(max_length=200, verbose_name='health')),
                ('family_income', models.CharField(choices=[('below_line', 'Below the minimum-living line'), ('low', 'Low'), ('middle', 'Middle'), ('comfortable', 'Comfortable')], max_length=20, verbose_name='family income')),
                ('difficulties', models.TextField(blank=True, verbose_name='difficulties')),
                ('wishes', models.TextField(blank=True, verbose_name='wishes')),
                ('visited_by', models.CharField(max_length=100, verbose_name='visited by')),
                ('visited_on', models.DateField(verbose_name='visited on')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='situation_updates', to='members.member', verbose_name='model worker')),
                ('recorded_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('union', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'annual update',
                'verbose_name_plural': 'annual updates',
                'ordering': ['-year', 'member__name'],
            },
        ),
        migrations.AddConstraint(
            model_name='careround',
            constraint=models.UniqueConstraint(fields=('organiser', 'year', 'title'), name='care_round_title_once', violation_error_message='This union already has a round with this title in that year.'),
        ),
        migrations.AddConstraint(
            model_name='careround',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='care_round_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='careround',
            constraint=models.CheckConstraint(condition=models.Q(('budget_per_person__gte', 0)), name='care_round_budget_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='careinvitation',
            constraint=models.UniqueConstraint(fields=('care_round', 'member'), name='care_invitation_once'),
        ),
        migrations.AddConstraint(
            model_name='careinvitation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'declined'), _negated=True), models.Q(('decline_reason', ''), _negated=True), _connector='OR'), name='care_invitation_declined_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='careinvitation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'replaced'), _negated=True), ('replaced_by__isnull', False), _connector='OR'), name='care_invitation_replaced_names_replacement'),
        ),
        migrations.AddConstraint(
            model_name='situationupdate',
            constraint=models.UniqueConstraint(fields=('member', 'year'), name='situation_update_once_a_year', violation_error_message="This model worker's record is already updated for that year."),
        ),
        migrations.AddField(
            model_name='careround',
            name='paid_by',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='paid by'),
        ),
        migrations.AddField(
            model_name='careround',
            name='paid_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='paid on'),
        ),
        migrations.AddField(
            model_name='historicalcareround',
            name='paid_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='paid by'),
        ),
        migrations.AddField(
            model_name='historicalcareround',
            name='paid_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='paid on'),
        ),
    ]
