# Notifications move from congress to the core (issue 14): the table is created here and
# congress 0002_notification_to_core copies congress's rows into it, ids kept, then drops its own.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('unionadmin', '0005_union_chair_role'),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verb', models.CharField(max_length=30, verbose_name='what')),
                ('target_id', models.PositiveBigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('organisation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='unionadmin.organisation', verbose_name='organisation')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
                'indexes': [
                    models.Index(fields=['recipient', '-created_at'], name='notice_recipient_recent'),
                    models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notice_unread'),
                ],
            },
        ),
    ]
