# Assessing people (issue 18 item 6): written by makemigrations, moved here.

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import assessment.models.people


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0002_frozen_rubric_trigger'),
        ('members', '0008_import_reading'),
        ('unionadmin', '0008_audit_committee_role'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalPeopleRubric',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('deadline', models.DateField(verbose_name='self-assessment deadline')),
                ('excellent_threshold', models.DecimalField(decimal_places=2, default=Decimal('90.00'), help_text='优秀: a total of this many points or more.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='points for “excellent”')),
                ('pass_threshold', models.DecimalField(decimal_places=2, default=Decimal('60.00'), help_text='合格: a total of this many points or more; below it, 不合格.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='points for “pass”')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=20, verbose_name='state')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('results_published_at', models.DateTimeField(blank=True, null=True, verbose_name='results published at')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('results_published_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='results published by')),
                ('union', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'historical assessment of people',
                'verbose_name_plural': 'historical assessments of people',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PeopleRubric',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('deadline', models.DateField(verbose_name='self-assessment deadline')),
                ('excellent_threshold', models.DecimalField(decimal_places=2, default=Decimal('90.00'), help_text='优秀: a total of this many points or more.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='points for “excellent”')),
                ('pass_threshold', models.DecimalField(decimal_places=2, default=Decimal('60.00'), help_text='合格: a total of this many points or more; below it, 不合格.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='points for “pass”')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=20, verbose_name='state')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('results_published_at', models.DateTimeField(blank=True, null=True, verbose_name='results published at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('results_published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='results published by')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people_rubrics', to='unionadmin.organisation', verbose_name='union')),
            ],
            options={
                'verbose_name': 'assessment of people',
                'verbose_name_plural': 'assessments of people',
                'ordering': ['-year', 'union__path', 'title'],
            },
        ),
        migrations.CreateModel(
            name='PeopleItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('area', models.CharField(max_length=100, verbose_name='area')),
                ('title', models.CharField(max_length=300, verbose_name='what is assessed')),
                ('guidance', models.TextField(blank=True, verbose_name='scoring guidance')),
                ('kind', models.CharField(choices=[('standard', 'Standard item'), ('bonus', 'Bonus'), ('deduction', 'Deduction')], default='standard', max_length=20, verbose_name='kind')),
                ('maximum', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='maximum points')),
                ('evidence_required', models.BooleanField(default=False, verbose_name='evidence required')),
                ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='assessment.peoplerubric', verbose_name='assessment of people')),
            ],
            options={
                'verbose_name': 'item of an assessment of people',
                'verbose_name_plural': 'items of an assessment of people',
                'ordering': ['rubric', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalPersonSheet',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', 'Being filled in'), ('submitted', 'Submitted, under review'), ('final', 'Final')], default='draft', max_length=20, verbose_name='state')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('finalised_at', models.DateTimeField(blank=True, null=True, verbose_name='finalised at')),
                ('review_remark', models.TextField(blank=True, verbose_name="reviewer's remark")),
                ('total', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='total')),
                ('grade', models.CharField(blank=True, max_length=20, verbose_name='grade')),
                ('rank', models.PositiveIntegerField(blank=True, null=True, verbose_name='rank')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('finalised_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='member')),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                ('rubric', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessment.peoplerubric', verbose_name='assessment of people')),
            ],
            options={
                'verbose_name': "historical person's assessment sheet",
                'verbose_name_plural': "historical people's assessment sheets",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPeopleItem',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('area', models.CharField(max_length=100, verbose_name='area')),
                ('title', models.CharField(max_length=300, verbose_name='what is assessed')),
                ('guidance', models.TextField(blank=True, verbose_name='scoring guidance')),
                ('kind', models.CharField(choices=[('standard', 'Standard item'), ('bonus', 'Bonus'), ('deduction', 'Deduction')], default='standard', max_length=20, verbose_name='kind')),
                ('maximum', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='maximum points')),
                ('evidence_required', models.BooleanField(default=False, verbose_name='evidence required')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rubric', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessment.peoplerubric', verbose_name='assessment of people')),
            ],
            options={
                'verbose_name': 'historical item of an assessment of people',
                'verbose_name_plural': 'historical items of an assessment of people',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PersonScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('standard', 'Standard item'), ('bonus', 'Bonus'), ('deduction', 'Deduction')], max_length=20, verbose_name='kind')),
                ('maximum', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='maximum points')),
                ('self_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='self-assessed points')),
                ('self_note', models.TextField(blank=True, verbose_name='note')),
                ('saved_at', models.DateTimeField(blank=True, null=True, verbose_name='saved at')),
                ('reviewed_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='reviewed points')),
                ('review_remark', models.TextField(blank=True, verbose_name="reviewer's remark")),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='assessment.peopleitem', verbose_name='item')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('saved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
            ],
            options={
                'verbose_name': "person's item score",
                'verbose_name_plural': "people's item scores",
                'ordering': ['sheet', 'item__position', 'item_id'],
            },
        ),
        migrations.CreateModel(
            name='PersonEvidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, upload_to=assessment.models.people.person_evidence_upload_to, verbose_name='file')),
                ('file_name', models.CharField(max_length=200, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size in bytes')),
                ('content_kind', models.CharField(max_length=20, verbose_name='type')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('score', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='assessment.personscore', verbose_name='item score')),
            ],
            options={
                'verbose_name': "person's evidence",
                'verbose_name_plural': "people's evidence",
                'ordering': ['score', 'uploaded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PersonSheet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', 'Being filled in'), ('submitted', 'Submitted, under review'), ('final', 'Final')], default='draft', max_length=20, verbose_name='state')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('finalised_at', models.DateTimeField(blank=True, null=True, verbose_name='finalised at')),
                ('review_remark', models.TextField(blank=True, verbose_name="reviewer's remark")),
                ('total', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='total')),
                ('grade', models.CharField(blank=True, max_length=20, verbose_name='grade')),
                ('rank', models.PositiveIntegerField(blank=True, null=True, verbose_name='rank')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('finalised_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessment_sheets', to='members.member', verbose_name='member')),
                ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sheets', to='assessment.peoplerubric', verbose_name='assessment of people')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
            ],
            options={
                'verbose_name': "person's assessment sheet",
                'verbose_name_plural': "people's assessment sheets",
                'ordering': ['rubric', 'member__name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='personscore',
            name='sheet',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='assessment.personsheet', verbose_name='sheet'),
        ),
        migrations.CreateModel(
            name='HistoricalPersonScore',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('standard', 'Standard item'), ('bonus', 'Bonus'), ('deduction', 'Deduction')], max_length=20, verbose_name='kind')),
                ('maximum', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='maximum points')),
                ('self_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='self-assessed points')),
                ('self_note', models.TextField(blank=True, verbose_name='note')),
                ('saved_at', models.DateTimeField(blank=True, null=True, verbose_name='saved at')),
                ('reviewed_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='reviewed points')),
                ('review_remark', models.TextField(blank=True, verbose_name="reviewer's remark")),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('saved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessment.peopleitem', verbose_name='item')),
                ('sheet', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessment.personsheet', verbose_name='sheet')),
            ],
            options={
                'verbose_name': "historical person's item score",
                'verbose_name_plural': "historical people's item scores",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='peoplerubric',
            constraint=models.UniqueConstraint(fields=('union', 'year', 'title'), name='peoplerubric_title_unique'),
        ),
        migrations.AddConstraint(
            model_name='peoplerubric',
            constraint=models.CheckConstraint(condition=models.Q(('excellent_threshold__gte', models.F('pass_threshold'))), name='peoplerubric_excellent_above_pass'),
        ),
        migrations.AddConstraint(
            model_name='peoplerubric',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'draft'), ('published_at__isnull', False), _connector='OR'), name='peoplerubric_published_has_time'),
        ),
        migrations.AddConstraint(
            model_name='peoplerubric',
            constraint=models.CheckConstraint(condition=models.Q(('results_published_at__isnull', True), ('state', 'published'), _connector='OR'), name='peoplerubric_results_need_publication'),
        ),
        migrations.AddConstraint(
            model_name='peopleitem',
            constraint=models.CheckConstraint(condition=models.Q(('maximum__gt', 0)), name='peopleitem_maximum_positive'),
        ),
        migrations.AddConstraint(
            model_name='personevidence',
            constraint=models.CheckConstraint(condition=models.Q(('size__gt', 0)), name='personevidence_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='personsheet',
            constraint=models.UniqueConstraint(fields=('rubric', 'member'), name='personsheet_one_per_member'),
        ),
        migrations.AddConstraint(
            model_name='personsheet',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'submitted', 'final'])), name='personsheet_state_valid'),
        ),
        migrations.AddConstraint(
            model_name='personsheet',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'draft'), ('submitted_at__isnull', False), _connector='OR'), name='personsheet_submitted_has_time'),
        ),
        migrations.AddConstraint(
            model_name='personsheet',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'final'), _negated=True), ('finalised_at__isnull', False), _connector='OR'), name='personsheet_final_has_time'),
        ),
        migrations.AddConstraint(
            model_name='personscore',
            constraint=models.UniqueConstraint(fields=('sheet', 'item'), name='personscore_one_per_item'),
        ),
        migrations.AddConstraint(
            model_name='personscore',
            constraint=models.CheckConstraint(condition=models.Q(('self_points__isnull', True), models.Q(('self_points__gte', 0), ('self_points__lte', models.F('maximum'))), _connector='OR'), name='personscore_self_within_maximum'),
        ),
        migrations.AddConstraint(
            model_name='personscore',
            constraint=models.CheckConstraint(condition=models.Q(('reviewed_points__isnull', True), models.Q(('reviewed_points__gte', 0), ('reviewed_points__lte', models.F('maximum'))), _connector='OR'), name='personscore_reviewed_within_maximum'),
        ),
        migrations.CreateModel(
            name='PeopleRanking',
            fields=[
            ],
            options={
                'verbose_name': 'ranking of an assessment of people',
                'verbose_name_plural': 'rankings of assessments of people',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('assessment.peoplerubric',),
        ),
    ]
