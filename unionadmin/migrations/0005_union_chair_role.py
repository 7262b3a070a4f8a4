from django.db import migrations, models

# Until this migration a union officer was the union's chair when the free-text title said
# so (welfare/scope.py, CHAIR_TITLES). The right now comes from the union_chair role; every
# such assignment gets one, held at the same union, so nobody gains or loses a right.
CHAIR_TITLES = ("主席", "工会主席", "chair", "Chair", "CHAIR")


def grant_chair_role(apps, schema_editor):
    RoleAssignment = apps.get_model("unionadmin", "RoleAssignment")
    chairs = RoleAssignment.objects.filter(role="union_officer", title__in=CHAIR_TITLES)
    for officer in chairs:
        RoleAssignment.objects.get_or_create(
            user_id=officer.user_id, organisation_id=officer.organisation_id, role="union_chair",
            defaults={"title": officer.title, "granted_by_id": officer.granted_by_id},
        )
    # Titles that look like a chair's but are none of the known spellings are listed, not
    # guessed: an administrator grants the role where it is meant.
    doubtful = (RoleAssignment.objects.filter(role="union_officer")
                .filter(models.Q(title__icontains="主席") | models.Q(title__icontains="chair"))
                .exclude(title__in=CHAIR_TITLES).exclude(title__icontains="副").exclude(title__icontains="vice"))
    for officer in doubtful:
        print(f"\n  union_chair not granted (title {officer.title!r}): user {officer.user_id} "
              f"at organisation {officer.organisation_id}; grant it on the Roles page if meant.")


def revoke_chair_role(apps, schema_editor):
    """Before this migration the role does not exist, so every union_chair assignment goes; the
    chair-titled officer assignments are untouched, so the old title rule gives the rights back."""
    apps.get_model("unionadmin", "RoleAssignment").objects.filter(role="union_chair").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('unionadmin', '0004_job_tracking'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalroleassignment',
            name='role',
            field=models.CharField(choices=[('federation_admin', 'Federation administrator'), ('federation_reviewer', 'Federation reviewer'), ('union_officer', 'Union officer'), ('union_chair', 'Union chair'), ('welfare_officer', 'Welfare officer'), ('delegate', 'Congress delegate'), ('department', 'Handling department'), ('judge', 'Judge')], max_length=30, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('federation_admin', 'Federation administrator'), ('federation_reviewer', 'Federation reviewer'), ('union_officer', 'Union officer'), ('union_chair', 'Union chair'), ('welfare_officer', 'Welfare officer'), ('delegate', 'Congress delegate'), ('department', 'Handling department'), ('judge', 'Judge')], max_length=30, verbose_name='role'),
        ),
        migrations.RunPython(grant_chair_role, revoke_chair_role),
    ]
