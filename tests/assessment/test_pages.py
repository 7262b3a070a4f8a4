"""The pages, driven through the test client: writing and publishing a rubric, the unit's
sheet saved item by item with htmx, evidence through the views, review, results, the home
panels and the index."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Evidence, Rubric, UnitAssessment
from unionadmin.models import AuditEvent

from .factories import build_rubric, build_sheet, evidence_for, fill, first_score, mark

D = Decimal
pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_federation_writes_and_publishes_a_rubric_through_the_pages(english, county, federation_admin):
    client = english
    client.force_login(federation_admin)
    response = client.post(reverse("assessment:rubric_create"), {
        "federation": county.federation.pk, "year": 2026, "title": "", "deadline": "2026-12-15", "appeal_days": 5})
    rubric = Rubric.objects.get()
    assert rubric.title == "测试县总工会 2026 target-management assessment rubric"
    version = rubric.versions.get()
    assert response.url == reverse("assessment:version_detail", args=[version.pk])
    client.post(reverse("assessment:area_create", args=[version.pk]), {"name": "组织建设", "position": 0})
    area = version.areas.get()
    response = client.post(reverse("assessment:item_create", args=[version.pk]), {
        "kind": "standard", "area": area.pk, "title": "职工入会率", "guidance": "按入会率计分", "maximum": "60",
        "position": 0, "indicator_code": "membership_rate", "rule_kind": "steps",
        "at_least_0": "100", "share_0": "100", "at_least_1": "90", "share_1": "80"})
    assert response.status_code == 302, response.context["form"].errors
    item = version.items.get()
    assert item.rule["steps"] == [{"at_least": "100.00", "share": "100.00"}, {"at_least": "90.00", "share": "80.00"}]
    response = client.post(reverse("assessment:item_create", args=[version.pk]), {
        "kind": "standard", "area": area.pk, "title": "坏规则", "maximum": "40", "position": 1,
        "indicator_code": "membership_rate", "rule_kind": "linear", "zero_at": "5", "full_at": "5"})
    assert response.status_code == 200 and "must differ" in response.text
    client.post(reverse("assessment:item_create", args=[version.pk]), {
        "kind": "standard", "area": area.pk, "title": "按期换届", "maximum": "40", "position": 1})
    client.post(reverse("assessment:item_create", args=[version.pk]) + "?kind=veto", {
        "kind": "veto", "title": "发生群体性事件", "position": 0})
    page = client.get(reverse("assessment:version_detail", args=[version.pk]))
    assert "Membership rate" in page.text and "≥ 100: 100 % of the points" in page.text
    response = client.post(reverse("assessment:version_publish", args=[version.pk]), follow=True)
    assert "The rubric is published" in response.text
    rubric.refresh_from_db()
    assert rubric.current_version == version
    # Frozen now: the editor refuses.
    response = client.get(reverse("assessment:item_edit", args=[item.pk]), follow=True)
    assert "frozen" in response.text
    # A correction, and the comparison.
    response = client.post(reverse("assessment:rubric_correct", args=[rubric.pk]))
    draft = rubric.versions.get(number=2)
    copy = draft.items.get(title="按期换届")
    client.post(reverse("assessment:item_edit", args=[copy.pk]), {
        "kind": "standard", "area": draft.areas.get().pk, "title": "按期换届", "maximum": "35", "position": 1})
    client.post(reverse("assessment:item_create", args=[draft.pk]) + "?kind=bonus", {
        "kind": "bonus", "title": "获得表彰", "maximum": "5", "position": 0})
    page = client.get(reverse("assessment:version_diff", args=[draft.pk]))
    assert "1 item added" in page.text and "1 item changed" in page.text and ">40<" in page.text.replace(" ", "")


def test_the_rubric_page_for_the_federation_and_for_a_unit(english, rubric, county, federation_admin, officer_a):
    english.force_login(federation_admin)
    page = english.get(reverse("assessment:rubric_detail", args=[rubric.pk]))
    assert "Correct the rubric" in page.text and "Units' sheets" in page.text
    english.force_login(officer_a)
    page = english.get(reverse("assessment:rubric_detail", args=[rubric.pk]))
    assert "Start the self-assessment" in page.text and "Correct the rubric" not in page.text
    response = english.post(reverse("assessment:sheet_start", args=[rubric.pk]), {"unit": county.a.pk})
    sheet = UnitAssessment.objects.get()
    assert response.url == reverse("assessment:sheet_detail", args=[sheet.pk])
    response = english.post(reverse("assessment:sheet_start", args=[rubric.pk]), {"unit": county.b.pk}, follow=True)
    assert "Choose the unit" in response.text and UnitAssessment.objects.count() == 1


def test_the_sheet_saves_as_you_go_with_htmx(english, sheet_a, officer_a):
    english.force_login(officer_a)
    page = english.get(reverse("assessment:sheet_detail", args=[sheet_a.pk]))
    assert page.status_code == 200 and "saved as soon as you change it" in page.text
    score = first_score(sheet_a)
    url = reverse("assessment:score", args=[score.pk])
    response = english.post(url, {"points": "27.5", "note": "已换届", "fragment": "status"}, **HTMX)
    assert "Saved at" in response.text and response["HX-Trigger"] == "sheetChanged"
    score.refresh_from_db()
    assert score.self_points == D("27.50")
    response = english.post(url, {"points": "99", "fragment": "status"}, **HTMX)
    assert "at most 30" in response.text and "HX-Trigger" not in response
    totals = english.get(reverse("assessment:sheet_totals", args=[sheet_a.pk]), **HTMX)
    assert 'id="self-total">27.5<' in totals.text


def test_evidence_through_the_views(english, sheet_a, officer_a):
    english.force_login(officer_a)
    score = first_score(sheet_a)
    url = reverse("assessment:evidence_upload", args=[score.pk])
    from tests.uploads import png

    bad = english.post(url, {"file": SimpleUploadedFile("x.pdf", png())}, **HTMX)
    assert "contains a PNG file" in bad.text and not Evidence.objects.exists()
    good = english.post(url, {"file": SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes")}, **HTMX)
    assert "会议记录.pdf" in good.text
    evidence = Evidence.objects.get()
    download = english.get(reverse("assessment:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert AuditEvent.objects.filter(verb="download", target_id=str(evidence.pk)).exists()
    response = english.post(reverse("assessment:evidence_delete", args=[evidence.pk]), **HTMX)
    assert response.status_code == 200 and not Evidence.objects.exists()


def test_evidence_downloads_are_scoped(client, sheet_a, officer_b, federation_admin):
    evidence = evidence_for(first_score(sheet_a))
    url = reverse("assessment:evidence_download", args=[evidence.pk])
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(federation_admin)
    assert client.get(url).status_code == 200


def test_submitting_through_the_page(english, sheet_a, officer_a):
    english.force_login(officer_a)
    response = english.post(reverse("assessment:sheet_submit", args=[sheet_a.pk]), follow=True)
    assert "still without points" in response.text
    fill(sheet_a, default="1")
    evidence_for(sheet_a.scores.get(item__evidence_required=True))
    response = english.post(reverse("assessment:sheet_submit", args=[sheet_a.pk]), follow=True)
    assert "submitted to the federation" in response.text


def test_the_review_pages_and_actions(english, sheet_a, officer_a, reviewer):
    fill(sheet_a, default="1")
    mark(sheet_a, "submitted")
    english.force_login(reviewer)
    queue = english.get(reverse("assessment:review_queue"))
    assert "甲公司工会" in queue.text
    page = english.get(reverse("assessment:sheet_review", args=[sheet_a.pk]))
    assert "Send the review to the unit" in page.text
    score = first_score(sheet_a)
    response = english.post(reverse("assessment:item_review", args=[score.pk]),
                            {"points": "25", "remark": "", "fragment": "status"}, **HTMX)
    assert "remark" in response.text
    response = english.post(reverse("assessment:item_review", args=[score.pk]),
                            {"points": "25", "remark": "缺少材料", "fragment": "status"}, **HTMX)
    assert "Reviewed at" in response.text
    english.post(reverse("assessment:sheet_release", args=[sheet_a.pk]))
    sheet_a.refresh_from_db()
    assert sheet_a.state == "reviewed"
    english.force_login(officer_a)
    page = english.get(reverse("assessment:sheet_detail", args=[sheet_a.pk]))
    assert "Appeal this item" in page.text and "缺少材料" in page.text
    english.post(reverse("assessment:appeal_create", args=[score.pk]), {"reason": "材料已补齐"})
    english.force_login(reviewer)
    score.refresh_from_db()
    english.post(reverse("assessment:appeal_answer", args=[score.appeal.pk]), {"answer": "恢复分数", "points": "30"})
    response = english.post(reverse("assessment:sheet_finalise", args=[sheet_a.pk]), follow=True)
    assert "is final" in response.text


def test_the_sheets_list_and_results_pages(english, rubric, county, reviewer, federation_admin):
    review_all_final(build_sheet(rubric, county.a))
    build_sheet(rubric, county.b)
    english.force_login(reviewer)
    page = english.get(reverse("assessment:sheet_list", args=[rubric.pk]))
    body = page.text.split("<tbody>")[1]
    assert "甲公司工会" in body and "乙学校工会" in body and "Final" in body and "Being filled in" in body
    page = english.get(reverse("assessment:sheet_list", args=[rubric.pk]), {"state": "finalised"})
    assert "甲公司工会" in page.text and "乙学校工会" not in page.text
    page = english.get(reverse("assessment:results", args=[rubric.pk]))
    assert "results-chart-data" in page.text and "Not published" in page.text and "Publish the results" not in page.text
    english.force_login(federation_admin)
    response = english.post(reverse("assessment:results_publish", args=[rubric.pk]), follow=True)
    assert "The results of 1 unit were published" in response.text


def review_all_final(sheet):
    from .factories import review_all

    fill(sheet, default="0.96")
    review_all(sheet)
    return mark(sheet, "finalised")


def test_home_panels(english, rubric, county, officer_a, reviewer):
    english.force_login(officer_a)
    page = english.get(reverse("home"))
    assert f"Self-assessment due on {rubric.deadline:%Y-%m-%d}" in page.text
    mark(fill(build_sheet(rubric, county.a), default="1"), "submitted")
    page = english.get(reverse("home"))
    assert "Self-assessment due on" not in page.text
    english.force_login(reviewer)
    page = english.get(reverse("home"))
    assert "1</span> sheet awaiting review" in page.text


def test_the_index_page(english, rubric, county, officer_a, federation_admin):
    english.force_login(federation_admin)
    page = english.get(reverse("assessment:index"))
    assert rubric.title in page.text and "New rubric" in page.text
    english.force_login(officer_a)
    page = english.get(reverse("assessment:index"))
    assert "Start the self-assessment" in page.text and "New rubric" not in page.text


def test_the_menu_shows_assessment(english, officer_a):
    english.force_login(officer_a)
    assert reverse("assessment:index") in english.get(reverse("home")).text


def test_the_sheet_and_review_pages_run_in_a_constant_number_of_queries(client, county, officer_a, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = build_sheet(build_rubric(county.federation), county.a)
    many = [(f"领域{a}", [(f"项目{a}-{i}", 10, {"evidence_required": i == 0}) for i in range(5)]) for a in range(2)]
    large = build_sheet(build_rubric(county.federation, areas=many), county.a)
    for sheet in (small, large):
        for score in sheet.scores.filter(kind="standard")[:3]:
            evidence_for(score)
    counts = {}
    for who, user, name in (("unit", officer_a, "assessment:sheet_detail"), ("review", reviewer, "assessment:sheet_review")):
        client.force_login(user)
        for sheet in (small, large):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=[sheet.pk])).status_code == 200
            counts[(who, sheet.pk)] = len(queries)
        assert counts[(who, small.pk)] == counts[(who, large.pk)], counts
