"""List page query count, the detail page, and the exports (DOCX and the PDF's layout)."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import PlanAttachment
from planning.rendering import render_html

from .factories import PlanItemFactory, WorkPlanFactory, issued


def _list_queries(client, user):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("planning:plan_list"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("user_fixture", ["federation_admin", "officer_a"])
def test_list_query_count_does_not_grow_with_plans(client, county, user_fixture, request):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)

    def make(n, start=0):
        for i in range(start, start + n):
            issued(WorkPlanFactory(issuer=county.federation, year=2000 + i), sequence=1)
            WorkPlanFactory(issuer=county.a, year=2000 + i)

    make(3)
    few = _list_queries(client, user)
    make(27, start=3)
    many = _list_queries(client, user)
    assert few == many


def test_list_filters_by_year_and_state(client, county, federation_admin):
    issued(WorkPlanFactory(issuer=county.federation, year=2025, title="旧计划"))
    WorkPlanFactory(issuer=county.federation, year=2026, title="新草稿")
    client.force_login(federation_admin)
    titles = lambda response: [p.title for p in response.context["object_list"]]  # noqa: E731
    assert titles(client.get(reverse("planning:plan_list"), {"year": 2025})) == ["旧计划"]
    assert titles(client.get(reverse("planning:plan_list"), {"state": "draft"})) == ["新草稿"]
    bad = client.get(reverse("planning:plan_list"), {"year": "abc", "state": "nonsense"})
    assert bad.status_code == 200 and len(titles(bad)) == 2


def test_detail_page_for_the_issuer(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_detail", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and reverse("planning:plan_preview_page", args=[plan.pk]) in html
    assert reverse("planning:plan_approve", args=[plan.pk]) in html


def test_docx_has_the_title_number_and_layout(client, plan, federation_admin):
    from docx import Document
    from docx.oxml.ns import qn

    issued(plan, sequence=4)
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "测试县总工会2026年工作要点" in texts
    assert "测工发〔2026〕4号" in texts
    assert "一、加强组织建设" in texts
    assert any(t.startswith("（一）推进会员发展。") for t in texts)
    assert "二〇二六年二月二十日" in texts
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    run = next(p for p in document.paragraphs if p.text == "一、加强组织建设").runs[0]
    assert run.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml


def _pdf(plan):
    """Through the pipeline's own rendering, from the registered kind (as a worker does)."""
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    kind = registry.get("work_plan")
    html = rendering.render_html(kind, plan, {}, "zh-hans")
    assert html == render_html(plan)  # the preview shows exactly what is printed
    return rendering.html_to_pdf(html, stylesheets=kind.stylesheets)


def test_pdf_layout_text_and_page_numbers(county, plan):
    from pypdf import PdfReader

    for i in range(12):  # enough text for several pages
        PlanItemFactory(plan=plan, parent=plan.outline()[0].item, heading=f"第{i}项工作",
                        body="围绕县委县政府中心工作，团结动员广大职工建功立业，" * 4, position=10 + i)
    PlanAttachment.objects.create(plan=plan, title="考核细则")
    plan.copy_to = "县委办公室"
    issued(plan, sequence=4)
    reader = PdfReader(io.BytesIO(_pdf(plan)))
    assert len(reader.pages) >= 2
    page = reader.pages[0]
    assert [round(float(v) * 25.4 / 72) for v in page.mediabox[2:]] == [210, 297]
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    first = "".join(reader.pages[0].extract_text().split())
    assert "测试县总工会文件" in first and "测工发〔2026〕4号" in first
    assert "测试县总工会2026年工作要点" in first and "一、加强组织建设" in first
    assert "—1—" in first
    assert "—2—" in "".join(reader.pages[1].extract_text().split())
    assert "附件：考核细则" in text and "二〇二六年二月二十日" in text and "抄送：县委办公室。" in text
