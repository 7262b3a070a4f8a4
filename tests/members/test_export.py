"""Exports of the filtered roster: the same rows as the page, masked unless allowed, formula-safe, logged."""
import csv
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionadmin.models import AuditEvent

from .factories import UniqueMemberFactory, unique_id_number


def csv_rows(response):
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Chinese correctly
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(response):
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.fixture
def people(county):
    return [
        UniqueMemberFactory(union=county.a, name="张伟", phone="13811112222", post="=HYPERLINK(\"http://x\")"),
        UniqueMemberFactory(union=county.a, name="王芳", gender="female", id_number=unique_id_number(female=True),
                            status="retired", employer="+1 公司"),
        UniqueMemberFactory(union=county.b, name="乙校会员"),
    ]


def test_csv_export_has_the_filtered_rows_unmasked_for_an_officer(client, county, officer_a, people, english):
    client.force_login(officer_a)
    rows = csv_rows(client.get(reverse("members:member_export_csv"), {"status": "active"}))
    assert rows[0][:4] == ["Name", "Gender", "Ethnicity", "ID number"]
    assert [r[0] for r in rows[1:]] == ["张伟"]
    assert rows[1][3] == people[0].id_number and rows[1][5] == "13811112222"
    assert rows[1][7] == "'=HYPERLINK(\"http://x\")"


def test_xlsx_export_masks_for_someone_who_may_not_reveal(client, county, federation_reviewer, people):
    client.force_login(federation_reviewer)
    response = client.get(reverse("members:member_export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert len(rows) == 4
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["张伟"][3] == people[0].id_number[:6] + "********" + people[0].id_number[-4:]
    assert by_name["张伟"][5] == "138****2222"
    assert by_name["王芳"][6] == "'+1 公司"
    event = AuditEvent.objects.get()
    assert event.verb == "export" and event.data["masked"] is True and event.data["rows"] == 3
    assert event.organisation == county.federation


def test_every_export_is_recorded_with_its_filters(client, county, officer_a, people):
    client.force_login(officer_a)
    client.get(reverse("members:member_export_xlsx"), {"q": "张", "within": county.a.pk})
    event = AuditEvent.objects.get()
    assert (event.actor, event.organisation, event.data["format"], event.data["rows"]) == (
        officer_a, county.a, "xlsx", 1)
    assert event.data["filters"] == {"q": "张", "within": str(county.a.pk)}
    assert event.data["masked"] is False


def test_export_never_leaves_the_users_scope(client, county, officer_a, people):
    client.force_login(officer_a)
    rows = csv_rows(client.get(reverse("members:member_export_csv"), {"within": county.b.pk}))
    assert "乙校会员" not in [r[0] for r in rows]


def test_an_exported_roster_imports_again(client, county, officer_a, people):
    from members.models import ImportJob, Member

    from .sheets import upload

    client.force_login(officer_a)
    data = b"".join(client.get(reverse("members:member_export_xlsx")).streaming_content)
    client.post(reverse("members:import_start"), {"union": county.a.pk, "file": upload(data, "export.xlsx")})
    job = ImportJob.objects.get()
    assert set(job.mapping.values()) >= {"name", "id_number", "joined_on", "phone", "card_number", "unit"}
    from .eager import worker_runs_it

    with worker_runs_it():  # the check runs in a worker once the request commits
        client.post(reverse("members:import_mapping", args=[job.pk]), {f"col_{i}": f for i, f in job.mapping.items()})
    job.refresh_from_db()
    assert job.error_count == 0, job.errors
    assert (job.to_create, job.to_update, job.unchanged) == (0, 0, 2)  # neutralised cells come back as they were
    assert Member.objects.count() == 3
