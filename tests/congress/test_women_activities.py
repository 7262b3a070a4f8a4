"""Women workers' activities: recorded with an optional photo or scan through the upload policy,
listed by year and kind with totals per kind, exported as XLSX."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from congress.models import WomenActivity
from tests import uploads as u
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_women import WomenActivityFactory

YEAR = timezone.localdate().year


@pytest.fixture
def officer(county):
    return RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user


def form(county, **extra):
    return {"union": county.a.pk, "kind": "screening", "held_on": f"{YEAR}-01-05", "title": "女职工两癌筛查",
            "place": "县人民医院", "participants": "40", "members_taking_part": "38", "cost": "8000", "note": "",
            **extra}


def test_an_activity_is_recorded_with_its_photo_stored_under_a_random_name(english, county, officer):
    english.force_login(officer)
    response = english.post("/congress/women/activities/new/", form(county, file=u.upload("合影.png", u.png())))
    assert response.status_code == 302
    activity = WomenActivity.objects.get()
    assert activity.file_name == "合影.png" and u.RANDOM_NAME.search(activity.file.name)
    download = english.get(f"/congress/women/activities/{activity.pk}/file/")
    assert download["Content-Type"] == "image/png" and "attachment" in download["Content-Disposition"]


def test_a_web_page_posing_as_a_photo_is_refused_and_nothing_is_saved(english, county, officer):
    english.force_login(officer)
    response = english.post("/congress/women/activities/new/", form(county, file=u.upload("合影.png", u.HTML)))
    assert "cannot be uploaded" in response.content.decode()
    assert not WomenActivity.objects.exists()


def test_more_members_than_women_taking_part_is_refused(english, county, officer):
    english.force_login(officer)
    response = english.post("/congress/women/activities/new/", form(county, members_taking_part="41"))
    assert "cannot be more than the women taking part" in response.content.decode()
    assert not WomenActivity.objects.exists()


def test_the_list_filters_by_year_and_kind_and_totals_each_kind(english, county, officer):
    WomenActivityFactory(union=county.a, kind="screening", participants=40, members_taking_part=38,
                         cost=Decimal("8000"), held_on=datetime.date(YEAR, 1, 5), title="两癌筛查")
    WomenActivityFactory(union=county.a, kind="march8", participants=60, members_taking_part=55,
                         cost=Decimal("3000"), held_on=datetime.date(YEAR, 1, 8), title="三八趣味运动会")
    WomenActivityFactory(union=county.a, kind="march8", participants=50, members_taking_part=50,
                         held_on=datetime.date(YEAR - 1, 3, 8), title="去年三八活动")
    WomenActivityFactory(union=county.b, title="乙校的活动", held_on=datetime.date(YEAR, 1, 6))
    english.force_login(officer)
    page = english.get(f"/congress/women/activities/?year={YEAR}").content.decode()
    assert "两癌筛查" in page and "三八趣味运动会" in page
    assert "去年三八活动" not in page and "乙校的活动" not in page
    # Totals: screening 1 activity 40 women; March 8th 1 activity 60 women; all 2 activities 100 women.
    totals = page[page.index("<tbody>"):]
    assert "100" in totals and "8000.00" in totals and "11000.00" in totals
    only_march = english.get(f"/congress/women/activities/?year={YEAR}&kind=march8").content.decode()
    assert "三八趣味运动会" in only_march and "两癌筛查" not in only_march
    # A value that makes no sense is ignored: the whole list, never an error.
    assert english.get("/congress/women/activities/?year=abc&kind=party").status_code == 200


def test_the_export_holds_the_filtered_activities_of_the_officers_union_only(client, county, officer):
    WomenActivityFactory(union=county.a, kind="training", title="=HYPERLINK(\"x\")", participants=20,
                         members_taking_part=18)
    WomenActivityFactory(union=county.b, title="乙校的活动")
    client.force_login(officer)
    response = client.get(f"/congress/women/activities/export.xlsx?year={YEAR}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][3] == "'=HYPERLINK(\"x\")"  # a formula stays text
    assert rows[0][5] == 20 and rows[0][6] == 18


def test_another_unions_officer_neither_lists_nor_opens_the_activity(client, county):
    activity = WomenActivityFactory(union=county.a, title="甲公司三八活动")
    client.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.b).user)
    assert "甲公司三八活动" not in client.get("/congress/women/activities/").content.decode()
    assert client.get(f"/congress/women/activities/{activity.pk}/edit/").status_code == 404


def test_the_edit_page_links_the_file_through_the_scoped_download_not_its_storage_path(english, county, officer):
    english.force_login(officer)
    english.post("/congress/women/activities/new/", form(county, file=u.upload("签到表.pdf", u.PDF)))
    activity = WomenActivity.objects.get()
    page = english.get(f"/congress/women/activities/{activity.pk}/edit/").content.decode()
    assert f"/congress/women/activities/{activity.pk}/file/" in page and "签到表.pdf" in page
    assert activity.file.name not in page


def test_the_same_activity_sent_twice_is_recorded_once_with_a_message(english, county, officer):
    english.force_login(officer)
    english.post("/congress/women/activities/new/", form(county))
    again = english.post("/congress/women/activities/new/", form(county))
    assert again.status_code == 200 and "already" in again.content.decode()
    assert WomenActivity.objects.count() == 1
