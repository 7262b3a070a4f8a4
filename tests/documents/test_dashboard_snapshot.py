"""The dashboard's one-page snapshot: the same figures as the page, printable."""
import io

import pytest
from pypdf import PdfReader

from tests.factories import MemberFactory
from unionadmin.documents import rendering
from unionadmin.documents.kinds import registry

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_snapshot_lists_every_indicator_with_the_subtree_values_on_one_page(county, settings):
    for _ in range(3):
        MemberFactory(union=county.a)  # union A: 100 employees, union B: 100
    kind = registry.get("dashboard_snapshot")
    html = rendering.render_html(kind, county.federation, {}, "zh-hans")
    assert "入会率" in html and "3 / 200" in html and "1.5%" in html
    pdf = rendering.html_to_pdf(html, stylesheets=kind.stylesheets)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    assert "入会率" in text and "测试县总工会" in text


def test_officer_of_a_union_cannot_ask_for_the_federation_snapshot(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post("/documents/request/", {"kind": "dashboard_snapshot", "pk": county.federation.pk})
    assert response.status_code == 404
