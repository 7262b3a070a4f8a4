"""A big roster is stored unread at the upload and read once, by the worker that checks it
(issue 15, item 6): the person waits for no second reading of 50,000 rows in the web process.
The size from which a file is read later is a setting; these tests set it to 0 so that their
small files take the big files' way."""
import pytest
from django.urls import reverse

from members.imports.service import import_retry
from members.models import ImportJob, Member
from members.tasks import check_import

from .eager import worker_runs_it
from .sheets import HEADERS, good_rows, upload, xlsx_bytes


@pytest.fixture
def read_by_the_worker(settings):
    settings.MEMBERS_IMPORT_READ_AT_UPLOAD_BYTES = 0


def post_file(client, union, data):
    response = client.post(reverse("members:import_start"), {"union": union.pk, "file": upload(data)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ImportJob.objects.latest("pk")


def page_of(client, job):
    return client.get(reverse("members:import_detail", args=[job.pk])).content.decode()


def test_a_big_file_is_read_and_checked_by_the_worker_then_imported(client, county, officer_a, english,
                                                                    read_by_the_worker):
    client.force_login(officer_a)
    job = post_file(client, county.a, xlsx_bytes(good_rows(3), title="某某公司工会会员花名册"))
    # Right after the upload: nothing read yet; the page says so and polls.
    assert (job.state, job.columns, job.total_rows) == (ImportJob.State.READING, [], 0)
    page = page_of(client, job)
    assert "Reading the file…" in page and "progress-bar" in page and "0 rows" not in page
    check_import(job.pk)  # what the worker does with the message the upload sent
    job.refresh_from_db()
    # The header found under the title line, the columns guessed, and the check done in the same go.
    assert (job.state, job.header_row, job.total_rows, job.to_create) == (ImportJob.State.CHECKED, 2, 3, 3)
    assert job.columns == HEADERS and job.samples[0][0] == good_rows(1)[0][0]
    assert set(job.timings) == {"read", "check"}
    assert "Every row is right." in page_of(client, job)
    with worker_runs_it():
        client.post(reverse("members:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.is_done and Member.objects.filter(union=county.a).count() == 3


def test_a_big_file_missing_a_column_waits_for_the_columns(client, county, officer_a, english, read_by_the_worker):
    client.force_login(officer_a)
    headers = [h for h in HEADERS if h != "身份证号码"]
    rows = [[cell for i, cell in enumerate(row) if HEADERS[i] != "身份证号码"] for row in good_rows(2)]
    with worker_runs_it():
        job = post_file(client, county.a, xlsx_bytes(rows, headers=headers))
    job.refresh_from_db()
    page = page_of(client, job)
    assert (job.state, job.total_rows, job.runner) == (ImportJob.State.UPLOADED, 2, "")
    assert "Check the file" in page and "progress-bar" not in page and "2 rows under the header on row 1" in page


def test_a_big_file_that_cannot_be_read_ends_with_the_reason_on_its_page(client, county, officer_a, english,
                                                                         read_by_the_worker):
    client.force_login(officer_a)
    with worker_runs_it():
        job = post_file(client, county.a, xlsx_bytes([], headers=["姓名"]))  # a header and no rows
    job.refresh_from_db()
    page = page_of(client, job)
    assert job.is_failed and job.failure["code"] == "no_rows"
    assert "Nothing was imported." in page and "The file has no data rows under its header." in page
    assert "Try again" not in page  # the file itself is wrong: upload another


def test_a_big_file_interrupted_while_read_is_read_again_on_retry(client, county, officer_a, english,
                                                                  read_by_the_worker):
    client.force_login(officer_a)
    job = post_file(client, county.a, xlsx_bytes(good_rows(2)))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED,
                                               failure={"code": "interrupted", "params": {}, "step": "check"})
    job.refresh_from_db()
    assert "Try again" in page_of(client, job)
    with worker_runs_it():
        import_retry(user=officer_a, job=job)
    job.refresh_from_db()
    assert (job.state, job.total_rows, job.to_create) == (ImportJob.State.CHECKED, 2, 2)


def test_a_small_file_is_still_read_at_the_upload(client, county, officer_a, english):
    client.force_login(officer_a)
    response = client.post(reverse("members:import_start"),
                           {"union": county.a.pk, "file": upload(xlsx_bytes([], headers=["姓名"]))})
    assert "The file has no data rows under its header." in response.content.decode()  # on the form
    assert not ImportJob.objects.exists()
