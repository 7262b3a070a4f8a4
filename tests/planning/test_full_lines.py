"""Full lines (issue 16 item 7): every line of a body paragraph — a run-in heading's too — but its last ends at the right
margin of the 28-character grid, whatever the punctuation — Chinese quotes “” 《》 （）, 90%,
ASCII — in the printed PDF (glyph positions read back with ``pdftotext -bbox-layout``), and the
DOCX justifies its paragraphs."""
import io
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

import pytest

from planning import rendering

from .factories import PlanItemFactory, WorkPlanFactory, issued

PT_MM = 25.4 / 72
RIGHT_EDGE_MM = rendering.PAGE_WIDTH_MM - rendering.MARGIN_RIGHT_MM  # 184
LEFT_EDGE_MM = rendering.MARGIN_LEFT_MM

# Body paragraphs as offices write them: quotes, book-title marks, brackets, percentages, ASCII.
PARAGRAPHS = [
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，围绕“十四五”规划目标，"
    "认真落实《中华人民共和国工会法》和《中国工会章程》，团结动员广大职工建功立业。",
    "推进“职工之家”建设，合格职工之家达到90%以上，先进职工之家（含模范职工小家）达到30%以上，"
    "新建会员单位入会率达100%，“会、站、家”一体化建设覆盖率达到85%以上。",
    "深化“互联网+”普惠服务，推广App和微信公众号（ID：zggh2026），全年开展“金秋助学”“送温暖”"
    "“夏送清凉”等活动不少于3次，发放慰问金共计120.5万元（其中困难职工帮扶资金占60%）。",
    "落实《关于加强新就业形态劳动者权益保障的指导意见》（人社部发〔2021〕56号），"
    "推动快递员、外卖送餐员、网约车司机等群体入会，签订率要达到80%，“一函两书”制度全面推行。",
    "每季度召开一次工作例会，听取各基层工会“建家”工作汇报；每半年开展一次督查，"
    "结果纳入年度考核（占总分的20%），对考核排名后三位的单位进行约谈。",
]

# Its 24th character is a comma, the 27th of the first line after （三） and the indent: the comma
# may not start the second line, so the character before it goes down with it and, unspaced,
# the first line would end a character and its letter-spacing short.
LONG_HEADING = "持续深化产业工人队伍建设改革围绕全县重点产业链，组织开展职业技能竞赛和“工匠人才”培育选树活动"


def _plan(county):
    plan = WorkPlanFactory(issuer=county.federation, title="测试县总工会2026年工作要点",
                           guiding=PARAGRAPHS[0])
    one = PlanItemFactory(plan=plan, heading="加强组织建设", body="\n".join(PARAGRAPHS[1:3]), position=0)
    PlanItemFactory(plan=plan, parent=one, heading="推进会员发展", body="\n".join(PARAGRAPHS[3:]), position=0)
    PlanItemFactory(plan=plan, parent=one, heading="深化“职工之家”建设", body=PARAGRAPHS[1], position=1)
    # A run-in heading over two lines (issue 16 review, finding 12): its lines fill the grid too.
    PlanItemFactory(plan=plan, parent=one, heading=LONG_HEADING, body=PARAGRAPHS[4], position=2)
    PlanItemFactory(plan=plan, heading="维护职工权益", body="\n".join(reversed(PARAGRAPHS)), position=1)
    return issued(plan, sequence=4)


def _pdf(plan):
    """Through the pipeline's own rendering, from the registered kind (as a worker does)."""
    from unionadmin.documents import rendering as pipeline
    from unionadmin.documents.kinds import registry

    kind = registry.get("work_plan")
    html = pipeline.render_html(kind, plan, {}, "zh-hans")
    if os.environ.get("FULL_LINES_HTML"):
        open(os.environ["FULL_LINES_HTML"], "w").write(html)
    return pipeline.html_to_pdf(html, stylesheets=kind.stylesheets)


def _lines(pdf: bytes) -> list[dict]:
    """The text lines of the PDF in reading order: page, top, left and right edges in mm, text."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "plan.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out).replace(b'xmlns="http://www.w3.org/1999/xhtml"', b""))
    lines = []
    for number, page in enumerate(root.iter("page")):
        for line in page.iter("line"):
            words = list(line.iter("word"))
            lines.append({
                "page": number,
                "top": float(line.get("yMin")) * PT_MM,
                "left": min(float(w.get("xMin")) for w in words) * PT_MM,
                "right": max(float(w.get("xMax")) for w in words) * PT_MM,
                "text": "".join("".join(w.text.split()) for w in words),
            })
    return sorted(lines, key=lambda line: (line["page"], round(line["top"], 1), line["left"]))


def _paragraph_lines(lines: list[dict], paragraphs: list[str]) -> list[list[dict]]:
    """The printed lines of each paragraph, found by following its text from line to line."""
    found, i = [], 0
    for paragraph in paragraphs:
        text = "".join(paragraph.split())
        while not text.startswith(lines[i]["text"]):
            i += 1
        own, consumed = [], ""
        while consumed != text:
            if not re.fullmatch(r"—\d+—", lines[i]["text"]):  # a page number between two lines
                own.append(lines[i])
                consumed += lines[i]["text"]
                assert text.startswith(consumed), (paragraph, consumed)
            i += 1
        found.append(own)
    return found


def _printed_paragraphs(plan) -> list[str]:
    context = rendering.document_context(plan)
    texts = list(context["guiding"])
    for block in context["blocks"]:
        rest = list(block.paragraphs)
        first = block.number + block.heading + (rest.pop(0) if block.run_in and rest else "")
        texts += [first, *rest]
    return texts


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_every_line_but_the_last_of_a_paragraph_reaches_the_right_margin(county):
    plan = _plan(county)
    pdf = _pdf(plan)
    if os.environ.get("FULL_LINES_PDF"):  # to look at it: FULL_LINES_PDF=/tmp/plan.pdf
        with open(os.environ["FULL_LINES_PDF"], "wb") as f:
            f.write(pdf)
    paragraphs = _paragraph_lines(_lines(pdf), _printed_paragraphs(plan))
    assert sum(len(own) - 1 for own in paragraphs) >= 20  # enough wrapped lines to mean something
    short = []
    for own in paragraphs:
        for line in own[1:]:  # the rules of line breaking still hold: 。 never starts a line, 《 never ends one
            assert line["text"][0] not in "，。、；：？！）》”", line
        for line in own[:-1]:
            assert line["text"][-1] not in "（《“", line
            assert line["left"] >= LEFT_EDGE_MM - 0.5 and line["right"] <= RIGHT_EDGE_MM + 0.5, line
            # Half a character: a line a character short less its letter-spacing (5.5 mm, the run-in
            # heading before it was spaced) or a half-width character short is caught.
            if RIGHT_EDGE_MM - line["right"] > rendering.CHAR_MM / 2:
                short.append(f'{RIGHT_EDGE_MM - line["right"]:.1f} mm short: {line["text"]}')
    assert not short, "\n".join(short)


@pytest.mark.parametrize("text, expected", [
    ("达到90%以上", "达 到 90% 以 上"),  # half-width runs stay whole
    ("开展“金秋助学”活动，共3次。", "开 展 “金 秋 助 学” 活 动， 共 3 次。"),  # none before a closing mark, none after an opening one
    ("落实《工会法》（2021）", "落 实 《工 会 法》 （2021）"),
    ("推广 App 平台……等", "推 广\u2002App\u2002平 台…… 等"),  # a typed space keeps its width (en space)
    ("", ""),
])
def test_the_justification_spaces_go_only_where_a_line_may_break(text, expected):
    from planning.templatetags.grid_lines import spaced

    assert spaced(text) == expected


def test_the_docx_justifies_every_body_paragraph(client, county, federation_admin):
    """Word spreads a justified (两端对齐, w:jc="both") line of Chinese over its characters; the
    last line of a paragraph stays as it is."""
    from django.urls import reverse
    from docx import Document
    from docx.oxml.ns import qn

    plan = _plan(county)
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    printed = _printed_paragraphs(plan)
    alignments = []
    for paragraph in Document(io.BytesIO(response.content)).paragraphs:
        if paragraph.text in printed:
            jc = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            alignments.append(jc.get(qn("w:val")) if jc is not None else None)
    assert len(alignments) == len(printed) >= 10 and set(alignments) == {"both"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_shows_the_justification_spaces_zero_wide(county, federation_admin, live_server, page_at, screenshot):
    """In the browser's live preview the spaces between the characters take no room (the one-glyph
    font of work_plan_screen.css, allowed by the preview's own policy), so the text reads as
    it prints."""
    from django.urls import reverse

    from ..browser.fixtures import log_in
    from ..conftest import PASSWORD

    plan = _plan(county)
    page = page_at(1280, 900)
    log_in(page, live_server, federation_admin.username, PASSWORD)
    page.goto(live_server.url + reverse("planning:plan_preview_page", args=[plan.pk]))
    page.evaluate("document.fonts.ready")
    widths = page.evaluate("""() => {
      document.body.style.textAlign = 'left';  // unjustified: the spaces at their own width
      const text = document.querySelector('p.gw-p').firstChild;
      const measure = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                               return r.getBoundingClientRect().width; };
      const space = text.data.indexOf(' ');
      const widths = {space: measure(space), character: measure(space - 1)};
      document.body.style.textAlign = '';
      return widths;
    }""")
    screenshot(page, "planning-preview-full-lines")
    assert widths["character"] > 15 and widths["space"] < 0.5, widths
