"""A handling department names its officers (who answer proposals for it) instead of
matching the titles of their role assignments.

Carries today's links over: a "handling department" role assignment whose title is the
name of a department of the same union makes its holder an officer of that department.
Role assignments (role=department) whose title names no department are printed, so an
administrator can link their holders on the department's page. The role is still required
(congress/scope.py); the titles stay as they were, as plain labels.
"""
from django.conf import settings
from django.db import migrations, models


def link_officers(apps, schema_editor):
    RoleAssignment = apps.get_model("unionadmin", "RoleAssignment")
    HandlingDepartment = apps.get_model("congress", "HandlingDepartment")
    departments = {(d.union_id, d.name): d for d in HandlingDepartment.objects.all()}
    unmatched = []
    for assignment in RoleAssignment.objects.filter(role="department").select_related("user", "organisation"):
        department = departments.get((assignment.organisation_id, assignment.title))
        if department is None:
            unmatched.append(assignment)
        else:
            department.officers.add(assignment.user_id)
    if unmatched:
        print("\n  Handling-department roles whose title names no department of their union "
              "(link these people on the department's page):")
        for assignment in unmatched:
            print(f"    user {assignment.user.username} (id {assignment.user_id}) at "
                  f"{assignment.organisation.name} (id {assignment.organisation_id}), title {assignment.title!r}")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("unionadmin", "0005_union_chair_role"),
        ("congress", "0002_notification_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="handlingdepartment",
            name="officers",
            field=models.ManyToManyField(
                blank=True,
                help_text="The people who answer proposals for the department; each holds the “handling department” "
                          "role at the union.",
                related_name="handling_departments",
                to=settings.AUTH_USER_MODEL,
                verbose_name="officers",
            ),
        ),
        migrations.RunPython(link_officers, migrations.RunPython.noop),
    ]
