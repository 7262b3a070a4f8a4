"""Import the good rows: all-or-nothing stays the default; "import the N valid rows now" writes
those in one transaction and hands the others back."""
import datetime

import pytest
from django.db import connection
from django.urls import reverse

from members.models import ImportJob, Member

from .eager import worker_runs_it
from .factories import UniqueMemberFactory
from .sheets import good_rows, person, xlsx_bytes
from .test_import_flow import check, start

BAD = [
    ["坏手机", "女", person(11, female=True), "12345", datetime.date(2019, 5, 6), "大专", "正式"],  # row 3
    ["坏日期", "男", person(13), "13900000013", "2023-02-30", "本科", "正式"],  # row 5
]


def roster():
    good = good_rows(3)
    return [good[0], BAD[0], good[1], BAD[1], good[2]]


def checked_job(client, union, data, name="roster.xlsx"):
    return check(client, start(client, union, data, name))


def post_step(client, job, name):
    with worker_runs_it():
        response = client.post(reverse(name, args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def test_the_checked_page_offers_the_valid_rows_and_all_or_nothing_still_refuses(client, county, officer_a,
                                                                                  english):
    client.force_login(officer_a)
    job = checked_job(client, county.a, xlsx_bytes(roster()))
    assert (job.state, job.failure, job.error_count, job.to_create) == (ImportJob.State.CHECKED, {}, 2, 3)
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Import the 3 valid rows now" in page and "Import now" not in page
    job = post_step(client, job, "members:import_apply")  # all or nothing: refused while rows are bad
    assert job.state == ImportJob.State.CHECKED and Member.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_valid_only_writes_exactly_the_good_rows_in_one_transaction(client, county, officer_a, english):
    client.force_login(officer_a)
    job = checked_job(client, county.a, xlsx_bytes(roster()))
    job = post_step(client, job, "members:import_apply_valid")
    assert (job.state, job.created, job.updated, job.refused) == (ImportJob.State.DONE, 3, 0, 2)
    assert sorted(Member.objects.values_list("name", flat=True)) == ["会员0", "会员1", "会员2"]
    with connection.cursor() as cursor:  # rows written by one transaction carry its id
        cursor.execute(f"SELECT DISTINCT xmin::text FROM {Member._meta.db_table}")
        assert len(cursor.fetchall()) == 1
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "3 members added, 0 updated; 2 rows were not imported." in page
    assert reverse("members:import_problems", args=[job.pk]) in page
    assert "Download the rows with problems (XLSX)" in page


def test_valid_only_refuses_the_rows_that_went_bad_since_the_check(client, county, officer_a):
    client.force_login(officer_a)
    job = checked_job(client, county.a, xlsx_bytes(roster()))
    # Between the check and the write, one good row's person became a member of another union.
    UniqueMemberFactory(union=county.b, id_number=person(2, female=False))
    job = post_step(client, job, "members:import_apply_valid")
    assert (job.created, job.refused) == (2, 3)
    assert sorted(Member.objects.filter(union=county.a).values_list("name", flat=True)) == ["会员0", "会员1"]
    assert {e["row"] for e in job.errors} == {3, 5, 6}


def test_a_file_without_problems_offers_only_import_now(client, county, officer_a, english):
    client.force_login(officer_a)
    job = checked_job(client, county.a, xlsx_bytes(good_rows(2)))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Import now" in page and "valid rows now" not in page
    response = client.post(reverse("members:import_apply_valid", args=[job.pk]))
    job.refresh_from_db()
    assert (response.status_code, job.state, Member.objects.count()) == (302, ImportJob.State.CHECKED, 0)
