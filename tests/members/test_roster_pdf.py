"""The roster as a 会员花名册 PDF through the document pipeline: the page asks for it with its
filter, the pipeline renders it (as the worker does) for the person who asked — their scope,
their right to see ID and mobile numbers — on A4 landscape with page numbers."""
import io
import re

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from members import documents
from members.models import Member
from tests.conftest import _user_with
from unionadmin.documents.services import document_render
from unionadmin.models import DocumentJob
from unionadmin.personal_data import mask_id_number, mask_phone
from unionadmin.roles import Role

from .factories import UniqueMemberFactory, unique_id_number

URL = "/members/roster.pdf"
pytestmark = pytest.mark.django_db


def member(union, name, female=False, **fields):
    return UniqueMemberFactory(union=union, name=name, gender="female" if female else "male",
                               id_number=unique_id_number(female=female), **fields)


def roster_pdf(client, user, query=""):
    """Ask for the roster from its page, render the job as the worker does, the PDF's pages."""
    client.force_login(user)
    response = client.post(f"{URL}{query}")
    assert response.status_code == 302, response.content[:500]
    job = DocumentJob.objects.filter(requested_by=user, kind=documents.ROSTER_KIND).latest("pk")
    assert response.url == f"/documents/{job.pk}/"
    job = document_render(job.pk)
    assert job.state == DocumentJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as f:
        return job, PdfReader(io.BytesIO(f.read()))


def text_of(reader):
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_of_a_filtered_roster_holds_exactly_the_filtered_members(client, county, officer_a):
    women = [member(county.a, name, female=True, phone="13912345678") for name in ("欧阳秀英", "司马丽华", "诸葛桂芳")]
    men = [member(county.a, name) for name in ("上官建国", "皇甫志强")]
    elsewhere = member(county.b, "公孙玉兰", female=True)
    job, reader = roster_pdf(client, officer_a, "?gender=female")
    text = text_of(reader)
    assert [m.name for m in women if m.name in text] == [m.name for m in women]
    assert [m.name for m in men + [elsewhere] if m.name in text] == []
    assert "甲公司工会" in text and women[0].id_number in text and "13912345678" in text  # an officer may reveal
    assert job.options == {"filters": {"gender": "female"}, "requester": officer_a.pk}
    assert job.organisation == county.a


def test_the_roster_is_a4_landscape_with_page_x_of_y_and_the_head_on_every_page(client, county, officer_a):
    for i in range(70):
        member(county.a, f"会员{i:03d}号")
    _job, reader = roster_pdf(client, officer_a)
    pages = [("".join(page.extract_text().split())) for page in reader.pages]
    width, height = (round(float(v) * 25.4 / 72) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == (297, 210)
    total = len(pages)
    assert total >= 2
    counters = [re.search(r"第(\d+)页，共(\d+)页|Page(\d+)of(\d+)", page) for page in pages]
    assert [tuple(n for n in c.groups() if n) for c in counters] == [(str(i), str(total)) for i in range(1, total + 1)]
    head = re.search(r"(序号|No\.)", pages[0]).group(1)
    assert all(head in page for page in pages)  # the table's head repeats
    assert all(f"会员{i:03d}号" in "".join(pages) for i in range(70))


def test_numbers_are_masked_for_someone_who_may_not_reveal_them(client, county):
    reviewer = _user_with(Role.FEDERATION_REVIEWER, county.federation)
    a = member(county.a, "欧阳秀英", female=True, phone="13912345678")
    b = member(county.b, "公孙玉兰", female=True)
    _job, reader = roster_pdf(client, reviewer)
    text = text_of(reader)
    assert "欧阳秀英" in text and "公孙玉兰" in text and "测试县总工会" in text
    assert mask_id_number(a.id_number) in text and mask_id_number(b.id_number) in text
    assert a.id_number not in text and b.id_number not in text
    assert mask_phone("13912345678") in text and "13912345678" not in text


def test_another_unions_officer_gets_only_their_own_members(client, county, officer_b):
    a = member(county.a, "欧阳秀英")
    b = member(county.b, "公孙玉兰")
    # Naming union A in the filter does not reach it: the filter offers only B's own units.
    job, reader = roster_pdf(client, officer_b, f"?within={county.a.pk}")
    text = text_of(reader)
    assert b.name in text and a.name not in text and "甲公司工会" not in text
    assert job.organisation == county.b


def test_the_generic_request_cannot_make_another_unions_roster(client, county, officer_b):
    member(county.a, "欧阳秀英")
    client.force_login(officer_b)
    response = client.post("/documents/request/", {"kind": documents.ROSTER_KIND, "pk": county.a.pk,
                                                    "option_requester": officer_b.pk})
    assert response.status_code == 404 and not DocumentJob.objects.exists()


def test_a_roster_too_large_for_a_pdf_points_to_the_export(client, county, officer_a, monkeypatch):
    monkeypatch.setattr(documents, "ROSTER_MAX_ROWS", 2)
    for name in ("欧阳秀英", "司马丽华", "诸葛桂芳"):
        member(county.a, name)
    client.force_login(officer_a)
    response = client.post(URL, follow=True)
    assert not DocumentJob.objects.exists()
    assert "Excel" in response.content.decode() and Member.objects.count() == 3


def test_the_roster_page_offers_the_pdf_for_its_filter(client, county, officer_a):
    client.force_login(officer_a)
    html = client.get("/members/", {"status": "active"}).content.decode()
    assert f'action="{URL}?status=active"' in html
