""""Import now" writes what the check planned (issue 15, item 6): the file is not read and
checked a second time, unless the members it touches (or the cards in use) changed since the
check; then it is checked again under lock, as before, and nothing stale is written."""
import datetime

import pytest

from members.imports import service
from members.models import ImportJob, Member

from .factories import UniqueMemberFactory
from .sheets import csv_bytes, good_rows, person, xlsx_bytes
from .test_import_flow import apply, check, start

HEADERS = ["姓名", "性别", "身份证号码", "手机号", "入会时间", "学历", "用工形式", "会员证号"]


def not_read_again(monkeypatch):
    """From now on the file may not be read: the check's plan is written."""
    monkeypatch.setattr(service, "_sheet", lambda job: pytest.fail("the apply read the file again"))


def test_import_now_writes_the_checked_plan_without_reading_the_file_again(client, county, officer_a,
                                                                          monkeypatch):
    client.force_login(officer_a)
    existing = UniqueMemberFactory(union=county.a, name="旧名字", phone="13811112222", post="车工",
                                   id_number=person(20), joined_on=datetime.date(2010, 2, 3))
    rows = [["新名字", "男", person(20), "", "", "本科", "正式", ""],
            ["新会员", "女", person(21, female=True), "13822223333", datetime.date(2020, 1, 31), "", "劳务派遣", "A-7"]]
    job = check(client, start(client, county.a, xlsx_bytes(rows, headers=HEADERS), "花名册.xlsx"))
    assert (job.error_count, job.to_create, job.to_update) == (0, 1, 1)
    not_read_again(monkeypatch)
    job = apply(client, job)
    assert (job.state, job.created, job.updated, job.unchanged) == (ImportJob.State.DONE, 1, 1, 0)
    assert "read" not in job.timings and "check" not in job.timings and not job.file
    existing.refresh_from_db()
    assert (existing.name, existing.phone, existing.post, existing.education, existing.joined_on) == (
        "新名字", "13811112222", "车工", "bachelor", datetime.date(2010, 2, 3))
    new = Member.objects.get(name="新会员")  # dates, choices and the card as the check read them
    assert (new.union, new.gender, new.joined_on, new.birth_date, new.employment_type, new.card_number) == (
        county.a, "female", datetime.date(2020, 1, 31), datetime.date(1990, 1, 1), "dispatched", "A-7")
    assert [h.history_type for h in Member.history.filter(id_number__in=[person(20), person(21, female=True)])
            .order_by("history_date", "history_id")][-2:] == ["+", "~"]
    assert not ImportJob.objects.get(pk=job.pk).file  # the kept plan went with the file: nothing to find


def test_a_member_changed_since_the_check_is_read_again_and_keeps_the_change(client, county, officer_a):
    """The plan holds the member as the check read them: written blindly, it would undo the change."""
    client.force_login(officer_a)
    existing = UniqueMemberFactory(union=county.a, name="旧名字", phone="13811112222", id_number=person(20))
    rows = [["新名字", "男", person(20), "", "2018-03-01", "本科", "正式"]]
    job = check(client, start(client, county.a, csv_bytes(rows)))
    Member.objects.filter(pk=existing.pk).update(phone="13899990000")  # someone edits them meanwhile
    job = apply(client, job)
    assert job.state == ImportJob.State.DONE and "read" in job.timings  # checked again
    existing.refresh_from_db()
    assert (existing.name, existing.phone) == ("新名字", "13899990000")


def test_a_card_given_out_since_the_check_refuses_the_row_again(client, county, officer_a):
    client.force_login(officer_a)
    rows = [[*row, f"K-{n}"] for n, row in enumerate(good_rows(2))]
    job = check(client, start(client, county.a, csv_bytes(rows, headers=HEADERS)))
    assert job.error_count == 0
    UniqueMemberFactory(union=county.a, card_number="K-1")
    job = apply(client, job)
    assert job.state == ImportJob.State.CHECKED and [e["code"] for e in job.errors] == ["card_taken"]
    assert Member.objects.filter(union=county.a).count() == 1  # the card holder only: nothing was written


def test_valid_rows_are_written_from_the_plan_and_the_problems_sheet_stays(client, county, officer_a,
                                                                            monkeypatch):
    client.force_login(officer_a)
    rows = [*good_rows(3), ["坏行", "男", "123", "", "2018-03-01", "", ""]]
    job = check(client, start(client, county.a, csv_bytes(rows)))
    sheet = job.problems_file.name
    assert job.error_count == 1 and sheet
    not_read_again(monkeypatch)
    service.import_request_apply(job, valid_only=True)
    service.import_apply(job.pk)
    job.refresh_from_db()
    assert (job.state, job.created, job.refused, job.problems_file.name) == (ImportJob.State.DONE, 3, 1, sheet)
    assert sorted(Member.objects.values_list("name", flat=True)) == ["会员0", "会员1", "会员2"]


def test_a_plan_kept_for_other_columns_is_not_used(client, county, officer_a):
    """Columns chosen again while a check ran: the plan on disk may be the older check's."""
    client.force_login(officer_a)
    job = check(client, start(client, county.a, csv_bytes(good_rows(2))))
    ImportJob.objects.filter(pk=job.pk).update(mapping={k: v for k, v in job.mapping.items() if v != "phone"})
    job = apply(client, job)
    assert job.state == ImportJob.State.DONE and "read" in job.timings
    assert set(Member.objects.values_list("phone", flat=True)) == {""}
