"""Values no table knows (用工性质 "长期合同工"): listed with their counts, read as the officer
says on one screen, remembered for the union and offered to its next import."""
import pytest
from django.urls import reverse

from members.forms import ImportValuesForm
from members.imports.checking import choice_parsers
from members.models import ImportJob, ImportValueMapping, Member

from .eager import worker_runs_it
from .sheets import csv_bytes, person
from .test_import_flow import apply, check, start

HEADERS = ["姓名", "性别", "身份证号码", "入会时间", "用工性质", "政治面貌", "民族"]


def roster(employment=("长期合同工", "长期合同工", "长期合同工", "见习生"), gender="男", political="群众",
           ethnicity="汉族"):
    return csv_bytes([[f"会员{n}", gender, person(n), "2020-01-01", value, political, ethnicity]
                      for n, value in enumerate(employment)], headers=HEADERS)


def values_data(job, readings):
    """The values screen as the officer fills it: {(field, value as shown): choice}, the other
    selects left as they are."""
    form = ImportValuesForm(job=job)
    return {row["name"]: readings.get((row["field"], row["value"]), form[row["name"]].value()) for row in form.rows}


def post_values(client, job, readings):
    with worker_runs_it():  # the check runs again in a worker once the request commits
        response = client.post(reverse("members:import_values", args=[job.pk]), values_data(job, readings))
    job.refresh_from_db()
    return response, job


def test_unknown_values_are_listed_with_their_counts(client, county, officer_a, english):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    assert job.unknown_values == [
        {"field": "employment_type", "key": "长期合同工", "value": "长期合同工", "count": 3},
        {"field": "employment_type", "key": "见习生", "value": "见习生", "count": 1},
    ]
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Values to read" in page and "长期合同工" in page and "rows: 3" in page and "rows: 1" in page


def test_the_readings_are_applied_when_the_file_is_checked_again(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    assert job.error_count == 4
    response, job = post_values(client, job, {("employment_type", "长期合同工"): "contract",
                                              ("employment_type", "见习生"): "temporary"})
    assert response.status_code == 302
    assert (job.state, job.error_count, job.unknown_values, job.to_create) == (ImportJob.State.CHECKED, 0, [], 4)
    apply(client, job)
    stored = dict(Member.objects.values_list("name", "employment_type"))
    assert stored == {"会员0": "contract", "会员1": "contract", "会员2": "contract", "会员3": "temporary"}


def test_a_value_left_unread_keeps_its_rows_refused(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    _, job = post_values(client, job, {("employment_type", "长期合同工"): "contract"})
    assert (job.error_count, [u["key"] for u in job.unknown_values]) == (1, ["见习生"])


def test_readings_are_remembered_for_the_union_and_offered_to_its_next_import(client, county, officer_a):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    post_values(client, job, {("employment_type", "长期合同工"): "contract",
                              ("employment_type", "见习生"): "temporary"})
    remembered = ImportValueMapping.objects.get(union=county.a, value="长期合同工")
    assert (remembered.field, remembered.choice, remembered.updated_by) == ("employment_type", "contract", officer_a)
    following = check(client, start(client, county.a, roster(employment=["长期合同工", "见习生"])))
    assert (following.value_mapping, following.error_count) == (
        {"employment_type": {"长期合同工": "contract", "见习生": "temporary"}}, 0)


def test_the_next_import_shows_the_remembered_readings_and_they_can_be_changed(client, county, officer_a, english):
    client.force_login(officer_a)
    ImportValueMapping.objects.create(union=county.a, field="employment_type", value="长期合同工", choice="contract")
    job = check(client, start(client, county.a, roster(employment=["长期合同工"])))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Values read as chosen" in page and "remembered from an earlier import" in page
    assert '<option value="contract" selected>' in page
    _, job = post_values(client, job, {("employment_type", "长期合同工"): "established"})
    assert job.value_mapping == {"employment_type": {"长期合同工": "established"}}
    assert ImportValueMapping.objects.get(union=county.a, value="长期合同工").choice == "established"


def test_another_unions_import_is_not_offered_the_readings(client, county, officer_a, officer_b):
    ImportValueMapping.objects.create(union=county.a, field="employment_type", value="长期合同工", choice="contract")
    client.force_login(officer_b)
    job = check(client, start(client, county.b, roster()))
    assert (job.value_mapping, job.error_count) == ({}, 4)


def test_leave_empty_is_refused_for_a_field_that_always_holds_a_value(client, county, officer_a, english):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    response, job = post_values(client, job, {("employment_type", "长期合同工"): ImportValuesForm.EMPTY})
    assert response.status_code == 200
    assert "“-” is not a reading this column offers" in response.content.decode()
    assert (job.value_mapping, ImportValueMapping.objects.count()) == ({}, 0)


def test_a_made_up_choice_is_refused_with_a_message(client, county, officer_a, english):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster()))
    response, job = post_values(client, job, {("employment_type", "长期合同工"): "boss"})
    assert "“boss” is not a reading this column offers; choose one from the list." in response.content.decode()
    assert job.value_mapping == {}


def test_gender_left_empty_is_taken_from_the_id_number(client, county, officer_a, english):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster(employment=["正式"] * 2, gender="未知")))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Leave empty: taken from the ID number" in page
    _, job = post_values(client, job, {("gender", "未知"): ImportValuesForm.EMPTY})
    assert (job.value_mapping, job.error_count) == ({"gender": {"未知": ""}}, 0)
    apply(client, job)
    assert set(Member.objects.values_list("gender", flat=True)) == {"male"}


@pytest.mark.parametrize(("field", "written", "read_as"), [
    ("employment_type", "勞務派遣", "dispatched"), ("employment_type", "臨時工", "temporary"),
    ("employment_type", "事業編制", "established"), ("employment_type", "農民工", "migrant"),
    ("political_status", "黨員", "cpc_member"), ("political_status", "共青團員", "league_member"),
    ("ethnicity", "漢族", "汉族"), ("ethnicity", "維吾爾族", "维吾尔族"), ("education", "大學本科", "bachelor"),
    ("status", "在職", "active"),
])
def test_traditional_characters_are_read(field, written, read_as):
    assert choice_parsers()[field](written) == read_as


def test_an_unknown_ethnicity_points_to_the_values_step_instead_of_listing_58_groups(client, county, officer_a,
                                                                                     english):
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster(employment=["正式"], ethnicity="汗族")))
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "“汗族” is not a value this column knows; choose how to read it under “Values to read”." in page
    assert "蒙古族、回族" not in page


def test_political_status_is_imported_shown_on_the_member_page_and_exported(client, county, officer_a, english):
    client.force_login(officer_a)
    apply(client, check(client, start(client, county.a, roster(employment=["事业编制"], political="黨員"))))
    member = Member.objects.get()
    assert (member.employment_type, member.political_status) == ("established", "cpc_member")
    page = client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert "Political status" in page and "CPC member" in page
    exported = b"".join(client.get(reverse("members:member_export_csv")).streaming_content).decode("utf-8-sig")
    header, row = exported.splitlines()[:2]
    assert "Political status" in header.split(",") and "CPC member" in row.split(",")


def test_a_values_page_posted_late_reads_the_values_it_showed(client, county, officer_a):
    """The list is ordered anew after each check: a page posted from the back button still
    reads each value it showed, and leaves alone the readings it did not show."""
    client.force_login(officer_a)
    job = check(client, start(client, county.a, roster(employment=("长期合同工", "长期合同工", "见习生"))))
    stale = values_data(job, {("employment_type", "长期合同工"): "contract"})
    post_values(client, job, {("employment_type", "长期合同工"): "contract"})
    assert job.value_mapping == {"employment_type": {"长期合同工": "contract"}}
    # The first page again, now reading 见习生 too: 长期合同工 keeps its reading.
    key = next(name for name in stale if stale[name] == "")
    stale[key] = "temporary"
    with worker_runs_it():
        client.post(reverse("members:import_values", args=[job.pk]), stale)
    job.refresh_from_db()
    assert job.value_mapping == {"employment_type": {"长期合同工": "contract", "见习生": "temporary"}}
