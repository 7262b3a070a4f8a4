# The elections part's models (issue 18): the union's own congress, quotas, delegates, candidates and the count.
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import unionadmin.actions


class Migration(migrations.Migration):

    dependencies = [
        ("congress", "0004_committee_terms"),
        ("members", "0008_import_reading"),
        ("unionadmin", "0008_audit_committee_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BallotBox',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(choices=[('committee', 'Committee member'), ('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('audit', 'Funds audit committee member')], max_length=10, verbose_name='election')),
                ('label', models.CharField(max_length=40, verbose_name='ballot box')),
                ('issued', models.PositiveIntegerField(verbose_name='ballots issued')),
                ('returned', models.PositiveIntegerField(verbose_name='ballots returned')),
                ('valid', models.PositiveIntegerField(verbose_name='valid ballots')),
                ('votes_entered', models.BooleanField(default=False, editable=False)),
            ],
            options={
                'verbose_name': 'ballot box',
                'verbose_name_plural': 'ballot boxes',
                'ordering': ['congress', 'body', 'label'],
            },
        ),
        migrations.CreateModel(
            name='Candidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(choices=[('committee', 'Committee member'), ('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('audit', 'Funds audit committee member')], max_length=10, verbose_name='elected as')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='union_candidacies', to='members.member', verbose_name='member')),
            ],
            options={
                'verbose_name': 'candidate',
                'verbose_name_plural': 'candidates',
                'ordering': ['congress', 'body', 'member__name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalBoxVote',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('votes', models.PositiveIntegerField(verbose_name='votes for')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('box', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.ballotbox', verbose_name='ballot box')),
                ('candidate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.candidate', verbose_name='candidate')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical votes for a candidate',
                'verbose_name_plural': 'historical votes for candidates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnionCongress',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('delegates', "Members' delegates' congress"), ('members', 'General meeting of members')], default='delegates', max_length=10, verbose_name='kind')),
                ('number', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='congress number')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('term_years', models.PositiveSmallIntegerField(choices=[(3, '3 years'), (5, '5 years')], default=5, verbose_name='term of the committee elected')),
                ('committee_seats', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(3)], verbose_name='committee seats')),
                ('vice_chair_seats', models.PositiveSmallIntegerField(default=1, verbose_name='vice-chair seats')),
                ('audit_seats', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1)], verbose_name='funds audit committee seats')),
                ('margin_percent', models.PositiveSmallIntegerField(default=5, help_text='More candidates than seats by at least this share, for the committee and the funds audit committee.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='competitive margin (percent)')),
                ('delegate_total', models.PositiveIntegerField(default=0, verbose_name='delegates to elect')),
                ('women_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name="women's share of delegates (percent)")),
                ('frontline_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name="front-line workers' share of delegates (percent)")),
                ('state', models.CharField(choices=[('preparing', 'Preparing'), ('voting', 'Counting the ballots'), ('reported', 'Reported for approval'), ('returned', 'Returned by the union above'), ('approved', 'Approved')], default='preparing', max_length=10, verbose_name='state')),
                ('reported_on', models.DateField(blank=True, editable=False, null=True, verbose_name='reported on')),
                ('decided_on', models.DateField(blank=True, editable=False, null=True, verbose_name='decided on')),
                ('return_reason', models.TextField(blank=True, editable=False, verbose_name='reason for returning')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('committee_term', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.committeeterm', verbose_name='committee term')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('union', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'historical union congress',
                'verbose_name_plural': 'historical union congresses',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='UnionCongress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('delegates', "Members' delegates' congress"), ('members', 'General meeting of members')], default='delegates', max_length=10, verbose_name='kind')),
                ('number', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='congress number')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('term_years', models.PositiveSmallIntegerField(choices=[(3, '3 years'), (5, '5 years')], default=5, verbose_name='term of the committee elected')),
                ('committee_seats', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(3)], verbose_name='committee seats')),
                ('vice_chair_seats', models.PositiveSmallIntegerField(default=1, verbose_name='vice-chair seats')),
                ('audit_seats', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1)], verbose_name='funds audit committee seats')),
                ('margin_percent', models.PositiveSmallIntegerField(default=5, help_text='More candidates than seats by at least this share, for the committee and the funds audit committee.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='competitive margin (percent)')),
                ('delegate_total', models.PositiveIntegerField(default=0, verbose_name='delegates to elect')),
                ('women_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name="women's share of delegates (percent)")),
                ('frontline_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name="front-line workers' share of delegates (percent)")),
                ('state', models.CharField(choices=[('preparing', 'Preparing'), ('voting', 'Counting the ballots'), ('reported', 'Reported for approval'), ('returned', 'Returned by the union above'), ('approved', 'Approved')], default='preparing', max_length=10, verbose_name='state')),
                ('reported_on', models.DateField(blank=True, editable=False, null=True, verbose_name='reported on')),
                ('decided_on', models.DateField(blank=True, editable=False, null=True, verbose_name='decided on')),
                ('return_reason', models.TextField(blank=True, editable=False, verbose_name='reason for returning')),
                ('committee_term', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='union_congress', to='congress.committeeterm', verbose_name='committee term')),
                ('decided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='union_congresses', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'union congress',
                'verbose_name_plural': 'union congresses',
                'ordering': ['union__path', '-number'],
            },
            bases=(unionadmin.actions.StepsMixin, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnionDelegate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('frontline', models.BooleanField(default=False, verbose_name='front-line worker')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='member')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='unit')),
                ('congress', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.unioncongress', verbose_name='congress')),
            ],
            options={
                'verbose_name': 'historical union congress delegate',
                'verbose_name_plural': 'historical union congress delegates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDelegateQuota',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('members', models.PositiveIntegerField(verbose_name='members')),
                ('seats', models.PositiveIntegerField(verbose_name='delegate seats')),
                ('women_seats', models.PositiveIntegerField(verbose_name='of which women at least')),
                ('frontline_seats', models.PositiveIntegerField(verbose_name='of which front-line workers at least')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='unit')),
                ('congress', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.unioncongress', verbose_name='congress')),
            ],
            options={
                'verbose_name': 'historical delegate quota',
                'verbose_name_plural': 'historical delegate quotas',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCandidate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('body', models.CharField(choices=[('committee', 'Committee member'), ('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('audit', 'Funds audit committee member')], max_length=10, verbose_name='elected as')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='member')),
                ('congress', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.unioncongress', verbose_name='congress')),
            ],
            options={
                'verbose_name': 'historical candidate',
                'verbose_name_plural': 'historical candidates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalBallotBox',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('body', models.CharField(choices=[('committee', 'Committee member'), ('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('audit', 'Funds audit committee member')], max_length=10, verbose_name='election')),
                ('label', models.CharField(max_length=40, verbose_name='ballot box')),
                ('issued', models.PositiveIntegerField(verbose_name='ballots issued')),
                ('returned', models.PositiveIntegerField(verbose_name='ballots returned')),
                ('valid', models.PositiveIntegerField(verbose_name='valid ballots')),
                ('votes_entered', models.BooleanField(default=False, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('congress', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='congress.unioncongress', verbose_name='congress')),
            ],
            options={
                'verbose_name': 'historical ballot box',
                'verbose_name_plural': 'historical ballot boxes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='DelegateQuota',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('members', models.PositiveIntegerField(verbose_name='members')),
                ('seats', models.PositiveIntegerField(verbose_name='delegate seats')),
                ('women_seats', models.PositiveIntegerField(verbose_name='of which women at least')),
                ('frontline_seats', models.PositiveIntegerField(verbose_name='of which front-line workers at least')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='unionadmin.organisation', verbose_name='unit')),
                ('congress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotas', to='congress.unioncongress', verbose_name='congress')),
            ],
            options={
                'verbose_name': 'delegate quota',
                'verbose_name_plural': 'delegate quotas',
                'ordering': ['congress', 'unit__path'],
            },
        ),
        migrations.AddField(
            model_name='candidate',
            name='congress',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='congress.unioncongress', verbose_name='congress'),
        ),
        migrations.AddField(
            model_name='ballotbox',
            name='congress',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='boxes', to='congress.unioncongress', verbose_name='congress'),
        ),
        migrations.CreateModel(
            name='UnionDelegate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('frontline', models.BooleanField(default=False, verbose_name='front-line worker')),
                ('congress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delegates', to='congress.unioncongress', verbose_name='congress')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='union_congress_seats', to='members.member', verbose_name='member')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='unionadmin.organisation', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'union congress delegate',
                'verbose_name_plural': 'union congress delegates',
                'ordering': ['congress', 'unit__path', 'member__name'],
            },
        ),
        migrations.CreateModel(
            name='BoxVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('votes', models.PositiveIntegerField(verbose_name='votes for')),
                ('box', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='congress.ballotbox', verbose_name='ballot box')),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='congress.candidate', verbose_name='candidate')),
            ],
            options={
                'verbose_name': 'votes for a candidate',
                'verbose_name_plural': 'votes for candidates',
                'constraints': [models.UniqueConstraint(fields=('box', 'candidate'), name='boxvote_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='unioncongress',
            constraint=models.UniqueConstraint(fields=('union', 'number'), name='unioncongress_number_once_per_union'),
        ),
        migrations.AddConstraint(
            model_name='unioncongress',
            constraint=models.CheckConstraint(condition=models.Q(('term_years__in', (3, 5))), name='unioncongress_term_3_or_5'),
        ),
        migrations.AddConstraint(
            model_name='delegatequota',
            constraint=models.UniqueConstraint(fields=('congress', 'unit'), name='delegatequota_once_per_unit'),
        ),
        migrations.AddConstraint(
            model_name='delegatequota',
            constraint=models.CheckConstraint(condition=models.Q(('women_seats__lte', models.F('seats')), ('frontline_seats__lte', models.F('seats'))), name='delegatequota_shares_within_seats'),
        ),
        migrations.AddConstraint(
            model_name='candidate',
            constraint=models.UniqueConstraint(fields=('congress', 'body', 'member'), name='candidate_once_per_body'),
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.UniqueConstraint(fields=('congress', 'body', 'label'), name='ballotbox_label_once'),
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.CheckConstraint(condition=models.Q(('returned__lte', models.F('issued'))), name='ballotbox_returned_within_issued'),
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.CheckConstraint(condition=models.Q(('valid__lte', models.F('returned'))), name='ballotbox_valid_within_returned'),
        ),
        migrations.AddConstraint(
            model_name='uniondelegate',
            constraint=models.UniqueConstraint(fields=('congress', 'member'), name='uniondelegate_once'),
        ),
        # Rounds (另行选举), the counting mode, who counted and reported, the quorum (fix review).
        migrations.AlterModelOptions(
            name='ballotbox',
            options={'ordering': ['congress', 'body', 'round', 'label'], 'verbose_name': 'ballot box', 'verbose_name_plural': 'ballot boxes'},
        ),
        migrations.RemoveConstraint(
            model_name='ballotbox',
            name='ballotbox_label_once',
        ),
        migrations.AddField(
            model_name='ballotbox',
            name='entered_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ballots entered by'),
        ),
        migrations.AddField(
            model_name='ballotbox',
            name='round',
            field=models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='round'),
        ),
        migrations.AddField(
            model_name='ballotbox',
            name='totals',
            field=models.BooleanField(default=False, help_text='One entry for the whole round instead of one per box; a round is counted either way, never both.', verbose_name='totals of all boxes'),
        ),
        migrations.AddField(
            model_name='historicalballotbox',
            name='entered_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ballots entered by'),
        ),
        migrations.AddField(
            model_name='historicalballotbox',
            name='round',
            field=models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='round'),
        ),
        migrations.AddField(
            model_name='historicalballotbox',
            name='totals',
            field=models.BooleanField(default=False, help_text='One entry for the whole round instead of one per box; a round is counted either way, never both.', verbose_name='totals of all boxes'),
        ),
        migrations.AddField(
            model_name='historicalunioncongress',
            name='entitled',
            field=models.PositiveIntegerField(blank=True, help_text="Delegates (or members, at a general meeting) entitled to attend and vote; left empty: the delegates recorded, or the union's active members.", null=True, verbose_name='entitled to vote'),
        ),
        migrations.AddField(
            model_name='historicalunioncongress',
            name='present',
            field=models.PositiveIntegerField(blank=True, help_text='Counted at the roll call; the vote is held only when at least two thirds of those entitled are present.', null=True, verbose_name='present at the vote'),
        ),
        migrations.AddField(
            model_name='historicalunioncongress',
            name='reported_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by'),
        ),
        migrations.AddField(
            model_name='unioncongress',
            name='entitled',
            field=models.PositiveIntegerField(blank=True, help_text="Delegates (or members, at a general meeting) entitled to attend and vote; left empty: the delegates recorded, or the union's active members.", null=True, verbose_name='entitled to vote'),
        ),
        migrations.AddField(
            model_name='unioncongress',
            name='present',
            field=models.PositiveIntegerField(blank=True, help_text='Counted at the roll call; the vote is held only when at least two thirds of those entitled are present.', null=True, verbose_name='present at the vote'),
        ),
        migrations.AddField(
            model_name='unioncongress',
            name='reported_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by'),
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.UniqueConstraint(fields=('congress', 'body', 'round', 'label'), name='ballotbox_label_once'),
        ),
    ]
