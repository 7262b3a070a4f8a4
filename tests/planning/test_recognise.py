"""Recognising a plan's structure from text and from Word files (planning.importing.recognise,
planning.importing.docx_text), with plans written for these tests in each numbering pattern."""
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from planning.importing.chinese import cn_value
from planning.importing.corrections import merge
from planning.importing.docx_text import docx_text
from planning.importing.recognise import numbered, parse_date, recognise_text
from planning.importing.service import _unsaved_tree, outline_lines, printed_numbers
from planning.importing.shapes import RecognisedPlan
from planning.models import WorkPlan
from planning.rendering import blocks_for

PLANS = Path(__file__).parent / "plans"
SKIPPED_OUTLINE = [  # plans/simple_skipped.txt
    "一、 强化思想引领",
    "  （一） 加强组织建设。",
    "  （二） 深化职工之家建设",
    "    1. 合格职工之家达到90%以上。",
    "    2. 开展“双争”活动。",
    "二、 维护职工权益",
    "  （1） 推进集体合同制度，签订率要达到80%。",  # （1） straight under 二、: level 2 there
    "  （2） 做好困难职工帮扶工作。",
    "三、 加强自身建设",
]


def recognised(name):
    return recognise_text((PLANS / name).read_text(encoding="utf-8"))


def items_of(plan):
    """The outline lines without the targets (those are the targets module's to test)."""
    return [line for line in outline_lines(plan) if not line.startswith("target: ")]


@pytest.mark.parametrize("line, style, value, text", [
    ("一、强化思想引领", "cn_dun", 1, "强化思想引领"),
    ("十二、加强自身建设", "cn_dun", 12, "加强自身建设"),
    ("（三）推进会员发展", "cn_paren", 3, "推进会员发展"),
    ("(二)推进会员发展", "cn_half_paren", 2, "推进会员发展"),
    ("1.开展活动", "ar_dot", 1, "开展活动"),
    ("2．开展活动", "ar_dot", 2, "开展活动"),  # full-width dot
    ("3. 开展活动", "ar_dot", 3, "开展活动"),  # a space after the number
    ("15、改进作风", "ar_dun", 15, "改进作风"),
    ("（1）集体协商", "ar_paren", 1, "集体协商"),
    ("(4) 集体协商", "ar_half_paren", 4, "集体协商"),
    ("⑪ 集体协商", "circled", 11, "集体协商"),
    ("１２、改进作风", "ar_dun", 12, "改进作风"),  # full-width digits
])
def test_item_numbers_in_every_style(line, style, value, text):
    found = numbered(line)
    assert (found.style, found.value, found.text) == (style, value, text)


@pytest.mark.parametrize("line", [
    "2026年是“十五五”开局之年。", "1.5万元专项经费用于帮扶。", "3月底前完成建档。", "2、3月份开展春送岗位。",
    "30%的基层工会完成换届。", "一、", "正文里的一段话。", "三、四月份开展春送岗位。",
])
def test_sentences_that_begin_with_a_number_are_not_items(line):
    assert numbered(line) is None


@pytest.mark.parametrize("line, date", [
    ("二〇一二年一月三十一日", datetime.date(2012, 1, 31)),
    ("二○一二年十二月二十日", datetime.date(2012, 12, 20)),  # ○ for 〇
    ("2012年1月31日", datetime.date(2012, 1, 31)),
    ("2026 年 2 月 5 日", datetime.date(2026, 2, 5)),
])
def test_dates_as_documents_write_them(line, date):
    assert parse_date(line) == date


def test_not_dates():
    assert parse_date("二〇一二年二月三十日") is None and parse_date("2012年全县工会工作") is None


def test_a_skipped_level_the_head_and_an_attachment_table():
    plan = recognised("simple_skipped.txt")
    assert items_of(plan) == SKIPPED_OUTLINE
    assert [item.style for item in plan.items][5:8] == ["cn_dun", "ar_paren", "ar_paren"]
    assert plan.numbering == [{"style": "cn_dun", "continuous": False}, {"style": "cn_paren", "continuous": False},
                              {"style": "ar_dot", "continuous": False}]
    # 林工发[2012]4号 with square brackets; a title over two lines; the addressee without its colon
    assert (plan.organ_code, plan.number_year, plan.sequence) == ("林工发", 2012, 4)
    assert plan.title == "某县总工会2012年工作要点"
    assert plan.addressees == "各基层工会、县直各单位工会"
    assert plan.guiding.startswith("2012年全县工会工作的总体要求是：")
    # A heading that runs in: the first sentence without its full stop; the rest is the body, and
    # a line that begins with a quantity (1.5万元, 3月底前) is body text, not an item.
    first = plan.items[1]
    assert first.heading == "加强组织建设。"
    assert first.body == "全年新建基层工会30家，新发展会员3000人。\n1.5万元专项经费用于困难职工帮扶。"
    assert plan.items[7].body == "3月底前完成建档工作。"
    assert plan.items[0].body == "" and plan.items[0].line == 7
    # The attachment list above the signature is not an attachment; the one after the 版记 is.
    assert plan.signing_organ == "某县总工会" and plan.signing_date == datetime.date(2012, 1, 31)
    assert plan.copy_to == "县委办公室，县人大办公室"
    assert [(a.title, a.body) for a in plan.attachments] == [
        ("考核细则", "项目\t分值\t标准\n组织建设\t30\t新建工会30家")]
    assert plan.notes == []


def test_numbering_that_continues_across_four_sections():
    plan = recognised("continuous.txt")
    lines = items_of(plan)
    assert lines[:5] == ["一、 突出思想政治引领", "  1、 深入学习宣传贯彻党的二十大精神。", "  2、 加强职工思想政治工作",
                         "  3、 开展劳动竞赛", "二、 推进工会组织建设"]
    assert lines[-5:] == ["四、 加强工会自身建设", "  12、 加强干部队伍建设", "  13、 规范经费管理",
                          "  14、 推进智慧工会建设", "  15、 改进工作作风"]
    assert plan.numbering == [{"style": "cn_dun", "continuous": False}, {"style": "ar_dun", "continuous": True}]
    assert printed_numbers(plan) == [item.number for item in plan.items]
    assert plan.items[11].body == "2026年春节前完成送温暖活动。"  # not an item: 2026年
    assert plan.guiding.startswith("2026年是“十五五”开局之年") and plan.addressees == ""


def test_circled_numbers_under_a_third_level():
    plan = recognised("circled.txt")
    assert items_of(plan) == [
        "一、 加强组织建设", "  （一） 推进会员发展", "    ① 新建基层工会30家", "    ② 新发展会员3000人",
        "  （二） 深化职工之家建设", "    ① 开展“双争”活动", "    ② 每季度开展一次检查",
        "二、 维护职工权益", "  （一） 推进集体协商", "    ① 签订率达到80%以上",
    ]
    assert plan.numbering[2] == {"style": "circled", "continuous": False}


def test_a_notice_carrying_the_plan_and_its_assessment_table():
    plan = recognised("notice.txt")
    assert plan.notice_title == "关于印发《某县总工会2012年工作要点》的通知"  # joined from two lines
    assert plan.addressees == "各乡镇、系统（产业）工会，县直各单位工会"  # a half-width colon
    assert plan.notice_body == "现将《某县总工会2012年工作要点》印发给你们，望结合实际认真贯彻落实。"
    assert (plan.organ_code, plan.number_year, plan.sequence) == ("林工发", 2012, 4)  # 〔〕
    assert plan.signing_organ == "某县总工会" and plan.signing_date == datetime.date(2012, 1, 31)  # 二○一二
    assert plan.title == "某县总工会2012年工作要点"
    assert plan.guiding == "2012年全县工会工作的总体要求是：以科学发展观为指导，团结动员广大职工建功立业。"
    assert items_of(plan) == ["一、 强化思想引领", "  （一） 加强宣传教育。", "  （二） 开展劳动竞赛",
                              "二、 维护职工权益", "  （一） 推进集体合同制度", "  （二） 做好帮扶工作"]
    assert [(a.title, a.body.split("\n")) for a in plan.attachments] == [("考核细则", [
        "考核项目\t分值\t考核标准", "组织建设\t30\t新建工会30家", "权益维护\t40\t签订率达到80%"])]
    assert (plan.report_to, plan.copy_to) == ("市总工会", "县委办公室，县政府办公室")  # the printing line is dropped


def test_the_plan_title_from_the_notice_when_the_plan_has_none():
    plan = recognise_text("关于印发《2026年工作要点》的通知\n各基层工会：\n现将…印发给你们。\n某县总工会\n"
                          "2026年2月1日\n一、加强组织建设\n二、维护职工权益\n")
    assert plan.title == "2026年工作要点" and plan.notice_title.startswith("关于印发")


def test_a_gap_in_the_source_numbers_is_noted():
    with translation.override("en"):
        plan = recognise_text("一、组织建设\n1、新建工会\n2、发展会员\n4、职工之家\n")
    assert printed_numbers(plan) == ["一、", "1、", "2、", "3、"]
    assert plan.notes == ["Item 4 is numbered 4、 in the source and will print as 3、."]


def test_a_text_without_items_says_so():
    plan = recognise_text("某县总工会2026年工作要点\n今年的工作是这样的。\n")
    assert plan.items == [] and len(plan.notes) == 1 and "一、" in plan.notes[0]


def test_the_addressee_is_not_a_sentence_that_ends_in_a_colon():
    plan = recognise_text("某县总工会2026年工作要点\n全年工作的总体要求是：\n团结动员广大职工。\n一、组织建设\n")
    assert plan.addressees == "" and plan.guiding == "全年工作的总体要求是：\n团结动员广大职工。"


def _numbered_docx():
    """A Word file whose items are numbered by Word (一、 and （1）), with a table."""
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/>'
        '</w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def paragraph(text, level=None):
        added = document.add_paragraph(text)
        if level is not None:
            added._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    paragraph("某县总工会2026年工作要点")
    paragraph("各基层工会：")
    paragraph("强化思想引领", 0)
    paragraph("开展宣讲。全年宣讲20场次。", 1)
    paragraph("宣讲由各乡镇工会组织。")
    paragraph("开展劳动竞赛", 1)
    paragraph("县级竞赛", 2)
    paragraph("维护职工权益", 0)
    paragraph("推进集体协商。", 1)
    paragraph("附件：考核细则")
    paragraph("某县总工会")
    paragraph("二〇二六年二月五日")
    paragraph("附件")
    paragraph("考核细则")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["项目", "分值", "标准", "组织建设", "30", "新建30家"],
                          strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_numbering_is_written_out_and_tables_become_tab_separated_rows():
    text = docx_text(_numbered_docx())
    assert text.split("\n") == [
        "某县总工会2026年工作要点", "各基层工会：", "一、强化思想引领", "（1）开展宣讲。全年宣讲20场次。",
        "宣讲由各乡镇工会组织。", "（2）开展劳动竞赛", "①县级竞赛", "二、维护职工权益", "（1）推进集体协商。",
        "附件：考核细则", "某县总工会", "二〇二六年二月五日", "附件", "考核细则", "项目\t分值\t标准", "组织建设\t30\t新建30家",
    ]
    plan = recognise_text(text)
    assert items_of(plan) == ["一、 强化思想引领", "  （1） 开展宣讲。", "  （2） 开展劳动竞赛", "    ① 县级竞赛",
                              "二、 维护职工权益", "  （1） 推进集体协商。"]
    assert plan.items[1].body == "全年宣讲20场次。\n宣讲由各乡镇工会组织。"
    assert plan.signing_date == datetime.date(2026, 2, 5)
    assert [(a.title, a.body) for a in plan.attachments] == [("考核细则", "项目\t分值\t标准\n组织建设\t30\t新建30家")]


def test_a_word_list_restarted_by_a_start_override():
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="91"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for text, num_id in [("甲", 91), ("乙", 91), ("丙", 92), ("丁", 92)]:
        document.add_paragraph(text)._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue()).split("\n") == ["1.甲", "2.乙", "1.丙", "2.丁"]


def test_a_plan_inside_a_notice_signed_again_under_its_items():
    plan = recognise_text("关于印发《2026年工作要点》的通知\n各基层工会：\n现将…印发给你们。\n某县总工会\n二〇二六年二月一日\n"
                          "2026年工作要点\n一、加强组织建设\n全年新建工会30家。\n某县总工会\n二〇二六年一月二十日\n")
    assert plan.signing_date == datetime.date(2026, 2, 1) and plan.signing_organ == "某县总工会"
    assert plan.items[0].body == "全年新建工会30家。" and plan.notes == []


def test_numbering_from_heading_styles_and_a_vertically_merged_cell():
    document = Document()
    document.part.numbering_part.element.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="93">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/>'
        '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    document.part.numbering_part.element.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="93"><w:abstractNumId w:val="93"/></w:num>'))
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        document.styles[name].element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="93"/></w:numPr>'))
    for text, style in (("强化思想引领", 1), ("学习", 2), ("宣传", 2), ("维护权益", 1), ("协商", 2)):
        document.add_paragraph(text, style=f"Heading {style}")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "组织建设"
    table.cell(0, 1).text, table.cell(1, 1).text = "30", "20"
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue()).split("\n") == [
        "一、强化思想引领", "（一）学习", "（二）宣传", "二、维护权益", "（一）协商",
        "组织建设\t30", "组织建设\t20",  # a cell merged down is repeated on each row it spans
    ]


def printed_lines(plan):
    """Each item as the document prints it: number, heading run into its text (levels 2–4)."""
    work_plan = WorkPlan(numbering=plan.numbering)
    blocks = blocks_for(work_plan.outline(_unsaved_tree(plan, work_plan)))
    return [block.number + block.heading + "".join(block.paragraphs) for block in blocks]


def test_sections_and_items_that_start_with_a_year():
    plan = recognised("year_sections.txt")  # 一、2025年工作回顾 … 1.2026年3月底前…
    assert items_of(plan) == [
        "一、 2025年工作回顾", "二、 2026年工作总体要求", "三、 2026年重点工作", "  （一） 加强组织建设。",
        "    1. 2026年3月底前完成基层工会换届工作。", "    2. 12月前完成会员实名制录入。", "  （二） 做好帮扶工作。"]
    assert plan.guiding == "" and plan.items[0].body.startswith("2025年，全县工会组织")
    found = numbered("3. 2026年底前完成工会换届。")
    assert (found.style, found.value, found.text) == ("ar_dot", 3, "2026年底前完成工会换届。")
    assert numbered("2026年工作要点") is None and numbered("1.5万元专项经费。") is None
    # A month after the number: an item when it is the next number (2.12月前… after 1.), else text.
    plan = recognise_text("一、组织建设\n1.新建工会。\n2.5万元专项经费。\n5.12月前完成。\n")
    assert len(plan.items) == 2 and plan.items[1].body == "2.5万元专项经费。\n5.12月前完成。"


def test_a_heading_keeps_its_own_mark_and_prints_as_the_source():
    source = ["（一）工作目标：全年新建工会10家。", "（二）做好哪些工作？围绕中心开展。", "1.开展劳动竞赛；组织技能比武。",
              "（1）深入学习宣传党的二十届四中全会精神，举办专题培训班2期。"]
    plan = recognise_text("某县总工会2026年工作要点\n一、组织建设\n" + "\n".join(source) + "\n")
    assert [item.heading for item in plan.items[1:]] == [
        "工作目标：", "做好哪些工作？", "开展劳动竞赛；", "深入学习宣传党的二十届四中全会精神，举办专题培训班2期。"]
    assert printed_lines(plan)[1:] == source


def test_a_heading_over_200_characters_is_cut_after_a_comma_and_nothing_is_lost():
    long = "，".join(f"进一步加强第{n}类企业工会组织建设和会员发展工作" for n in range(12)) + "，确保各项任务落到实处。"
    plan = recognise_text(f"某县总工会2026年工作要点\n一、组织建设\n（一）{long}\n")
    item = plan.items[1]
    assert len(item.heading) <= 200 and item.heading.endswith("，") and item.heading + item.body == long
    assert printed_lines(plan)[1] == "（一）" + long  # no 。 where it was cut
    # Without a comma: cut at 200, the rest goes to the text; a heading edited longer is kept too.
    plain = recognise_text("一、组织建设\n（一）" + "全" * 250 + "\n")
    assert plain.items[1].heading + plain.items[1].body == "全" * 250
    plain.items[1].heading, plain.items[1].body = "全" * 230, "正文。"
    saved = _unsaved_tree(plain, WorkPlan(numbering=plain.numbering))[1]
    assert len(saved.heading) == 200 and saved.heading + saved.body == "全" * 230 + "\n正文。"


def test_a_guiding_sentence_that_ends_in_a_colon_is_not_the_addressee():
    plan = recognise_text("某县总工会2026年工作要点\n2026年，县总工会将紧紧围绕县委中心工作，重点抓好以下几个方面：\n"
                          "一、组织建设\n")
    assert plan.addressees == "" and plan.guiding == "2026年，县总工会将紧紧围绕县委中心工作，重点抓好以下几个方面："
    assert recognise_text("工作要点\n各乡镇、系统（产业）工会，县直各单位工会：\n一、组织建设\n").addressees == (
        "各乡镇、系统（产业）工会，县直各单位工会")


def test_a_date_under_the_title_is_the_plans_date_not_a_notice():
    plan = recognise_text("青溪县总工会\n2026年工作要点\n2026年1月10日\n一、加强组织建设\n（一）推进建会入会。\n")
    assert (plan.title, plan.notice_title, plan.notice_body) == ("青溪县总工会2026年工作要点", "", "")
    assert plan.signing_date == datetime.date(2026, 1, 10) and items_of(plan)[0] == "一、 加强组织建设"


def test_a_notice_listing_the_plan_and_its_rules_the_mark_and_the_printing_line():
    plan = recognised("notice_two_attachments.txt")
    assert plan.notice_body == "现将《平安县总工会2026年工作要点》印发给你们，请结合实际，认真抓好贯彻落实。"
    assert items_of(plan)[0] == "一、 聚焦主责主业，提升服务质效" and len(plan.items) == 6
    assert [a.title for a in plan.attachments] == ["2026年度基层工会工作考核细则"]
    assert plan.mark == "平安县总工会文件"
    assert (plan.printing_organ, plan.printing_date) == ("平安县总工会办公室", datetime.date(2026, 2, 4))
    assert RecognisedPlan.from_dict(plan.as_dict()).printing_date == datetime.date(2026, 2, 4)
    # Listed only above the signature: both titles but the plan's own.
    listed = recognise_text("关于印发《平安县总工会2026年工作要点》的通知\n各基层工会：\n现将…印发给你们。\n"
                            "附件：1.平安县总工会2026年工作要点\n      2.2026年度基层工会工作考核细则\n"
                            "      3.职工之家评分表\n平安县总工会\n2026年2月3日\n一、组织建设\n")
    assert listed.notice_body == "现将…印发给你们。"
    assert [a.title for a in listed.attachments] == ["2026年度基层工会工作考核细则", "职工之家评分表"]


def test_merging_keeps_the_headings_full_stop():
    plan = recognise_text("一、组织建设\n（一）推进建会入会。\n（二）深化职工之家建设。合格职工之家达到90%以上。\n")
    merge(plan, 2)
    assert plan.items[1].body == "深化职工之家建设。\n合格职工之家达到90%以上。"


@pytest.mark.parametrize("text, value", [("一", 1), ("十五", 15), ("二十三", 23), ("一百零五", 105), ("两千", 2000),
                                         ("九十五点五", Decimal("95.5"))])
def test_chinese_numerals(text, value):
    assert cn_value(text) == value
