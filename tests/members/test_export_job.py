"""A roster export too large for the request is made by the real Celery worker.

Above ``MEMBERS_EXPORT_INLINE_ROWS`` (set low here) the export link sends the officer to a
document job's page; the worker writes the XLSX or CSV with the inline export's own writer,
so the downloaded file holds exactly the rows the inline export gives for the same filter,
masked the same way for the same person. At or below the threshold the response is still the
file itself. The job is the requester's: another union's officer gets 404 on it and its file.
"""
import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from python_calamine import CalamineWorkbook

from members import documents
from tests.documents.fixtures import wait_for
from unionadmin.models import AuditEvent, DocumentJob

from .factories import UniqueMemberFactory, unique_id_number

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

XLSX = reverse("members:member_export_xlsx")
CSV = reverse("members:member_export_csv")
THRESHOLD = 3


@pytest.fixture
def low_threshold(settings):
    settings.MEMBERS_EXPORT_INLINE_ROWS = THRESHOLD
    return settings


@pytest.fixture
def roster(county):
    """Five members of union A (more than the threshold, with mobile numbers), one of union B."""
    members = [UniqueMemberFactory(union=county.a, name=name, phone=f"1391234567{i}", gender="female",
                                   id_number=unique_id_number(female=True))
               for i, name in enumerate(("欧阳秀英", "司马丽华", "诸葛桂芳", "上官玉兰", "皇甫春梅"))]
    members.append(UniqueMemberFactory(union=county.a, name="公孙建国", status="retired"))
    UniqueMemberFactory(union=county.b, name="乙校会员")
    return members


def xlsx_rows(data: bytes):
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def csv_rows(data: bytes):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def inline_file(client, url, query, settings) -> bytes:
    """The same export made in the request (threshold raised for this one call)."""
    saved = settings.MEMBERS_EXPORT_INLINE_ROWS
    settings.MEMBERS_EXPORT_INLINE_ROWS = 10_000
    try:
        response = client.get(url, query)
    finally:
        settings.MEMBERS_EXPORT_INLINE_ROWS = saved
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def export_through_the_worker(client, url, query, count):
    """Ask for the export from the roster's link: redirected to the job page; the worker makes
    the file; returns the finished job and the download response."""
    response = client.get(url, query)
    assert response.status_code == 302, response.content[:300]
    job = DocumentJob.objects.latest("pk")
    assert response.url == reverse("documents:detail", args=[job.pk])
    page = client.get(response.url)
    notes = [str(m) for m in get_messages(page.wsgi_request)]
    assert page.status_code == 200 and any(str(count) in note for note in notes), notes
    job = wait_for(lambda: (j := DocumentJob.objects.get(pk=job.pk)).state in ("done", "failed") and j,
                   timeout=60, message=f"job {job.pk} to finish")
    assert job.state == "done", job.error
    download = client.get(reverse("documents:download", args=[job.pk]))
    assert download.status_code == 200
    return job, download


def test_a_large_xlsx_export_is_made_by_the_worker_with_the_same_rows_and_masking(
        client, county, officer_a, federation_reviewer, roster, low_threshold, worker):
    query = {"status": "active", "within": county.a.pk}  # five of union A's six
    for user, reveals in ((officer_a, True), (federation_reviewer, False)):
        client.force_login(user)
        events = AuditEvent.objects.filter(verb="export").count()
        job, download = export_through_the_worker(client, XLSX, query, 5)
        assert job.kind == documents.ROSTER_XLSX_KIND and job.requested_by == user
        assert job.filename.endswith(".xlsx") and job.file.name.endswith(".xlsx")
        assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert download["Content-Disposition"].startswith("attachment")
        assert AuditEvent.objects.filter(verb="export").count() == events + 1  # once, as inline
        rows = xlsx_rows(b"".join(download.streaming_content))
        assert rows == xlsx_rows(inline_file(client, XLSX, query, low_threshold))
        assert sorted(r[0] for r in rows[1:]) == sorted(m.name for m in roster[:5])
        first = roster[0]
        shown = next(r for r in rows[1:] if r[0] == first.name)
        assert (shown[3] == first.id_number) is reveals and (shown[5] == first.phone) is reveals
        if not reveals:
            assert shown[3] == first.id_number[:6] + "********" + first.id_number[-4:]


def test_a_large_csv_export_is_made_by_the_worker_with_the_same_rows(
        client, county, federation_reviewer, roster, low_threshold, worker):
    client.force_login(federation_reviewer)
    written, rendered = worker.received("documents.write"), worker.received("documents.render")
    job, download = export_through_the_worker(client, CSV, {}, 7)
    assert job.kind == documents.ROSTER_CSV_KIND and job.filename.endswith(".csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(b"".join(download.streaming_content))
    assert rows == csv_rows(inline_file(client, CSV, {}, low_threshold))
    assert len(rows) == 1 + 7 and roster[0].id_number not in str(rows)  # both unions, masked
    # Written by the task with the long time limit (a province's export takes minutes), not the PDFs'.
    assert (worker.received("documents.write"), worker.received("documents.render")) == (written + 1, rendered)


def test_another_unions_officer_cannot_see_or_download_the_export(
        client, county, officer_a, officer_b, roster, low_threshold, worker):
    client.force_login(officer_a)
    job, _download = export_through_the_worker(client, XLSX, {}, 6)
    client.force_login(officer_b)
    assert client.get(reverse("documents:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[job.pk])).status_code == 404
    assert job.filename not in client.get(reverse("documents:list")).content.decode()


def test_at_the_threshold_the_download_is_still_the_file_itself(client, county, officer_a, roster, settings):
    settings.MEMBERS_EXPORT_INLINE_ROWS = 6  # union A's six members: exactly at it
    client.force_login(officer_a)
    response = client.get(XLSX)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(xlsx_rows(b"".join(response.streaming_content))) == 1 + 6
    response = client.get(CSV)
    assert response.status_code == 200 and len(csv_rows(b"".join(response.streaming_content))) == 1 + 6
    assert not DocumentJob.objects.exists()


def test_the_job_bar_follows_the_rows_the_worker_has_written(county, federation_reviewer, roster, monkeypatch):
    """A province's export takes minutes: its bar moves with the rows, from 20 to 95 %."""
    from members import exports
    from tests.documents.factories import DocumentJobFactory
    from unionadmin.documents.kinds import registry
    from unionadmin.documents.services import WriteProgress

    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    told = []
    registry.get(documents.ROSTER_XLSX_KIND).write(
        county.federation, {"filters": {}, "requester": federation_reviewer.pk}, io.BytesIO(),
        lambda done, total: told.append((done, total)))
    assert told == [(2, 7), (4, 7), (6, 7)]  # both unions' seven members, every second row

    job = DocumentJobFactory(organisation=county.federation, kind=documents.ROSTER_XLSX_KIND, state="running",
                             progress=20)
    bar = WriteProgress(job)
    shown = []
    for done, total in [*told, (1, 7), (0, 0)]:  # a smaller count, or no rows, never moves it back
        bar(done, total)
        job.refresh_from_db()
        shown.append(job.progress)
    assert shown == [41, 62, 84, 84, 84]
