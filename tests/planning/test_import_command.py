"""manage.py import_work_plan: the recognised outline printed as it will be numbered, saved as
a draft (nothing with --dry-run), and the saved plan's PDF printing the source's numbers."""
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from planning.models import PlanAttachment, PlanItem, PlanTarget, WorkPlan

from .factories import issued
from .test_recognise import SKIPPED_OUTLINE

PLANS = Path(__file__).parent / "plans"  # plans written for these tests


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_work_plan", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue().splitlines(), err.getvalue()


def counts():
    return [model.objects.count() for model in (WorkPlan, PlanItem, PlanTarget, PlanAttachment)]


def items(lines):
    return [line for line in lines if not line.startswith(("target: ", "saved plan "))]


def test_dry_run_prints_a_skipped_level_and_saves_nothing(county):
    before = counts()
    lines, _err = run(PLANS / "simple_skipped.txt", organisation=county.federation.pk, year=2012, dry_run=True)
    assert items(lines) == SKIPPED_OUTLINE
    assert "target: 合格职工之家达到90%以上 -> workers_home_qualified ≥ 90" in lines
    assert not any(line.startswith("saved plan") for line in lines)
    assert counts() == before


def _pdf_text(plan):
    from pypdf import PdfReader

    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    kind = registry.get("work_plan")
    pdf = rendering.html_to_pdf(rendering.render_html(kind, plan, {}, "zh-hans"), stylesheets=kind.stylesheets)
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_continuous_numbering_is_saved_and_printed_as_the_source_has_it(county, federation_admin):
    source = (PLANS / "continuous.txt").read_text(encoding="utf-8")
    lines, _err = run(PLANS / "continuous.txt", organisation=county.federation.pk, year=2026,
                      user=federation_admin.username)
    assert items(lines)[8:11] == ["  7、 做好会员实名制工作", "三、 维护职工合法权益", "  8、 推进集体协商，签订率要达到80%。"]
    saved = re.fullmatch(r"saved plan (\d+) (\S+)", lines[-1])
    plan = WorkPlan.objects.get(pk=saved[1])
    assert saved[2] == plan.get_absolute_url()
    assert (plan.issuer, plan.year, plan.drafted_by, plan.state) == (
        county.federation, 2026, federation_admin, WorkPlan.State.DRAFT)
    assert plan.numbering == [{"style": "cn_dun", "continuous": False}, {"style": "ar_dun", "continuous": True}]
    assert plan.items.count() == 19
    # every target printed is saved with the item (the targets module decides which are found)
    assert PlanTarget.objects.filter(item__plan=plan).count() == sum(line.startswith("target: ") for line in lines) > 0

    issued(plan, sequence=7)
    text = _pdf_text(plan)
    source_numbers = re.findall(r"^(\S+?[、])", source, flags=re.MULTILINE)
    source_numbers = [n for n in source_numbers if not n.startswith("2026")]
    assert len(source_numbers) == 19
    printed = re.findall(r"(?:[一二三四]、|(?<![\d（])\d{1,2}、)(?=[\u4e00-\u9fff])", text)
    assert printed == source_numbers
    assert "15、改进工作作风" in text and "4、推进新就业形态劳动者入会" in text


def test_circled_numbers(county):
    lines, _err = run(PLANS / "circled.txt", organisation=county.federation.pk, year=2026, dry_run=True)
    assert items(lines)[:4] == ["一、 加强组织建设", "  （一） 推进会员发展", "    ① 新建基层工会30家",
                                "    ② 新发展会员3000人"]
    assert items(lines)[-1] == "    ① 签订率达到80%以上"


def test_a_notice_with_its_attachment_table_is_saved(county):
    lines, _err = run(PLANS / "notice.txt", organisation=county.federation.pk, year=2012)
    assert items(lines) == ["一、 强化思想引领", "  （一） 加强宣传教育。", "  （二） 开展劳动竞赛",
                            "二、 维护职工权益", "  （一） 推进集体合同制度", "  （二） 做好帮扶工作"]
    plan = WorkPlan.objects.get(pk=lines[-1].split()[2])
    assert plan.notice_title == "关于印发《某县总工会2012年工作要点》的通知"
    assert plan.title == "某县总工会2012年工作要点"
    assert plan.notice_body.startswith("现将《某县总工会2012年工作要点》印发给你们")
    assert (plan.organ_code, plan.number_year, plan.sequence) == ("林工发", 2012, 4)
    assert str(plan.signing_date) == "2012-01-31" and plan.signing_organ == "某县总工会"
    assert (plan.report_to, plan.copy_to) == ("市总工会", "县委办公室，县政府办公室")
    attachment = plan.attachments.get()
    assert attachment.title == "考核细则" and attachment.body.split("\n")[1] == "组织建设\t30\t新建工会30家"
    assert plan.items.get(heading="加强宣传教育。").body == "全年开展宣讲活动20场次。"


def test_traditional_text_is_converted_with_to_simplified(county):
    path = PLANS / "traditional.txt"
    lines, err = run(path, organisation=county.federation.pk, year=2026, dry_run=True)
    assert "--to-simplified" in err
    assert items(lines)[0] == "一、 加強組織建設"
    lines, err = run(path, organisation=county.federation.pk, year=2026, dry_run=True, to_simplified=True)
    assert "--to-simplified" not in err
    assert items(lines) == ["一、 加强组织建设", "  （一） 推进会员发展。", "  （二） 深化职工之家建设",
                            "二、 维护职工权益", "  （一） 推进集体协商"]


def test_gb18030_text_and_a_word_file(county, tmp_path):
    text = (PLANS / "circled.txt").read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes(text.encode("gb18030"))
    lines, _err = run(tmp_path / "plan.txt", organisation=county.federation.pk, year=2026, dry_run=True)
    assert items(lines)[0] == "一、 加强组织建设" and len(items(lines)) == 10

    document = Document()
    for line in (PLANS / "notice.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            continue
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "考核项目", "分值"
    document.save(tmp_path / "plan.docx")
    before = counts()
    lines, _err = run(tmp_path / "plan.docx", organisation=county.federation.pk, year=2012, dry_run=True)
    assert items(lines)[:2] == ["一、 强化思想引领", "  （一） 加强宣传教育。"] and len(items(lines)) == 6
    assert counts() == before


@pytest.mark.parametrize("problem, message", [
    ("no file", "There is no file"),
    ("no organisation", "There is no organisation"),
    ("year", "2000"),
    ("no user", "There is no user"),
    ("other union", "may not change"),
    ("suffix", ".docx"),
    ("not word", "Word"),
    ("no items", "No numbered item"),
])
def test_refusals_are_clear(county, officer_a, tmp_path, settings, problem, message):
    settings.LANGUAGE_CODE = "en"
    path, options = PLANS / "circled.txt", {"organisation": county.federation.pk, "year": 2026}
    if problem == "no file":
        path = tmp_path / "missing.txt"
    elif problem == "no organisation":
        options["organisation"] = 999999
    elif problem == "year":
        options["year"] = 1990
    elif problem == "no user":
        options["user"] = "nobody"
    elif problem == "other union":
        options["user"] = officer_a.username  # a unit's officer may not draft the federation's plans
    elif problem == "suffix":
        path = tmp_path / "plan.pdf"
        path.write_bytes(b"%PDF-1.4")
    elif problem == "not word":
        path = tmp_path / "plan.docx"
        path.write_bytes(b"not a zip")
    elif problem == "no items":
        path = tmp_path / "plan.txt"
        path.write_text("某县总工会2026年工作要点\n今年的工作是这样的。\n", encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match=re.escape(message)):
        run(path, **options)
    assert counts() == before
