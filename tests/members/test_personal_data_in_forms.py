"""Every sight of a full ID or mobile number is logged: the member edit form shows them masked,
saving it untouched keeps them, and the reveal button beside the field is the logged way to
see (and correct) the full value."""
import pytest
from django.urls import reverse

from members.models import Member
from tests.forms import as_rendered
from unionadmin.models import AuditEvent


def test_opening_the_edit_form_shows_no_full_number_and_logs_nothing(client, officer_a, member_a):
    client.force_login(officer_a)
    page = client.get(reverse("members:member_update", args=[member_a.pk])).content.decode()
    assert member_a.id_number not in page and "13812345678" not in page
    assert member_a.id_number[:6] + "********" + member_a.id_number[-4:] in page
    assert "138****5678" in page
    assert reverse("members:member_reveal", args=[member_a.pk, "id_number"]) in page  # the logged way
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.REVEAL).exists()


def test_saving_the_form_untouched_keeps_the_numbers(client, officer_a, member_a):
    stored_id = member_a.id_number
    client.force_login(officer_a)
    form = client.get(reverse("members:member_update", args=[member_a.pk])).context["form"]
    data = {**as_rendered(form), "employer": "乙公司"}
    response = client.post(reverse("members:member_update", args=[member_a.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    member_a.refresh_from_db()
    assert (member_a.id_number, member_a.phone, member_a.employer) == (stored_id, "13812345678", "乙公司")
    assert member_a.history.first().id_number == stored_id


def test_a_form_with_an_error_shows_the_mask_again(client, officer_a, member_a):
    client.force_login(officer_a)
    form = client.get(reverse("members:member_update", args=[member_a.pk])).context["form"]
    page = client.post(reverse("members:member_update", args=[member_a.pk]),
                       {**as_rendered(form), "name": ""}).content.decode()
    assert member_a.id_number not in page and "13812345678" not in page


def test_typing_a_new_number_replaces_the_stored_one(client, officer_a, member_a):
    client.force_login(officer_a)
    form = client.get(reverse("members:member_update", args=[member_a.pk])).context["form"]
    response = client.post(reverse("members:member_update", args=[member_a.pk]),
                           {**as_rendered(form), "phone": "13987654321"})
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.phone == "13987654321"


def test_the_reveal_button_in_the_form_gives_the_full_value_in_the_input_and_is_logged(client, county, officer_a,
                                                                                       member_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:member_reveal", args=[member_a.pk, "id_number"]),
                           {"into": "input", "name": "id_number"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="id_number"' in html and f'value="{member_a.id_number}"' in html
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REVEAL)
    assert (event.actor, event.target, event.data["field"]) == (officer_a, member_a, "id_number")


def test_the_new_member_form_is_unchanged(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("members:member_create")).content.decode()
    assert "Shown masked" not in page and "********" not in page
    assert Member.objects.count() == 0


pytestmark = pytest.mark.django_db
