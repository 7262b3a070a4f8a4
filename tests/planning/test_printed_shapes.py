"""The printed plan as the source has it: numbering styles (a skipped level, 1、 … 15、 across
sections, ①, half-width (一)) in the PDF and the DOCX, the notice shape with an attachment
table, the printing date of an old plan, a signature without an organ, and 抄报 above 抄送;
and editing those in the header, item and attachment forms."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from planning import services
from planning.docx import plan_docx
from planning.models import PlanAttachment, WorkPlan
from planning.rendering import CHARS_PER_LINE, document_context, render_html, signature_offsets

from .factories import PlanItemFactory, WorkPlanFactory, issued

HTMX = {"HTTP_HX_REQUEST": "true"}


def _pdf_pages(plan) -> list[str]:
    """The text of each page of the PDF the pipeline renders (as a worker does), without
    whitespace."""
    from pypdf import PdfReader

    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    kind = registry.get("work_plan")
    html = rendering.render_html(kind, plan, {}, "zh-hans")
    reader = PdfReader(io.BytesIO(rendering.html_to_pdf(html, stylesheets=kind.stylesheets)))
    return ["".join(page.extract_text().split()) for page in reader.pages]


def _docx_paragraphs(plan) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(plan_docx(plan))).paragraphs]


def _in_order(text, parts):
    """Each part found after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not after {text[max(at - 20, 0):at]!r}"
        at = found + len(part)


def _tree(plan, shape):
    """Items from ``(heading, [children…])`` pairs, in order."""
    def add(entries, parent):
        for position, (heading, children) in enumerate(entries):
            item = PlanItemFactory(plan=plan, parent=parent, heading=heading, body="", position=position)
            add(children, item)
    add(shape, None)
    return plan


@pytest.fixture
def skipped_level(county):
    """（1） directly under 一、: the second level numbered in the fourth level's style."""
    plan = WorkPlanFactory(issuer=county.federation, title="跳级编号的工作要点")
    _tree(plan, [("加强组织建设", [("推进会员发展", []), ("深化职工之家建设", [])]),
                 ("维护职工权益", [("推行集体合同", [])])])
    plan.items.filter(parent__isnull=False).update(number_style="ar_paren")
    return plan


@pytest.fixture
def continuous(county):
    """1、 … 15、 through four sections: the second level continues across them."""
    plan = WorkPlanFactory(issuer=county.federation, title="连续编号的工作要点",
                           numbering=[{"style": "cn_dun"}, {"style": "ar_dun", "continuous": True}])
    count = iter(range(1, 16))
    return _tree(plan, [(f"第{section}部分", [(f"第{next(count)}项工作", []) for _ in range(size)])
                        for section, size in zip("一二三四", (4, 4, 4, 3), strict=True)])


@pytest.fixture
def circled(county):
    """① under 1. under （一） under 一、."""
    plan = WorkPlanFactory(issuer=county.federation, title="圈码编号的工作要点",
                           numbering=[{"style": "cn_dun"}, {"style": "cn_paren"}, {"style": "ar_dot"},
                                      {"style": "circled"}])
    return _tree(plan, [("组织建设", [("会员发展", [("农民工入会", [("摸清底数", []), ("集中入会", [])])])])])


@pytest.fixture
def half_width(county):
    """Half-width (一) on the second level, as a source typed in Word may have it."""
    plan = WorkPlanFactory(issuer=county.federation, title="半角括号的工作要点",
                           numbering=[{"style": "cn_dun"}, {"style": "cn_half_paren"}])
    return _tree(plan, [("组织建设", [("会员发展", []), ("职工之家", [])]), ("权益维护", [("集体协商", [])])])


# Each pattern: the lines the PDF and DOCX must show, and numbers they must not.
PATTERNS = {
    "skipped_level": (["一、加强组织建设", "（1）推进会员发展", "（2）深化职工之家建设", "二、维护职工权益",
                       "（1）推行集体合同"], ["（一）", "（3）"]),
    "continuous": (["一、第一部分", "1、第1项工作", "4、第4项工作", "二、第二部分", "5、第5项工作",
                    "四、第四部分", "13、第13项工作", "15、第15项工作"], ["16、"]),
    "circled": (["一、组织建设", "（一）会员发展", "1.农民工入会", "①摸清底数", "②集中入会"], ["（1）"]),
    "half_width": (["一、组织建设", "(一)会员发展", "(二)职工之家", "二、权益维护", "(一)集体协商"], ["（一）"]),
}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_pdf_and_the_docx_print_the_numbers_of_the_source(pattern, request):
    plan = request.getfixturevalue(pattern)
    shown, absent = PATTERNS[pattern]
    numbers = [node.number + node.item.heading for node in plan.outline()]
    assert [line for line in shown if line in numbers] == shown  # the outline itself
    pdf = "".join(_pdf_pages(plan))
    docx = _docx_paragraphs(plan)
    for line in shown:
        assert line in pdf
        assert any(p.startswith(line) for p in docx), line
    for number in absent:
        assert number not in pdf and not any(number in p for p in docx)


def test_continuous_numbers_follow_each_other_in_print(continuous):
    pdf = "".join(_pdf_pages(continuous))
    _in_order(pdf, [f"{n}、第{n}项工作" for n in range(1, 16)])
    # Not started again under the second section, and fifteen in all.
    assert "1、第5项工作" not in pdf and "16、" not in pdf


def test_level_faces_stay_by_depth_whatever_the_style(circled):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(plan_docx(circled)))
    faces = {p.text: p.runs[0].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for p in document.paragraphs
             if p.runs}
    assert faces["一、组织建设"] == "黑体" and faces["（一）会员发展"] == "楷体"
    assert faces["1.农民工入会"] == faces["①摸清底数"] == "仿宋"


@pytest.fixture
def notice(county):
    """A plan issued inside a notice, with an assessment table attached, 抄报 and 抄送."""
    plan = WorkPlanFactory(
        issuer=county.federation, title="测试县总工会2026年工作要点",
        notice_title="关于印发《测试县总工会2026年工作要点》的通知",
        notice_body="现将《测试县总工会2026年工作要点》印发给你们，请结合实际认真贯彻落实。",
        guiding="2026年全县工会工作的总体要求是：围绕中心，服务大局。",
        report_to="市总工会", copy_to="县委办公室，县政府办公室", signing_date=datetime.date(2026, 2, 20),
        printing_date=datetime.date(2026, 2, 21),
    )
    _tree(plan, [("加强组织建设", [("推进会员发展", [])]), ("维护职工权益", [])])
    PlanAttachment.objects.create(plan=plan, position=0, title="基层工会工作考核细则", body=(
        "考核满分100分，按以下项目计分。\n"
        "项目\t考核内容\t分值\n"
        "组织建设\t入会率达到90%以上\t30\n"
        "权益维护\t集体合同签订率达到80%\t40\n"
        "职工之家\t建成合格职工之家\n"
        "未列项目另行通知。"))
    PlanAttachment.objects.create(plan=plan, position=1, title="上年工作总结")
    return issued(plan, sequence=4)


def test_a_notice_prints_in_the_order_of_the_standard(notice):
    pages = _pdf_pages(notice)
    # The notice (its signature may take a page of its own), then the plan and the attachment
    # each from the top of a new page.
    plan_at = next(i for i, page in enumerate(pages) if page.startswith("测试县总工会2026年工作要点"))
    first, (plan_page, annex) = "".join(pages[:plan_at]), pages[plan_at:]
    order = ["测试县总工会文件", "测工发〔2026〕4号", "关于印发《测试县总工会2026年工作要点》的通知", "各基层工会：",
             "现将《测试县总工会2026年工作要点》印发给你们", "附件：1.基层工会工作考核细则", "2.上年工作总结",
             "测试县总工会", "二〇二六年二月二十日"]
    _in_order(first, order)
    assert "一、加强组织建设" not in first
    assert plan_page.startswith("测试县总工会2026年工作要点2026年全县工会工作的总体要求是")
    assert plan_page.index("一、加强组织建设") < plan_page.index("（一）推进会员发展") < plan_page.index("二、维护职工权益")
    # 附件1 at the top left, the title, the text, then the table row by row, then the colophon.
    assert annex.startswith("附件1基层工会工作考核细则考核满分100分")
    table = ["项目考核内容分值", "组织建设入会率达到90%以上30", "权益维护集体合同签订率达到80%40", "职工之家建成合格职工之家",
             "未列项目另行通知。", "抄报：市总工会。", "抄送：县委办公室，县政府办公室。", "测试县总工会2026年2月21日印发"]
    _in_order(annex, table)
    assert "上年工作总结" not in annex  # an attachment without a text is only listed


def test_a_notice_in_the_docx_has_the_same_order_and_the_table(notice):
    from docx import Document

    document = Document(io.BytesIO(plan_docx(notice)))
    texts = [p.text for p in document.paragraphs]
    order = ["关于印发《测试县总工会2026年工作要点》的通知", "各基层工会：",
             "现将《测试县总工会2026年工作要点》印发给你们，请结合实际认真贯彻落实。", "附件：1.基层工会工作考核细则",
             "测试县总工会", "二〇二六年二月二十日", "测试县总工会2026年工作要点", "一、加强组织建设", "附件1",
             "基层工会工作考核细则", "考核满分100分，按以下项目计分。", "未列项目另行通知。", "抄报：市总工会。",
             "抄送：县委办公室，县政府办公室。"]
    positions = [texts.index(part) for part in order]
    assert positions == sorted(positions)
    for title in ("测试县总工会2026年工作要点", "附件1"):
        assert document.paragraphs[texts.index(title)].paragraph_format.page_break_before
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["项目", "考核内容", "分值"], ["组织建设", "入会率达到90%以上", "30"], ["权益维护", "集体合同签订率达到80%", "40"],
        ["职工之家", "建成合格职工之家", ""]]
    assert "测试县总工会文件" in texts[0] and document.core_properties.title.endswith("的通知")


def test_an_old_plan_is_printed_on_its_signing_date(county, federation_admin):
    old = _tree(WorkPlanFactory(issuer=county.federation, year=2012, signing_date=datetime.date(2012, 1, 31)),
                [("组织建设", [])])
    current = _tree(WorkPlanFactory(issuer=county.federation, year=timezone.localdate().year), [("组织建设", [])])
    for plan in (old, current):
        services.plan_approve(plan, federation_admin)
        services.plan_issue(plan, federation_admin)
        plan.refresh_from_db()
    assert old.printing_date == datetime.date(2012, 1, 31)
    assert current.printing_date == current.signing_date == timezone.localdate()
    assert document_context(old)["printing_date"] == "2012年1月31日"


def test_a_printing_date_entered_is_kept_at_issue(county, federation_admin):
    plan = _tree(WorkPlanFactory(issuer=county.federation, year=2012, signing_date=datetime.date(2012, 1, 31),
                                 printing_date=datetime.date(2012, 2, 3)), [("组织建设", [])])
    services.plan_approve(plan, federation_admin)
    services.plan_issue(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.printing_date == datetime.date(2012, 2, 3)


def test_without_a_signing_organ_only_the_date_is_printed_in_its_place(plan):
    plan.signing_organ = ""
    plan.printing_organ = "测试县总工会办公室"
    issued(plan, sequence=4)
    html = render_html(plan)
    assert 'class="gw-organ"' not in html
    context = document_context(plan)
    assert context["signing_organ"] == "" and context["signing_date"] == "二〇二六年二月二十日"
    # The date two characters from the right, as when it is longer than the organ.
    assert signature_offsets("", "二〇二六年二月二十日")[1] == CHARS_PER_LINE - 2 - len("二〇二六年二月二十日")
    assert "二、维护职工权益二〇二六年二月二十日" in "".join(_pdf_pages(plan))
    texts = _docx_paragraphs(plan)
    date = texts.index("二〇二六年二月二十日")
    assert texts[date - 1] == "二、维护职工权益"  # no organ line above the date


def test_report_to_is_printed_above_copy_to(plan):
    plan.report_to, plan.copy_to = "市总工会", "县委办公室。"
    issued(plan, sequence=4)
    pdf = "".join(_pdf_pages(plan))
    assert pdf.index("抄报：市总工会。") < pdf.index("抄送：县委办公室。")
    texts = _docx_paragraphs(plan)
    assert texts.index("抄报：市总工会。") + 1 == texts.index("抄送：县委办公室。")


# --- Editing ---------------------------------------------------------------------------------

def _header(plan, **changes):
    data = {"title": plan.title, "organ_code": plan.organ_code, "number_year": plan.year,
            "numbering_1_style": "cn_dun", "numbering_2_style": "ar_dun", "numbering_2_continuous": "on",
            "numbering_3_style": "circled", "numbering_4_style": "ar_paren"}
    return {**data, **changes}


def test_the_header_form_stores_the_numbering_and_the_notice(client, plan, federation_admin):
    client.force_login(federation_admin)
    url = reverse("planning:plan_edit", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'name="numbering_2_continuous"' in page and "一、 二、 三、" in page and "① ② ③" in page
    assert 'name="numbering_1_continuous"' not in page  # the top level has no sections above it
    response = client.post(url, _header(plan, notice_title="关于印发《要点》的通知", notice_body="现将要点印发给你们。",
                                        report_to="市总工会", signing_organ=""), **HTMX)
    assert response.status_code == 200 and "planChanged" in response["HX-Trigger"]
    plan.refresh_from_db()
    assert plan.numbering == [{"style": "cn_dun", "continuous": False}, {"style": "ar_dun", "continuous": True},
                              {"style": "circled", "continuous": False}, {"style": "ar_paren", "continuous": False}]
    assert (plan.notice_title, plan.notice_body, plan.report_to, plan.signing_organ) == (
        "关于印发《要点》的通知", "现将要点印发给你们。", "市总工会", "")
    assert [node.number for node in plan.outline()] == ["一、", "1、", "2、", "二、"]


def test_an_unknown_numbering_style_is_a_form_error(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_edit", args=[plan.pk]),
                           _header(plan, numbering_2_style="roman"), **HTMX)
    assert response.status_code == 200 and "numbering_2_style" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.numbering == []


def test_an_item_may_take_another_style_than_its_level(client, plan, federation_admin):
    client.force_login(federation_admin)
    item = plan.items.get(heading="推进会员发展")
    url = reverse("planning:item_edit", args=[item.pk])
    form = client.get(url, **HTMX).content.decode()
    assert 'name="number_style"' in form and "（1） （2） （3）" in form
    response = client.post(url, {"heading": item.heading, "body": item.body, "number_style": "ar_paren"}, **HTMX)
    assert response.status_code == 200
    assert [node.number for node in WorkPlan.objects.get(pk=plan.pk).outline()][:3] == ["一、", "（1）", "（一）"]
    bad = client.post(url, {"heading": item.heading, "number_style": "x"}, **HTMX)
    assert "number_style" in bad.context["form"].errors


def test_an_attachment_may_carry_its_text(client, plan, federation_admin):
    client.force_login(federation_admin)
    url = reverse("planning:attachment_new", args=[plan.pk])
    assert 'name="body"' in client.get(url).content.decode()
    response = client.post(url, {"title": "考核细则", "body": "项目\t分值\n组织建设\t30"})
    assert response.status_code == 302
    assert PlanAttachment.objects.get().body == "项目\t分值\n组织建设\t30"
    context = document_context(plan)
    [printed] = context["printed_attachments"]
    assert printed.label == "附件" and printed.parts[0].rows == [["项目", "分值"], ["组织建设", "30"]]
