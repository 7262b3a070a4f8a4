import pytest
from django.urls import reverse

from welfare.models import HardshipFile

from .factories import GrantFactory, HardshipFileFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = ["file_list", "edge_list", "file_create", "standard_list", "standard_create", "programme_list",
              "programme_create", "grant_list", "grant_create", "visit_list", "visit_create", "occasion_list",
              "occasion_create", "pairing_list", "pairing_create", "drive_list", "drive_create", "reports"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_page_without_a_pk_opens_for_a_welfare_officer(client, county, welfare_a, line, name):
    HardshipFileFactory(union=county.a, filed=True)
    GrantFactory(union=county.a)
    client.force_login(welfare_a)
    response = client.get(reverse(f"welfare:{name}"))
    assert response.status_code == 200


def test_file_page_opens(client, county, welfare_a, line):
    file = HardshipFileFactory(union=county.a)
    client.force_login(welfare_a)
    assert client.get(reverse("welfare:file_detail", args=[file.pk])).status_code == 200
    assert file.status == HardshipFile.Status.APPLIED
