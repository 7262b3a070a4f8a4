"""The waiting page polls the job four times a second while a worker runs it (issue 15, item 6).
A 50,000-row roster's job row holds up to 10,000 warnings (megabytes of JSON): a poll reads only
what the progress bar shows, and the last poll, when the job stops, brings the whole page."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import ImportJob

from .eager import worker_runs_it
from .sheets import good_rows, upload, xlsx_bytes


def many_warnings(count):
    return [{"row": n + 2, "column": "身份证号码", "field": "id_number", "value": "513001199001011234",
             "code": "division_unknown", "params": {"code": "513001"}} for n in range(count)]


def checked_job(client, union):
    with worker_runs_it():
        client.post(reverse("members:import_start"), {"union": union.pk, "file": upload(xlsx_bytes(good_rows(2)))})
    return ImportJob.objects.latest("pk")


def test_a_poll_while_importing_shows_the_progress_and_leaves_the_warnings_unread(client, county, officer_a,
                                                                                   english):
    client.force_login(officer_a)
    job = checked_job(client, county.a)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, progress=40, phase="writing",
                                               warnings=many_warnings(10_000))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:import_progress", args=[job.pk]))
    page = response.content.decode()
    assert "Saving…" in page and "40%" in page and "To look at" not in page
    job_reads = [q["sql"] for q in queries if 'FROM "members_importjob"' in q["sql"]]
    assert job_reads and not any('"members_importjob"."warnings"' in sql for sql in job_reads)


def test_the_last_poll_brings_the_whole_page_with_its_warnings(client, county, officer_a, english):
    client.force_login(officer_a)
    job = checked_job(client, county.a)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE, created=2, warnings=many_warnings(300))
    response = client.get(reverse("members:import_progress", args=[job.pk]))
    page = response.content.decode()
    assert response["HX-Retarget"] == "#import-job"
    assert "Imported." in page and "To look at: 300 rows" in page and "The first 200 are listed." in page
