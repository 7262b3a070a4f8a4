"""The assessment demo on the demo county: two years, last year's results published, this
year's sheets in every state with a spread of grades."""
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.demo import load_demo_assessment
from assessment.models import Appeal, Result, Rubric, UnitAssessment
from assessment.outline import version_outline
from assessment.services.results import live_results
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS


@pytest.fixture
def demo(db):
    federation = load_demo(members=300).federation
    User = get_user_model()
    users = {login.username: User.objects.get(username=login.username) for login in LOGINS}
    started = time.perf_counter()
    summary = load_demo_assessment(federation, users)
    summary["seconds"] = time.perf_counter() - started
    return federation, users, summary


def test_the_demo_rubric_and_sheets(demo, client, settings):
    federation, users, summary = demo
    rubric = summary["rubric"]
    layout = version_outline(rubric.current_version)
    assert [b.area.name for b in layout.areas] == ["组织建设", "维权服务", "劳动竞赛", "困难帮扶", "经费管理", "宣传教育"]
    assert layout.standard_maximum == 100 and 38 <= len(layout.items) <= 45
    assert layout.bonus and layout.deductions and any("群体性事件" in i.title for i in layout.vetoes)
    assert any(item.indicator_code == "membership_rate" for item in layout.items)
    states = set(rubric.sheets.values_list("state", flat=True))
    assert {"draft", "submitted", "reviewed", "finalised"} <= states, summary["states"]
    rows = live_results(rubric)
    grades = {r.grade for r in rows if not r.vetoed}
    assert {"exemplary", "standard", ""} <= grades, summary["grades"]
    assert Appeal.objects.filter(score__assessment__rubric=rubric, outcome="").exists()
    # Last year is published; its ranking has every category.
    last = summary["last_year"]
    assert last.results_published and Result.objects.filter(rubric=last).count() == \
        last.sheets.count()
    assert set(Result.objects.filter(rubric=last).values_list("category", flat=True)) == \
        {"organ", "enterprise", "institution", "industry"}
    # The demo logins see what they should.
    # (the demo officer holds two roles at the union, chair and officer: one sheet all the same)
    officer_sheet = UnitAssessment.objects.filter(rubric=rubric, unit__role_assignments__user=users["officer"]) \
        .distinct().get()
    assert officer_sheet.state == "draft"
    client.force_login(users["officer"])
    assert client.get(reverse("assessment:sheet_detail", args=[officer_sheet.pk])).status_code == 200
    assert client.get(reverse("assessment:results", args=[last.pk])).status_code == 200
    client.force_login(users["fed_reviewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    waiting = rubric.sheets.filter(state="submitted").count()
    assert f"{waiting}</span> sheets awaiting review" in client.get(reverse("home")).text
    assert client.get(reverse("assessment:results", args=[rubric.pk])).status_code == 200
    # Loading again changes nothing.
    assert load_demo_assessment(federation, users)["created"] is False
    assert Rubric.objects.count() == 2
    print(f"demo assessment loaded in {summary['seconds']:.1f} s: {summary['states']} {summary['grades']}")
