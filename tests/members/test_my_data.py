"""My data (/me/data/, issue 19): the ZIP of a readable PDF and a JSON of everything held about
the member, the log of who viewed their full ID number or mobile, and only their own."""
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from members.personal_data_export import KIND
from tests.conftest import _user_with
from unionadmin import portal
from unionadmin.documents.services import document_render
from unionadmin.models import AuditEvent, DocumentJob
from unionadmin.personal_data import reveal
from unionadmin.roles import Role

from .factories import DuesPaymentFactory, HonourFactory

pytestmark = pytest.mark.django_db


def prepared_zip(client, user):
    """Ask for my data on the page, render the PDF as the worker does, download the ZIP."""
    client.force_login(user)
    response = client.post("/me/data/export/")
    assert response.status_code == 302 and response.url == "/me/data/"
    job = DocumentJob.objects.filter(requested_by=user, kind=KIND).latest("pk")
    job = document_render(job.pk)
    assert job.state == DocumentJob.State.DONE, job.error
    assert "/me/data/export/download/" in client.get("/me/data/").content.decode()
    download = client.get("/me/data/export/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(download.content))


def test_the_zip_holds_a_pdf_with_the_members_name_and_a_json_of_every_source(client, county, member_login,
                                                                              english, monkeypatch):
    user, member = member_login(union=county.a, name="欧阳秀英", phone="13812345678", employer="甲公司")
    DuesPaymentFactory(member=member, union=county.a, amount="23.50")
    HonourFactory(member=member, title="县劳动模范（欧阳）")
    sources = dict(portal.personal_data_sources)
    sources["zz_other_app"] = portal.PersonalDataSource("zz_other_app", "另一个应用的数据",
                                                        lambda m: [{"项目": f"{m.name}的记录"}], order=999)
    monkeypatch.setattr(portal, "personal_data_sources", sources)

    archive = prepared_zip(english, user)
    names = archive.namelist()
    pdf_name = next(n for n in names if n.endswith(".pdf"))
    json_name = next(n for n in names if n.endswith(".json"))
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(archive.read(pdf_name))).pages)
    assert "欧阳秀英" in text and member.id_number in text and "县劳动模范（欧阳）" in text
    assert "另一个应用的数据" in text and "欧阳秀英的记录" in text

    data = json.loads(archive.read(json_name))
    record = data["sources"]["membership_record"]
    assert record["rows"][0]["ID number"] == member.id_number  # in full: it is theirs
    assert record["rows"][0]["mobile number"] == "13812345678"
    assert data["sources"]["zz_other_app"] == {"label": "另一个应用的数据", "rows": [{"项目": "欧阳秀英的记录"}]}
    assert data["sources"]["member_honours"]["rows"][0]["honour title"] == "县劳动模范（欧阳）"
    assert AuditEvent.objects.filter(actor=user, verb=AuditEvent.Verb.DOWNLOAD).count() == 1


def test_only_the_member_can_ask_for_or_download_their_data(client, county, member_login, officer_a):
    user_a, member_a = member_login(union=county.a, name="欧阳秀英")
    user_b, member_b = member_login(union=county.a, name="司马丽华")
    prepared_zip(client, user_a)
    job = DocumentJob.objects.get(requested_by=user_a, kind=KIND)
    # B's page and download never show A's job; A's job page is a 404 for B.
    client.force_login(user_b)
    assert "/me/data/export/download/" not in client.get("/me/data/").content.decode()
    assert client.get("/me/data/export/download/").status_code == 302  # nothing prepared: back to the page
    assert client.get(f"/documents/{job.pk}/download/").status_code == 404
    # The pipeline's own request form with A's member pk: a 404, for B and for A's officer alike.
    for person in (user_b, officer_a):
        client.force_login(person)
        assert client.post("/documents/request/", {"kind": KIND, "pk": member_a.pk}).status_code == 404


def test_the_reveal_log_shows_an_officers_earlier_view_of_the_id_number(client, county, member_login, english):
    user, member = member_login(union=county.a, name="欧阳秀英")
    officer = _user_with(Role.UNION_OFFICER, county.a, user__full_name="王干事")
    chair = _user_with(Role.FEDERATION_ADMIN, county.federation, user__full_name="李主席")
    english.force_login(officer)
    assert english.post(f"/members/{member.pk}/reveal/id_number/").status_code == 200
    reveal(chair, member, "phone")
    english.force_login(user)
    html = english.get("/me/data/").content.decode()
    assert "王干事" in html and "甲公司工会" in html and "ID number" in html
    assert "李主席" in html and "测试县总工会" in html and "mobile number" in html


def test_member_b_does_not_see_who_viewed_member_as_data(client, county, member_login):
    user_a, member_a = member_login(union=county.a)
    user_b, member_b = member_login(union=county.a)
    officer = _user_with(Role.UNION_OFFICER, county.a, user__full_name="王干事")
    reveal(officer, member_a, "id_number")
    client.force_login(user_b)
    html = client.get("/me/data/").content.decode()
    assert "王干事" not in html and member_a.name not in html


def test_the_pdf_of_my_data_looks_right(client, county, member_login, tmp_path):
    """Renders the PDF to PNG (pdftoppm) for a person to look at: /tmp/record_my_data-<page>.png."""
    import shutil
    import subprocess

    user, member = member_login(union=county.a, name="欧阳秀英", phone="13812345678", employer="甲公司",
                                post="车间主任")
    HonourFactory(member=member, title="县劳动模范")
    DuesPaymentFactory(member=member, union=county.a, amount="23.50")
    reveal(_user_with(Role.UNION_OFFICER, county.a, user__full_name="王干事"), member, "id_number")
    archive = prepared_zip(client, user)
    pdf = archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))
    assert PdfReader(io.BytesIO(pdf)).pages
    if shutil.which("pdftoppm"):
        (tmp_path / "my_data.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "my_data.pdf"), str(tmp_path / "my_data")],
                       check=True)
        for png in tmp_path.glob("my_data-*.png"):
            shutil.copy(png, f"/tmp/record_{png.name}")
