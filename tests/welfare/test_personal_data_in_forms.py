"""The household member edit form: ID number and income masked, untouched means kept, the
reveal button beside the field is logged like every reveal."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.forms import as_rendered
from tests.members.sheets import person
from unionadmin.models import AuditEvent

from .factories import HouseholdMemberFactory

pytestmark = pytest.mark.django_db

ID = person(7, female=True, born=datetime.date(1987, 6, 15))


@pytest.fixture
def spouse(county):
    return HouseholdMemberFactory(file__union=county.a, name="李秀兰", relationship="spouse", id_number=ID,
                                  monthly_income=Decimal("1234.50"))


def test_opening_the_household_edit_form_shows_no_full_id_number(client, welfare_a, spouse):
    client.force_login(welfare_a)
    page = client.get(reverse("welfare:household_update", args=[spouse.pk])).content.decode()
    assert ID not in page and "1234.50" not in page and "1234.5" not in page
    assert ID[:6] + "********" + ID[-4:] in page
    assert reverse("welfare:householdmember_reveal", kwargs={"pk": spouse.pk, "field": "id_number"}) in page
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.REVEAL).exists()


def test_saving_the_household_form_untouched_keeps_id_and_income(client, welfare_a, spouse):
    client.force_login(welfare_a)
    form = client.get(reverse("welfare:household_update", args=[spouse.pk])).context["form"]
    response = client.post(reverse("welfare:household_update", args=[spouse.pk]),
                           {**as_rendered(form), "note": "在超市做保洁"})
    assert response.status_code == 302, response.context["form"].errors
    spouse.refresh_from_db()
    assert (spouse.id_number, spouse.monthly_income, spouse.note) == (ID, Decimal("1234.50"), "在超市做保洁")


def test_the_household_reveal_into_the_input_is_logged(client, welfare_a, spouse):
    client.force_login(welfare_a)
    url = reverse("welfare:householdmember_reveal", kwargs={"pk": spouse.pk, "field": "id_number"})
    html = client.post(url, {"into": "input", "name": "id_number"}).content.decode()
    assert f'value="{ID}"' in html and 'name="id_number"' in html
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.REVEAL, data__field="id_number").count() == 1
