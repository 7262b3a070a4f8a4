# Filled by the part that owns it (issue 18 / 15): operations written by makemigrations, moved here.
# The women workers' committee, its seats (Member, the director's CadrePost) and activities.
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import congress.models.women


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0005_union_congress"),
        ("members", "0002_cards_dues_cadres_transfers_imports"),
        ("unionadmin", "0008_audit_committee_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalWomenActivity',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('screening', 'Two-cancer screening'), ('march8', 'March 8th event'), ('training', 'Training'), ('publicity', 'Rights publicity'), ('other', 'Other')], max_length=10, verbose_name='kind')),
                ('held_on', models.DateField(verbose_name='date')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                ('participants', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(100000)], verbose_name='women taking part')),
                ('members_taking_part', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(100000)], verbose_name='of whom union members')),
                ('cost', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='cost (yuan)')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('file', models.TextField(blank=True, max_length=255, verbose_name='photo or attachment')),
                ('file_name', models.CharField(blank=True, editable=False, max_length=200, verbose_name='file name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('union', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': "historical women workers' activity",
                'verbose_name_plural': "historical women workers' activities",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalWomenCommittee',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='term from')),
                ('ends_on', models.DateField(verbose_name='term to')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('union', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': "historical women workers' committee",
                'verbose_name_plural': "historical women workers' committees",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='WomenCommittee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='term from')),
                ('ends_on', models.DateField(verbose_name='term to')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='women_committees', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': "women workers' committee",
                'verbose_name_plural': "women workers' committees",
                'ordering': ['union__path', '-starts_on'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalWomenCommitteeMember',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.CharField(choices=[('director', 'Director'), ('deputy', 'Deputy director'), ('member', 'Committee member')], default='member', max_length=10, verbose_name='position')),
                ('joined_on', models.DateField(verbose_name='in office from')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='removed on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cadre_post', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.cadrepost')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='member')),
                ('committee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.womencommittee', verbose_name="women workers' committee")),
            ],
            options={
                'verbose_name': "historical women workers' committee member",
                'verbose_name_plural': "historical women workers' committee members",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='WomenCommitteeMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.CharField(choices=[('director', 'Director'), ('deputy', 'Deputy director'), ('member', 'Committee member')], default='member', max_length=10, verbose_name='position')),
                ('joined_on', models.DateField(verbose_name='in office from')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='removed on')),
                ('cadre_post', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='women_committee_seat', to='members.cadrepost')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='congress.womencommittee', verbose_name="women workers' committee")),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='women_committee_seats', to='members.member', verbose_name='member')),
            ],
            options={
                'verbose_name': "women workers' committee member",
                'verbose_name_plural': "women workers' committee members",
                'ordering': ['committee', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='WomenActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('screening', 'Two-cancer screening'), ('march8', 'March 8th event'), ('training', 'Training'), ('publicity', 'Rights publicity'), ('other', 'Other')], max_length=10, verbose_name='kind')),
                ('held_on', models.DateField(verbose_name='date')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                ('participants', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(100000)], verbose_name='women taking part')),
                ('members_taking_part', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(100000)], verbose_name='of whom union members')),
                ('cost', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='cost (yuan)')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('file', models.FileField(blank=True, max_length=255, upload_to=congress.models.women._activity_path, verbose_name='photo or attachment')),
                ('file_name', models.CharField(blank=True, editable=False, max_length=200, verbose_name='file name')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='women_activities', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': "women workers' activity",
                'verbose_name_plural': "women workers' activities",
                'ordering': ['-held_on', '-pk'],
                'indexes': [models.Index(fields=['union', 'held_on'], name='womenactivity_union_date')],
                'constraints': [models.CheckConstraint(condition=models.Q(('members_taking_part__lte', models.F('participants'))), name='womenactivity_members_within_participants'), models.CheckConstraint(condition=models.Q(('cost__gte', 0)), name='womenactivity_cost_not_negative')],
            },
        ),
        migrations.AddConstraint(
            model_name='womencommittee',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='womencommittee_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='womencommitteemember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_on__isnull', True)), fields=('committee', 'member'), name='womenseat_member_once'),
        ),
        migrations.AddConstraint(
            model_name='womencommitteemember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_on__isnull', True), ('position', 'director')), fields=('committee',), name='womenseat_one_director'),
        ),
        migrations.AddConstraint(
            model_name='womencommitteemember',
            constraint=models.CheckConstraint(condition=models.Q(('left_on__isnull', True), ('left_on__gte', models.F('joined_on')), _connector='OR'), name='womenseat_left_after_joined'),
        ),
        migrations.AddConstraint(
            model_name='womenactivity',
            constraint=models.UniqueConstraint(fields=('union', 'kind', 'held_on', 'title'), name='womenactivity_once'),
        ),
    ]
