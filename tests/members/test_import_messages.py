"""Messages that say what was understood: a serial date is shown as the date it means; an
impossible date names the part that is impossible; unknown division codes are warned about."""
import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members.imports import values as v
from members.imports.messages import describe
from members.models import Member

from .eager import worker_runs_it
from .sheets import csv_bytes, id_number, person, xlsx_bytes
from .test_import_flow import check, start


def checked(client, union, data, name="roster.xlsx"):
    return check(client, start(client, union, data, name))


def refusal(raw):
    with pytest.raises(v.CellError) as caught:
        v.date_value(raw)
    return caught.value.code, describe(caught.value.code, caught.value.params)


def test_month_13_is_named_not_the_format():
    code, message = refusal("2011年13月1日")
    assert code == "no_such_month" and "13" in message and "not a date this import understands" not in message


def test_february_30_is_named():
    with translation.override("en"):
        code, message = refusal("2023-02-30")
    assert (code, message) == ("no_such_day", "2023-02 has no day 30 (in “2023-02-30”).")


def test_a_year_before_1900_is_named():
    with translation.override("en"):
        code, message = refusal("1850-01-01")
    assert code == "date_too_early" and message.startswith("The year 1850 is before 1900")


def test_a_serial_date_in_an_error_shows_the_date_it_means(client, county, officer_a):
    client.force_login(officer_a)
    # Born 2008, joined on Excel serial 44927 (2023-01-01): too young, and the value says which day that is.
    rows = [["小孙", "男", person(5, born=datetime.date(2008, 1, 1)), "13900005555", 44927, "初中", "正式"]]
    job = checked(client, county.a, xlsx_bytes(rows))
    assert [(e["code"], e["value"]) for e in job.errors] == [("joined_too_young", "2023-01-01 (Excel 44927)")]
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "2023-01-01 (Excel 44927)" in page


def test_impossible_dates_on_the_page_name_the_part(client, county, officer_a, english):
    client.force_login(officer_a)
    rows = [["甲", "男", person(1), "13900000001", "2023-13-01", "本科", "正式"],
            ["乙", "男", person(3), "13900000003", "2023年2月30日", "本科", "正式"]]
    job = checked(client, county.a, csv_bytes(rows), "roster.csv")
    assert [e["code"] for e in job.errors] == ["no_such_month", "no_such_day"]
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "There is no month 13 (in “2023-13-01”)." in page and "2023-02 has no day 30" in page
    assert "not a date this import understands" not in page


def test_an_unknown_division_code_is_a_warning_listed_apart_and_imported(client, county, officer_a, english):
    client.force_login(officer_a)
    known = id_number("11010519900101001")  # 110105: 北京市朝阳区
    rows = [["甲", "男", known, "13900000001", "2020-01-01", "本科", "正式"],
            ["乙", "男", person(3), "13900000003", "2020-01-01", "本科", "正式"],  # 513099: no such county
            ["丙", "男", person(5), "123", "2020-01-01", "本科", "正式"]]  # refused: its warning goes with its errors
    job = checked(client, county.a, csv_bytes(rows), "roster.csv")
    assert job.error_count == 1 and [(w["row"], w["code"]) for w in job.warnings] == [(3, "division_unknown")]
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "To look at: 1 row" in page and "Division code 513099 is not known." in page
    assert person(3)[:6] + "********" + person(3)[-4:] in page  # the code in question, the rest masked
    with worker_runs_it():
        client.post(reverse("members:import_apply_valid", args=[job.pk]))
    assert sorted(Member.objects.values_list("name", flat=True)) == ["乙", "甲"]
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "These rows were imported; check them against the documents." in page
