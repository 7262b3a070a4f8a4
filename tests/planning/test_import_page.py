"""The "Import a plan" page, branch by branch: a pasted text or a Word file becomes an outline
beside its source; a bad file is refused in words; Traditional text and half-width punctuation
are offered their conversions; promote, demote, merge, split and remove change the outline and
the numbers it will print; a changed page state, an issuer outside the person's scope and a
double click are each answered without a server error; "Save as draft" saves the draft."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import PlanItem, PlanTarget, WorkPlan
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.forms import page_form

URL = "/planning/import/"

PLAN = """测试县总工会文件
测工发〔2026〕5号
测试县总工会2026年工作要点
各基层工会：
现将2026年工作安排如下。
一、加强组织建设
（一）扩大组织覆盖。全县职工入会率达到95%以上。
新建一批新就业形态工会。
（二）推进职工之家建设。合格职工之家达到90%以上。
二、维护职工权益
1、推进集体协商。集体合同签订率要达到80%以上。
2、做好困难职工帮扶。
测试县总工会
2026年1月20日"""

TRADITIONAL = """測試縣總工會2026年工作要點
一、加強組織建設
（一）擴大組織覆蓋。全縣職工入會率達到95%以上。
二、維護職工權益
（一）推進集體協商。"""


@pytest.fixture
def officer(county, english, federation_admin):
    english.force_login(federation_admin)
    return english


def _source(client, county, text="", upload=None, year=2026):
    data = {"step": "source", "issuer": county.federation.pk, "year": year, "text": text}
    if upload is not None:
        data["file"] = upload
    return client.post(URL, data)


def _check(client, response, action="refresh", **changes):
    """Post the outline page back as the browser would, with ``changes`` to its fields."""
    data = {**page_form(response.content.decode()), **changes, "action": action}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def _outline(response) -> list[str]:
    """The outline as the page shows it: level, printed number and heading of each item."""
    html = response.content.decode()
    rows = re.findall(r'<li class="import-item level-(\d)".*?<span class="plan-number">([^<]*)</span>'
                      r"<strong>([^<]*)</strong>", html, re.S)
    return [f"{level} {number}{heading}" for level, number, heading in rows]


def _docx(lines) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("工作要点.docx", buffer.getvalue())


EXPECTED = ["1 一、加强组织建设", "2 （一）扩大组织覆盖。", "2 （二）推进职工之家建设。", "1 二、维护职工权益",
            "2 1、推进集体协商。", "2 2、做好困难职工帮扶。"]


def test_a_pasted_plan_is_shown_as_an_outline_beside_its_source(officer, county):
    response = _source(officer, county, PLAN)
    assert response.status_code == 200
    assert _outline(response) == EXPECTED
    html = response.content.decode()
    assert 'id="source-line-7"' in html and "（一）扩大组织覆盖。全县职工入会率达到95%以上。" in html
    assert "职工入会率达到95%以上" in html and 'value="membership_rate" selected' in html  # a target found
    assert page_form(html)["head-title"] == "测试县总工会2026年工作要点"
    assert not WorkPlan.objects.exists()  # nothing saved before "Save as draft"


def test_a_word_file_is_read_into_the_same_outline(officer, county):
    response = _source(officer, county, upload=_docx(PLAN.split("\n")))
    assert response.status_code == 200
    assert _outline(response) == EXPECTED


@pytest.mark.parametrize("name,content,words", [
    ("工作要点.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a Word document in the DOCX format"),
    ("工作要点.docx", b"PK\x03\x04" + b"\x00" * 600, "is damaged or incomplete"),
    ("工作要点.docx", "一、加强组织建设".encode(), "not a Word document in the DOCX format"),
])
def test_a_file_that_is_no_docx_is_refused_in_words(officer, county, name, content, words):
    response = _source(officer, county, upload=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert 'name="state"' not in response.content.decode()


def test_a_docx_python_docx_cannot_read_is_refused_in_words(officer, county):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # looks like Word to the upload policy, holds no document
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/nothing.xml", "<x/>")
    response = _source(officer, county, upload=SimpleUploadedFile("工作要点.docx", buffer.getvalue()))
    assert "could not be read as a Word document" in response.content.decode()


def test_text_or_file_is_needed_and_not_both(officer, county):
    assert "Paste the plan&#x27;s text or choose its Word file." in _source(officer, county, "").content.decode()
    both = _source(officer, county, PLAN, upload=_docx(["一、加强组织建设"]))
    assert "not both" in both.content.decode()


def test_a_text_of_many_plans_is_refused_in_words(officer, county):
    response = _source(officer, county, "\n".join(f"{n}、第{n}项工作。" for n in range(1, 202)))
    assert "This text has 201 numbered items; one plan here may have at most 200." in response.content.decode()
    assert 'name="state"' not in response.content.decode()


def test_traditional_text_is_offered_simplified_and_converted(officer, county):
    response = _source(officer, county, TRADITIONAL)
    html = response.content.decode()
    assert "Convert Traditional characters to Simplified" in html
    assert "<code>會</code></td><td><code>会</code>" in html  # before → after, with the count
    converted = officer.post(URL, page_form(html))  # both ticks as offered
    assert _outline(converted)[:2] == ["1 一、加强组织建设", "2 （一）扩大组织覆盖。"]
    kept = officer.post(URL, {k: v for k, v in page_form(html).items() if k != "simplified"})
    assert _outline(kept)[0] == "1 一、加強組織建設"


def test_half_width_punctuation_is_offered_full_width(officer, county):
    response = _source(officer, county, "一、加强组织建设\n（一）扩大覆盖,新建工会(联合会)。")
    html = response.content.decode()
    assert "Make the punctuation between Chinese characters full-width" in html
    assert "Convert Traditional" not in html
    assert "覆盖,新建工会(联合会)。… → …" in html and "覆盖，新建工会（联合会）。…" in html  # where, in context
    converted = officer.post(URL, page_form(html))
    assert "扩大覆盖，新建工会（联合会）" in converted.content.decode()


def test_promote_demote_merge_split_and_remove_change_the_outline_and_its_numbers(officer, county):
    page = _source(officer, county, PLAN)
    # （二） one level down: under （一） it is numbered as the third level is, 1.
    demoted = _check(officer, page, "demote:2")
    assert _outline(demoted)[1:3] == ["2 （一）扩大组织覆盖。", "3 1.推进职工之家建设。"]
    promoted = _check(officer, demoted, "promote:2")
    assert _outline(promoted) == EXPECTED
    # 2、 merged into 1、: its heading becomes text of the item above.
    merged = _check(officer, promoted, "merge:5")
    assert _outline(merged)[-1] == "2 1、推进集体协商。"
    assert "做好困难职工帮扶。" in page_form(merged.content.decode())["item4-body"]
    # The second paragraph of （一） becomes an item of its own, numbered （二）; the old （二） is （三）.
    split = _check(officer, merged, "split:1:1")
    assert _outline(split)[1:4] == ["2 （一）扩大组织覆盖。", "2 （二）新建一批新就业形态工会。", "2 （三）推进职工之家建设。"]
    removed = _check(officer, split, "remove:2")
    assert _outline(removed)[1:3] == ["2 （一）扩大组织覆盖。", "2 （二）推进职工之家建设。"]


def test_edits_and_a_style_change_carry_into_the_outline(officer, county):
    page = _source(officer, county, PLAN)
    changed = _check(officer, page, **{"item1-heading": "扩大工会组织覆盖", "item4-style": "ar_paren"})
    assert _outline(changed)[1] == "2 （一）扩大工会组织覆盖"
    assert _outline(changed)[4] == "2 （1）推进集体协商。"
    empty = _check(officer, changed, "promote:2", **{"item3-heading": "", "item3-body": ""})
    assert "Write a heading or some text." in empty.content.decode()
    assert _outline(empty) == _outline(changed)  # not applied while a field is wrong


def test_a_level_numbered_otherwise_renumbers_the_items_numbered_as_it_was(officer, county):
    page = _source(officer, county, PLAN)
    assert page_form(page.content.decode())["level2-style"] == "cn_paren"
    changed = _check(officer, page, **{"level2-style": "ar_paren"})
    assert _outline(changed)[1:3] == ["2 （1）扩大组织覆盖。", "2 （2）推进职工之家建设。"]
    assert _outline(changed)[4:] == ["2 1、推进集体协商。", "2 2、做好困难职工帮扶。"]  # their own style stays


def test_htmx_answers_with_the_form_alone(officer, county):
    page = _source(officer, county, PLAN)
    data = {**page_form(page.content.decode()), "action": "demote:2"}
    response = officer.post(URL, data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and 'id="source-line-1"' not in html
    assert _outline(response)[2] == "3 1.推进职工之家建设。"


@pytest.mark.parametrize("change", ["tampered", "cut", "other action"])
def test_a_changed_page_state_is_refused_with_a_message(officer, county, change):
    page = _source(officer, county, PLAN)
    data = page_form(page.content.decode())
    if change == "tampered":
        data["state"] = data["state"][:20] + ("A" if data["state"][20] != "A" else "B") + data["state"][21:]
    elif change == "cut":
        data["state"] = data["state"][:40]
    else:
        data["action"] = "promote:999"
    response = officer.post(URL, data)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    if change == "other action":
        assert "This change is not known" in html and _outline(response) == EXPECTED
    else:
        assert response.status_code == 400 and "the page&#x27;s data was changed or is incomplete" in html
    assert not WorkPlan.objects.exists()


def test_the_state_of_one_person_cannot_be_posted_by_another(officer, county, english, client, officer_a):
    data = page_form(_source(officer, county, PLAN).content.decode())
    from tests.planning.conftest import user_with
    from unionadmin.roles import Role

    colleague = user_with(Role.FEDERATION_ADMIN, county.federation)
    client.cookies["django_language"] = "en"
    client.force_login(colleague)
    assert client.post(URL, {**data, "action": "save"}).status_code == 400
    assert not WorkPlan.objects.exists()


def test_no_import_for_an_issuer_outside_the_scope(client, county, officer_a, outsider, sibling_officer):
    client.force_login(officer_a)
    response = _source(client, county, PLAN)  # the federation is above union A
    assert response.status_code == 200 and 'name="state"' not in response.content.decode()
    assert response.context["form"].errors["issuer"]
    client.force_login(sibling_officer)
    assert _source(client, county, PLAN).context["form"].errors["issuer"]
    client.force_login(outsider)  # may change plans nowhere
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_role_lost_between_the_steps_stops_the_import(officer, county, federation_admin):
    page = _source(officer, county, PLAN)
    federation_admin.role_assignments.all().delete()
    assert _check(officer, page, "save").status_code == 403
    assert not WorkPlan.objects.exists()


def test_save_makes_a_draft_with_the_outline_and_the_targets_kept(officer, county, federation_admin):
    checked = _source(officer, county, PLAN)
    assert sorted(k for k in page_form(checked.content.decode()) if k.endswith("-keep")) == [
        "target0-keep", "target1-keep", "target2-keep"]  # 95 % membership, 90 % Homes, 80 % contracts: all ticked
    response = _check(officer, checked, "save", **{"target1-keep": None, "target0-value": "96"})
    plan = WorkPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("planning:plan_edit", args=[plan.pk])
    assert plan.state == WorkPlan.State.DRAFT and plan.issuer == county.federation and plan.year == 2026
    assert plan.drafted_by == federation_admin and plan.title == "测试县总工会2026年工作要点"
    assert (plan.organ_code, plan.number_year, plan.sequence) == ("测工发", 2026, 5)
    assert [node.number + node.item.heading for node in plan.outline()] == [line.split(" ", 1)[1] for line in EXPECTED]
    assert sorted((t.indicator_code, t.target_value) for t in PlanTarget.objects.filter(item__plan=plan)) == [
        ("contract_signing_rate", Decimal("80")), ("membership_rate", Decimal("96"))]
    editor = officer.get(response.url)
    assert "The plan was imported: 6 items, 2 targets. Check it and approve it." in editor.content.decode()
    # The same page posted again as it was (Back, then Save) opens that plan instead of making a second one.
    again = _check(officer, checked, "save", **{"target1-keep": None, "target0-value": "96"})
    assert again.url == response.url and WorkPlan.objects.count() == 1


def test_a_correction_after_the_save_is_not_lost_silently(officer, county):
    """Save, Back, fix a level, Save: the import's token finds the saved plan; the page says the
    fix was not applied and links to the draft, where it can be made."""
    checked = _source(officer, county, PLAN)
    saved = _check(officer, checked, "save")
    plan = WorkPlan.objects.get()
    fixed = _check(officer, checked, "save", **{"item2-heading": "推进职工之家建设工作"})
    html = fixed.content.decode()
    assert fixed.status_code == 200 and WorkPlan.objects.count() == 1
    assert "This plan was imported already, so these changes were not applied. Make them in the saved draft." in html
    assert f'href="{saved.url}"' in html and "Open the saved draft “测试县总工会2026年工作要点”" in html
    assert not plan.items.filter(heading="推进职工之家建设工作").exists()  # the draft as it was saved


def test_two_tabs_importing_one_text_make_two_plans(officer, county):
    """Each import has its own token (made at step 1): the same title at the same time is no repeat."""
    first, second = _source(officer, county, PLAN), _source(officer, county, PLAN)
    one, two = _check(officer, first, "save"), _check(officer, second, "save")
    assert one.status_code == two.status_code == 302 and one.url != two.url
    assert WorkPlan.objects.filter(title="测试县总工会2026年工作要点").count() == 2


def test_a_word_file_the_reader_refuses_is_refused_in_its_words(officer, county, monkeypatch):
    from planning import forms_importing
    from unionadmin.errors import DomainError

    def refuse(upload, **limits):
        raise DomainError("“工作要点.docx” holds too much text.")

    monkeypatch.setattr(forms_importing, "docx_text", refuse)
    response = _source(officer, county, upload=_docx(["一、加强组织建设"]))
    assert response.status_code == 200 and not WorkPlan.objects.exists()
    assert "“工作要点.docx” holds too much text." in response.content.decode()


def test_a_plan_without_a_title_asks_for_one(officer, county):
    page = _source(officer, county, "一、加强组织建设\n（一）扩大组织覆盖。")
    response = _check(officer, page, "save", **{"head-title": ""})
    assert "Write the plan&#x27;s title." in response.content.decode()
    assert not WorkPlan.objects.exists()
    assert PlanItem.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_save_clicked_twice_makes_one_plan(county, federation_admin, client):
    client.cookies["django_language"] = "en"
    client.force_login(federation_admin)
    page = _source(client, county, PLAN)
    data = {**page_form(page.content.decode()), "action": "save"}
    with writes_meet(WorkPlan):
        responses = post_at_once(federation_admin, URL, data)
    assert_no_server_error_and_told(responses, "This plan was imported already; here it is.")
    assert WorkPlan.objects.count() == 1
