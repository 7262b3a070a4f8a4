"""The shorter way through an import (issue 15, item 6): when the upload's headers name every
column needed, the check starts at the upload, without a press on "Check the file"; the columns
can still be chosen again, during the check and after it."""
from django.urls import reverse

from members.models import ImportJob

from .eager import worker_runs_it
from .sheets import HEADERS, csv_bytes, good_rows, upload


def post_file(client, union, data):
    response = client.post(reverse("members:import_start"), {"union": union.pk, "file": upload(data, "roster.csv")})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ImportJob.objects.latest("pk")


def choose_columns_without(client, job, field):
    """Post the columns found, less ``field``; the check runs as a worker would."""
    with worker_runs_it():
        client.post(reverse("members:import_mapping", args=[job.pk]),
                    {f"col_{i}": f for i, f in job.mapping.items() if f != field})
    job.refresh_from_db()
    return job


def test_a_file_with_every_column_needed_is_checked_at_the_upload(client, county, officer_a, english):
    client.force_login(officer_a)
    with worker_runs_it():  # the check is sent when the upload commits
        job = post_file(client, county.a, csv_bytes(good_rows(3)))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Every row is right." in page and "Importing will add 3 members and update 0; 0 are unchanged." in page


def test_the_columns_of_a_file_checked_at_the_upload_can_still_be_changed(client, county, officer_a, english):
    client.force_login(officer_a)
    with worker_runs_it():
        job = post_file(client, county.a, csv_bytes(good_rows(3)))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Check the file" in page  # the columns form stays on the checked page
    job = choose_columns_without(client, job, "education")
    assert (job.state, "education" in job.mapping.values(), job.to_create) == (ImportJob.State.CHECKED, False, 3)


def test_choosing_the_columns_while_the_check_runs_checks_again_with_them(client, county, officer_a, english):
    client.force_login(officer_a)
    job = post_file(client, county.a, csv_bytes(good_rows(3)))  # its check is not run here (no commit)
    assert job.state == ImportJob.State.CHECKING
    job = choose_columns_without(client, job, "phone")
    assert (job.state, "phone" in job.mapping.values(), job.to_create) == (ImportJob.State.CHECKED, False, 3)


def test_a_file_missing_a_column_needed_waits_for_the_columns(client, county, officer_a, english):
    client.force_login(officer_a)
    headers = [h for h in HEADERS if h != "身份证号码"]
    rows = [[cell for i, cell in enumerate(row) if HEADERS[i] != "身份证号码"] for row in good_rows(2)]
    with worker_runs_it():
        job = post_file(client, county.a, csv_bytes(rows, headers=headers))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert job.state == ImportJob.State.UPLOADED and "Check the file" in page and "progress-bar" not in page
