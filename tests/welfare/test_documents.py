"""The printable hardship-file form through the PDF pipeline."""
from decimal import Decimal

import pytest
from django.urls import reverse

from unionadmin.documents import rendering
from unionadmin.documents.kinds import registry
from unionadmin.documents.services import document_request
from unionadmin.models import DocumentJob

from .factories import HardshipFileFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(county, line):
    file = HardshipFileFactory(union=county.a, filed=True, head=Decimal("1234.56"))
    HouseholdMemberFactory(file=file, name="李秀兰", id_number="511002198706150023")
    return file


def test_the_hardship_file_kind_is_registered_for_the_scoped_model():
    kind = registry.get("hardship_file")
    assert kind.model.__name__ == "HardshipFile" and kind.allowed_options == ("full",)


def test_the_form_is_masked_unless_full_details_are_asked_for(file):
    kind = registry.get("hardship_file")
    masked = rendering.render_html(kind, file, {}, "zh-hans")
    assert "李秀兰" in masked and "511002********0023" in masked
    assert "511002198706150023" not in masked and "1234.56" not in masked
    full = rendering.render_html(kind, file, {"full": "1"}, "en")
    assert "511002198706150023" in full and "1234.56" in full
    assert "Hardship worker file form" in full
    assert kind.filename(file, {}).endswith(".pdf")


def test_only_welfare_staff_may_ask_for_the_form(client, file, welfare_a, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("documents:request"), {"kind": "hardship_file", "pk": file.pk})
    assert response.status_code == 404
    client.force_login(welfare_a)
    response = client.post(reverse("documents:request"), {"kind": "hardship_file", "pk": file.pk})
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert (job.kind, job.organisation, job.requested_by) == ("hardship_file", file.union, welfare_a)


def test_the_file_page_offers_both_forms(client, file, welfare_a):
    client.force_login(welfare_a)
    content = client.get(reverse("welfare:file_detail", args=[file.pk])).content.decode()
    assert 'value="hardship_file"' in content and 'name="option_full" value="1"' in content


def test_document_request_checks_scope(file, welfare_b):
    from django.http import Http404

    with pytest.raises(Http404):
        document_request(user=welfare_b, kind="hardship_file", obj=file)
