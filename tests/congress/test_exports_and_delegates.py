"""The register of proposals (XLSX, formula injection neutralised); delegates added, imported
and logging in by mobile number; the make-up of a term."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from congress.models import Delegate
from congress.services.delegates import DelegateError, delegate_add, delegate_composition, delegates_import
from unionadmin.models import AuditEvent, RoleAssignment
from unionadmin.roles import Role

from .factories import DelegateFactory, ProposalFactory


def test_the_register_lists_the_sessions_proposals_and_neutralises_formulas(client, congress):
    ProposalFactory(session=congress.session, proposer=congress.d1, subject="=HYPERLINK(\"http://evil\",\"x\")",
                    reasons="+1+1", measures="@SUM(A1)")
    ProposalFactory(session=congress.session, proposer=congress.d2, subject="普通提案")
    ProposalFactory(session=congress.session, proposer=congress.d3, subject="草稿", state="draft")
    client.force_login(congress.officer)
    response = client.get(f"/congress/sessions/{congress.session.pk}/register.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    subjects = {row[1].value for row in rows}
    assert subjects == {"=HYPERLINK(\"http://evil\",\"x\")", "普通提案"}  # no drafts
    risky = next(row for row in rows if row[1].value.startswith("="))
    for cell in (risky[1], risky[6], risky[7]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert not any(cell.data_type == "f" for row in rows for cell in row)
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT, actor=congress.officer).exists()


def test_delegate_add_makes_an_account_with_the_mobile_number_and_the_role(client, congress, officer_a):
    delegate = delegate_add(term=congress.term, name="孙丽", mobile="13712345678", gender="female",
                            category="technical", initial_password="initial pass 9", by=officer_a)
    assert delegate.user.mobile == "13712345678"
    assert RoleAssignment.objects.filter(user=delegate.user, role=Role.DELEGATE, organisation=congress.county.a).exists()
    with pytest.raises(DelegateError, match="already a delegate"):
        delegate_add(term=congress.term, name="孙丽", mobile="13712345678", gender="female", category="technical",
                     by=officer_a)
    response = client.post("/accounts/login/", {"username": "13712345678", "password": "initial pass 9"})
    assert response.status_code == 302 and response.url == "/"  # logs in by mobile number


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("delegates.xlsx", buffer.getvalue())


HEADER = ["姓名", "手机号", "性别", "代表团", "类别", "岗位"]


def test_import_creates_delegates_delegations_and_accounts(congress, officer_a):
    result = delegates_import(term=congress.term, file=_xlsx([
        HEADER, ["周强", "13600000001", "男", "第一代表团", "一线职工", "钳工"],
        ["吴芳", 13600000002, "女", "第二代表团", "中层管理人员", ""],
    ]), initial_password="initial pass 9", by=officer_a)
    assert result.ok and len(result.created) == 2
    assert set(congress.term.delegations.values_list("name", flat=True)) >= {"第一代表团", "第二代表团"}
    assert Delegate.objects.get(name="吴芳").category == "manager"


def test_a_wrong_row_imports_nothing_and_says_which(congress, officer_a):
    before = Delegate.objects.count()
    result = delegates_import(term=congress.term, file=_xlsx([
        HEADER, ["周强", "13600000001", "男", "", "", ""], ["吴芳", "1234", "不详", "", "", ""],
        ["郑好", "13600000001", "男", "", "", ""],
    ]), initial_password="initial pass 9", by=officer_a)
    assert not result.ok and [row for row, _ in result.errors] == [3, 4]
    assert Delegate.objects.count() == before


def test_the_import_page_lists_the_rows_to_fix(client, congress, english):
    english.force_login(congress.officer)
    response = english.post(f"/congress/terms/{congress.term.pk}/delegates/import/",
                            {"file": _xlsx([HEADER, ["吴芳", "1234", "女"]]), "initial_password": ""})
    assert response.status_code == 200
    assert "Row 2" in response.content.decode()


def test_composition_against_the_unions_rules(congress):
    for _ in range(3):
        DelegateFactory(term=congress.term, category="leader", gender="female")
    # 4 front-line men (fixture) + 3 women leaders: 57% front line, 43% leaders (rule ≤ 20%).
    composition = delegate_composition(congress.term)
    rows = {str(r["label"]): r for r in composition["rows"]}
    assert composition["total"] == 7
    assert rows["Front-line worker"]["met"] is True
    assert rows["Leader"]["met"] is False
    assert not composition["all_met"]
