"""The import from the officer's side: upload, columns, every error listed, all or nothing."""
import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members.imports import service
from members.models import ImportJob, Member

from .eager import worker_runs_it
from .factories import UniqueMemberFactory
from .sheets import DATA, csv_bytes, good_rows, ods_bytes, person, upload, xlsx_bytes


def start(client, union, data, name="roster.csv"):
    response = client.post(reverse("members:import_start"), {"union": union.pk, "file": upload(data, name)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ImportJob.objects.latest("pk")


def check(client, job, mapping=None):
    mapping = job.mapping if mapping is None else mapping
    data = {f"col_{i}": mapping.get(str(i), "") for i in range(len(job.columns))}
    with worker_runs_it():  # the check runs in a worker once the request commits
        response = client.post(reverse("members:import_mapping", args=[job.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    job.refresh_from_db()
    return job


def apply(client, job):
    with worker_runs_it():  # and so does the write
        response = client.post(reverse("members:import_apply", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


MESSY = [
    # name, gender, ID, mobile, joined, education, employment
    ["王小明", "男", person(1), "139 0000 1111", "2011/4/28", "本科", "正式"],
    ["李芳", "女", person(2, female=True)[:-1] + ("0" if person(2, female=True)[-1] != "0" else "1"),  # wrong check
     "13900002222", "2011年4月28日", "大专", "劳务派遣"],
    ["赵强", "男", "130503670401001", "13900003333", "2011.4.28", "高中", "农民工"],  # old 15-digit
    ["钱多多", "女", person(4), "13900004444", "2011-04-28", "本科", "正式"],  # man's ID, typed 女
    ["孙小小", "男", person(5, born=datetime.date(2008, 1, 1)), "13900005555", "2015-01-01", "初中", "正式"],  # too young
    ["周到", "男", person(6), "12345", "昨天", "博士后", "正式"],  # bad phone, bad date, bad education
    ["吴用", "男", person(1), "13900007777", "2019-01-01", "本科", "正式"],  # the same ID as row 2
]


def test_messy_gbk_csv_lists_every_bad_row_and_imports_nothing(client, county, officer_a, english):
    client.force_login(officer_a)
    job = start(client, county.a, csv_bytes(MESSY, encoding="gbk"))
    assert job.kind == "csv" and job.encoding == "gb18030" and job.total_rows == 7
    assert job.mapping == {"0": "name", "1": "gender", "2": "id_number", "3": "phone", "4": "joined_on",
                           "5": "education", "6": "employment_type"}
    job = check(client, job)
    assert job.state == ImportJob.State.CHECKED
    problems = {(e["row"], e["column"], e["code"]) for e in job.errors}
    assert problems == {
        (3, "身份证号码", "id_number_check"),
        (4, "身份证号码", "id_number_old"),
        (5, "性别", "gender_mismatch"),
        (6, "入会时间", "joined_too_young"),
        (7, "手机号", "mobile"), (7, "入会时间", "bad_date"), (7, "学历", "bad_choice"),
        (8, "身份证号码", "duplicate_id"),
    }
    assert job.error_count == 6
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "6 rows have problems" in page
    assert "The last character of this ID number does not match the others" in page
    assert "“昨天” is not a date" in page
    assert "The same ID number is also on row 2." in page
    assert 'action="/members/import/%d/apply/"' % job.pk not in page  # no import button while rows are bad
    assert Member.objects.count() == 0


def test_the_error_list_speaks_the_readers_language(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, csv_bytes(MESSY[2:3], encoding="gbk")))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "This is an old 15-digit ID number; enter the 18-character number on the current card.")
    assert expected != "This is an old 15-digit ID number; enter the 18-character number on the current card."
    assert expected in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "This is an old 15-digit ID number" in page


def test_fixed_file_imports_in_one_go_with_history(client, county, officer_a):
    client.force_login(officer_a)
    fixed = [row for row in MESSY if row[0] in {"王小明", "钱多多"}]
    fixed[1][1] = "男"
    fixed.append(["李芳", "女", person(2, female=True), "13900002222", "2011年4月28日", "大专", "劳务派遣"])
    job = check(client, start(client, county.a, csv_bytes(fixed, encoding="gbk")))
    assert job.error_count == 0 and job.to_create == 3
    job = apply(client, job)
    assert job.state == ImportJob.State.DONE and job.created == 3
    assert not job.file  # the uploaded roster is deleted once imported
    li = Member.objects.get(name="李芳")
    assert (li.union, li.gender, li.employment_type, li.joined_on, li.phone) == (
        county.a, "female", "dispatched", datetime.date(2011, 4, 28), "13900002222")
    assert li.birth_date == datetime.date(1990, 1, 1)
    record = li.history.get()
    assert record.history_type == "+" and record.history_user == officer_a and record.name == "李芳"
    assert "roster.csv" in record.history_change_reason
    assert Member.history.count() == 3


def test_rows_update_members_keyed_by_id_number_and_blank_cells_keep_values(client, county, officer_a):
    client.force_login(officer_a)
    existing = UniqueMemberFactory(union=county.a, name="旧名字", phone="13811112222", post="车工",
                                   id_number=person(20))
    rows = [["新名字", "男", person(20).lower(), "", "", "本科", "正式"],
            ["新会员", "女", person(21, female=True), "13822223333", "2020-01-01", "", ""]]
    job = check(client, start(client, county.a, xlsx_bytes(rows), "花名册.xlsx"))
    assert (job.kind, job.error_count, job.to_create, job.to_update) == ("xlsx", 0, 1, 1)
    apply(client, job)
    existing.refresh_from_db()
    assert (existing.name, existing.phone, existing.post, existing.education) == ("新名字", "13811112222", "车工",
                                                                                 "bachelor")
    latest = existing.history.latest()
    assert latest.history_type == "~" and latest.history_user == officer_a
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"name": ("旧名字", "新名字"), "education": ("", "bachelor")}
    # The same file again changes nothing.
    again = check(client, start(client, county.a, xlsx_bytes(rows), "花名册.xlsx"))
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 2)


def test_a_current_member_of_another_union_is_refused_and_named_only_if_visible(client, county, officer_a,
                                                                                federation_admin):
    UniqueMemberFactory(union=county.b, id_number=person(30))
    rows = [["某人", "男", person(30), "", "2020-01-01", "", ""]]
    client.force_login(officer_a)
    job = check(client, start(client, county.a, csv_bytes(rows)))
    assert [e["code"] for e in job.errors] == ["member_elsewhere_hidden"]
    client.force_login(federation_admin)
    job = check(client, start(client, county.a, csv_bytes(rows)))
    assert [(e["code"], e["params"]) for e in job.errors] == [("member_elsewhere", {"union": county.b.name})]


def test_a_failure_while_writing_leaves_nothing_behind(client, county, officer_a, monkeypatch):
    """All or nothing: the members are copied in, then the history copy fails; nothing stays."""
    client.force_login(officer_a)
    job = check(client, start(client, county.a, csv_bytes(good_rows(5))))
    assert job.to_create == 5
    real_copy = service.write_plan.__globals__["copy_text"]
    calls = []

    def failing_copy(cursor, table, columns, text):
        calls.append(table)
        if "historical" in table:
            raise RuntimeError("disk full")
        return real_copy(cursor, table, columns, text)

    monkeypatch.setitem(service.write_plan.__globals__, "copy_text", failing_copy)
    job = apply(client, job)
    assert calls == ["members_member", "members_historicalmember"]
    assert job.state == ImportJob.State.FAILED and job.failure["code"] == "crashed"
    assert Member.objects.count() == 0 and Member.history.count() == 0
    client.cookies["django_language"] = "en"
    page = client.get(reverse("members:import_detail", args=[job.pk]))
    assert "Nothing was imported" in page.content.decode()


def test_data_that_changed_since_the_check_is_checked_again_before_writing(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, csv_bytes(good_rows(2))))
    UniqueMemberFactory(union=county.b, id_number=good_rows(2)[1][2])  # joined union B in the meantime
    job = apply(client, job)
    assert job.state == ImportJob.State.CHECKED and job.error_count == 1
    assert Member.objects.filter(union=county.a).count() == 0


def test_xls_and_ods_import_too(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, (DATA / "roster.xls").read_bytes(), "old.xls"))
    assert job.kind == "xls" and job.error_count == 0, job.errors
    apply(client, job)
    assert set(Member.objects.values_list("name", flat=True)) == {"王小明", "李芳", "赵强"}
    assert Member.objects.get(name="李芳").phone == "13900002222"
    job = check(client, start(client, county.a, ods_bytes(good_rows(2)), "roster.ods"))
    assert job.kind == "ods" and job.to_create == 2


def test_the_columns_can_be_corrected_and_required_ones_are_insisted_on(client, county, officer_a, english):
    client.force_login(officer_a)
    headers = ["名字?", "证件", "入会时间"]
    job = start(client, county.a, csv_bytes([["王五", person(40), "2019-05-01"]], headers=headers))
    assert job.mapping == {"2": "joined_on"}
    response = client.post(reverse("members:import_mapping", args=[job.pk]), {"col_2": "joined_on"})
    assert response.status_code == 200
    assert "Choose a column for: Name、ID number." in response.content.decode()
    response = client.post(reverse("members:import_mapping", args=[job.pk]),
                           {"col_0": "name", "col_1": "name", "col_2": "joined_on"})
    assert "is chosen for more than one column" in response.content.decode()
    job = check(client, job, {"0": "name", "1": "id_number", "2": "joined_on"})
    assert job.to_create == 1


def test_refusals_are_shown_on_the_upload_form(client, county, officer_a, english):
    client.force_login(officer_a)
    response = client.post(reverse("members:import_start"), {"union": county.a.pk,
                                                              "file": upload(b"%PDF-1.4 ...", "roster.xlsx")})
    assert response.status_code == 200
    assert "This is not a spreadsheet or a CSV file" in response.content.decode()
    response = client.post(reverse("members:import_start"), {"union": county.a.pk,
                                                              "file": upload(xlsx_bytes([]), "roster.xlsx")})
    assert "The file has no data rows under its header." in response.content.decode()
    page = client.get(reverse("members:import_start")).content.decode()
    assert "20.0\xa0MB" in page  # the size limit is stated


def test_an_officer_cannot_import_into_another_union(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:import_start"), {"union": county.b.pk, "file": upload(csv_bytes(good_rows()))})
    assert response.status_code == 200 and "union" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_branches_named_in_a_column_receive_their_members(client, county, officer_a):
    from tests.factories import BranchFactory

    branch = BranchFactory(parent=county.a, name="一车间分会", short_name="一车间")
    client.force_login(officer_a)
    rows = [["甲", person(50), "2019-01-01", "一车间"], ["乙", person(51), "2019-01-01", "不存在分会"]]
    job = check(client, start(client, county.a, csv_bytes(rows, headers=["姓名", "身份证号", "入会时间", "分会"])))
    assert [(e["row"], e["code"]) for e in job.errors] == [(3, "unknown_unit")]
    job = check(client, start(client, county.a, csv_bytes(rows[:1], headers=["姓名", "身份证号", "入会时间", "分会"])))
    apply(client, job)
    assert Member.objects.get(name="甲").union == branch


# --- the Celery path ------------------------------------------------------------------------------
@pytest.fixture
def eager_celery(settings):
    from unionadmin.celery import app

    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = False


def test_every_file_goes_to_a_worker_on_commit_and_the_page_polls(client, english, county, officer_a, eager_celery,
                                                                  django_capture_on_commit_callbacks):
    """Small files too (they used to be checked and written inside the request)."""
    client.force_login(officer_a)
    job = start(client, county.a, csv_bytes(good_rows(4)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("members:import_mapping", args=[job.pk]), {f"col_{i}": f for i, f in job.mapping.items()})
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKING and len(callbacks) == 1  # sent only when the request commits
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert 'hx-get="%s"' % reverse("members:import_progress", args=[job.pk]) in page
    fragment = client.get(reverse("members:import_progress", args=[job.pk]))
    assert fragment.status_code == 200 and "progress-bar" in fragment.content.decode()
    callbacks[0]()  # the worker runs the check
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and job.to_create == 4
    finished = client.get(reverse("members:import_progress", args=[job.pk]))  # the last poll: the page's new content
    assert (finished["HX-Retarget"], finished["HX-Reswap"]) == ("#import-job", "outerHTML")
    assert "Every row is right." in finished.content.decode() and "progress-bar" not in finished.content.decode()
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Every row is right." in page
    assert "Importing will add 4 members and update 0; 0 are unchanged." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Imported." in page and "4 members added, 0 updated, 0 unchanged." in page
    assert sorted(Member.objects.values_list("name", flat=True)) == [
        "会员0", "会员1", "会员2", "会员3"]
    roster = client.get(reverse("members:member_list") + f"?within={county.a.pk}").content.decode()
    assert all(f"会员{n}" in roster for n in range(4))


def test_a_job_whose_worker_keeps_dying_is_failed_after_three_attempts(county, officer_a):
    job = ImportJob.objects.create(union=county.a, requested_by=officer_a, original_name="x.csv", kind="csv",
                                   state=ImportJob.State.RUNNING, attempts=3)
    service.import_apply(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED


def test_old_import_files_are_deleted(county, officer_a, client):
    client.force_login(officer_a)
    job = start(client, county.a, csv_bytes(good_rows(1)))
    assert job.file
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(days=8))
    assert service.import_delete_old_files(7) == 1
    job.refresh_from_db()
    assert not job.file


def test_the_empty_roster_template_reimports(client, county, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("members:import_template"))
    data = b"".join(response.streaming_content)
    job = check(client, start(client, county.a, data, "template.xlsx"))
    assert job.error_count == 0 and job.to_create == 1, job.errors
