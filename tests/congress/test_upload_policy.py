"""Every congress upload — proposal attachments, session documents, signed contracts and the
delegates' roster — goes through the project's one upload policy (issue 13, item 11)."""
import pytest

from congress.models import CollectiveContract, Delegate, ProposalAttachment, SessionDocument
from tests import uploads as u
from unionadmin.uploads import CONGRESS_DOCUMENT, DELEGATE_ROSTER

ids = dict(ids=lambda v: v if isinstance(v, str) else "")
FORM = {"subject": "关于食堂增加夜班餐的提案", "category": "living", "reasons": "夜班职工凌晨无处就餐。",
        "measures": "食堂增开夜班窗口。"}
CONTRACT = {"kind": "general", "consulted_on": "2025-01-05", "signed_on": "2025-01-10", "starts_on": "2025-02-01",
            "ends_on": "2027-01-31"}
HOSTILE = u.hostile(CONGRESS_DOCUMENT.max_bytes, "工作报告.pdf", b"%PDF-1.4\n")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


# use → (who posts, the URL, the form without the file, the file's field, the model that must stay empty)
USES = {
    "proposal attachment": (lambda c: c.d1.user, lambda c: f"/congress/sessions/{c.session.pk}/proposals/new/",
                            lambda c: FORM, "attachment", ProposalAttachment),
    "session document": (lambda c: c.officer, lambda c: f"/congress/sessions/{c.session.pk}/documents/new/",
                         lambda c: {"title": "报告"}, "file", SessionDocument),
    "signed contract": (lambda c: c.officer, lambda c: "/congress/contracts/new/",
                        lambda c: {**CONTRACT, "union": c.county.a.pk}, "file", CollectiveContract),
}


@pytest.mark.parametrize("use", list(USES))
@pytest.mark.parametrize("case,bad,words", HOSTILE, **ids)
def test_congress_uploads_refuse_hostile_files_and_store_nothing(english, congress, media, use, case, bad, words):
    user, url, data, field, model = USES[use]
    english.force_login(user(congress))
    before = u.stored_files(media)
    response = english.post(url(congress), {**data(congress), field: u.upload(*bad)})
    u.assert_refused(response, words)
    assert not model.objects.exists() and u.stored_files(media) == before


@pytest.mark.parametrize("case,bad,words", u.hostile(DELEGATE_ROSTER.max_bytes, "代表名单.xlsx", b"PK\x03\x04"), **ids)
def test_the_delegates_roster_refuses_hostile_files(english, congress, media, case, bad, words):
    english.force_login(congress.officer)
    count = Delegate.objects.count()
    response = english.post(f"/congress/terms/{congress.term.pk}/delegates/import/",
                            {"file": u.upload(*bad), "initial_password": "initial pass 9"})
    u.assert_refused(response, words)
    assert Delegate.objects.count() == count and u.stored_files(media) == set()


def test_good_files_are_stored_under_random_names_and_served_as_attachments(english, congress, media):
    english.force_login(congress.d1.user)
    english.post(f"/congress/sessions/{congress.session.pk}/proposals/new/",
                 {**FORM, "attachment": u.upload("照片.png", u.png())})
    attachment = ProposalAttachment.objects.get()
    assert attachment.name == "照片.png" and u.RANDOM_NAME.search(attachment.file.name)
    response = english.get(f"/congress/attachments/{attachment.pk}/")
    u.assert_served_safely(response, "照片.png")
    assert response["Content-Type"] == "image/png"

    english.force_login(congress.officer)
    english.post(f"/congress/sessions/{congress.session.pk}/documents/new/",
                 {"title": "工作报告", "file": u.upload("report.txt", "报告正文\n".encode())})
    document = SessionDocument.objects.get()
    assert u.RANDOM_NAME.search(document.file.name)
    response = english.get(f"/congress/documents/{document.pk}/")
    u.assert_served_safely(response, "工作报告.txt")
    assert response["Content-Type"].startswith("text/plain")

    english.post("/congress/contracts/new/", {**CONTRACT, "union": congress.county.a.pk,
                                              "file": u.upload("合同.docx", u.office_zip())})
    contract = CollectiveContract.objects.get()
    assert u.RANDOM_NAME.search(contract.file.name)
    response = english.get(f"/congress/contracts/{contract.pk}/file/")
    u.assert_served_safely(response, str(contract) + ".docx")


def test_a_good_delegates_roster_is_imported(english, congress):
    english.force_login(congress.officer)
    data = u.xlsx([["姓名", "手机号", "性别", "代表团", "类别", "岗位"], ["周强", "13600000001", "男", "", "一线职工", ""]])
    english.post(f"/congress/terms/{congress.term.pk}/delegates/import/",
                 {"file": u.upload("代表名单.xlsx", data), "initial_password": "initial pass 9"})
    assert Delegate.objects.filter(name="周强").exists()
