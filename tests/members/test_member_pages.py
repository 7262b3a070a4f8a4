"""One member's page, adding and editing members, and personal data: masked, revealed, logged."""
import datetime

import pytest
from django.urls import reverse

from members.models import Member
from unionadmin.models import AuditEvent

from .factories import (
    ArchiveEntryFactory,
    CadrePostFactory,
    DuesPaymentFactory,
    HonourFactory,
    TrainingRecordFactory,
    TransferFactory,
    UniqueMemberFactory,
)
from .sheets import person


def form_data(union, **changes):
    data = {"union": union.pk, "name": "刘洋", "gender": "female", "ethnicity": "汉族",
            "id_number": person(60, female=True), "phone": "13912345678", "employer": "甲公司", "post": "会计",
            "education": "bachelor", "employment_type": "regular", "joined_on": "2019-06-01", "card_number": "",
            "status": "active", "left_on": ""}
    data.update(changes)
    return data


def test_the_member_page_shows_every_tab(client, county, officer_a, member_a):
    DuesPaymentFactory(member=member_a, union=county.a, amount="31.50")
    CadrePostFactory(member=member_a, organisation=county.a)
    TrainingRecordFactory(member=member_a, course="工会财务培训")
    HonourFactory(member=member_a, title="青溪县劳动模范")
    ArchiveEntryFactory(member=member_a, summary="疗休养：峨眉山")
    TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    client.force_login(officer_a)
    page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    for text in ["31.50", "工会财务培训", "青溪县劳动模范", "疗休养：峨眉山", county.b.name, 'id="tab-history"']:
        assert text in page, text
    member_a.refresh_from_db()
    assert member_a.is_cadre and member_a.is_model_worker  # kept in step with posts and honours


def test_id_and_phone_are_masked_with_a_reveal_button_for_those_allowed(client, county, officer_a, member_a):
    client.force_login(officer_a)
    page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    masked = member_a.id_number[:6] + "********" + member_a.id_number[-4:]
    assert masked in page and member_a.id_number not in page
    assert "138****5678" in page and "13812345678" not in page
    assert reverse("members:member_reveal", args=[member_a.pk, "id_number"]) in page


def test_revealing_is_logged_with_who_whose_and_when(client, county, officer_a, member_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:member_reveal", args=[member_a.pk, "id_number"]))
    assert response.status_code == 200 and member_a.id_number in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REVEAL)
    assert (event.actor, event.organisation, event.target, event.data["field"]) == (
        officer_a, county.a, member_a, "id_number")
    assert member_a.name in event.detail


def test_reveal_needs_the_permission(client, county, member_a, federation_reviewer):
    client.force_login(federation_reviewer)  # may see the member, not their ID number
    page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    assert reverse("members:member_reveal", args=[member_a.pk, "id_number"]) not in page
    response = client.post(reverse("members:member_reveal", args=[member_a.pk, "id_number"]))
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_the_welfare_officer_may_reveal(client, county, member_a, welfare_a):
    client.force_login(welfare_a)
    response = client.post(reverse("members:member_reveal", args=[member_a.pk, "phone"]))
    assert response.status_code == 200 and "13812345678" in response.content.decode()


def test_only_personal_fields_can_be_revealed(client, officer_a, member_a):
    client.force_login(officer_a)
    assert client.post(reverse("members:member_reveal", args=[member_a.pk, "name"])).status_code == 404


def test_the_federation_admin_reads_the_reveal_log(client, county, officer_a, member_a, federation_admin):
    client.force_login(officer_a)
    client.post(reverse("members:member_reveal", args=[member_a.pk, "id_number"]))
    client.get(reverse("members:member_export_csv"))
    client.force_login(federation_admin)
    page = client.get("/audit/", {"verb": "reveal"}).content.decode()
    assert member_a.name in page and officer_a.display_name in page
    assert "Member roster" not in page and "会员名册" not in page  # the export is filtered out
    assert len(client.get("/audit/", {"verb": "reveal"}).context["object_list"]) == 1
    assert len(client.get("/audit/").context["object_list"]) == 2
    member_page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    assert 'id="tab-reveals"' in member_page  # "who viewed" on the member's page
    client.force_login(officer_a)
    assert client.get("/audit/").status_code in (200, 302, 403)
    assert 'id="tab-reveals"' not in client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()


def test_officer_adds_a_member(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"), form_data(county.a))
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="刘洋")
    assert member.birth_date == datetime.date(1990, 1, 1)
    assert member.history.get().history_user == officer_a


def test_the_add_form_checks_what_the_id_number_says(client, county, officer_a, english):
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"), form_data(county.a, gender="male",
                                                                       birth_date_typed="1991-01-01"))
    errors = response.context["form"].errors
    assert "gender" in errors and "birth_date_typed" in errors
    assert "1990-01-01" in errors["birth_date_typed"][0]
    response = client.post(reverse("members:member_create"), form_data(county.a, id_number="51300219900101002"))
    assert "id_number" in response.context["form"].errors


def test_a_current_member_elsewhere_cannot_be_added_again(client, county, officer_a, english):
    UniqueMemberFactory(union=county.b, id_number=person(61))
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"), form_data(county.a, id_number=person(61),
                                                                       gender="male"))
    error = response.context["form"].errors["id_number"][0]
    assert "current member of another union" in error and county.b.name not in error


def test_an_officer_cannot_add_to_another_union(client, county, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:member_create"), form_data(county.b))
    assert "union" in response.context["form"].errors


def test_editing_records_the_change_and_cannot_move_to_another_union(client, county, officer_a, member_a):
    client.force_login(officer_a)
    data = form_data(county.a, name=member_a.name, id_number=member_a.id_number, gender="male", post="质检员",
                     phone=member_a.phone)
    response = client.post(reverse("members:member_update", args=[member_a.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    latest = member_a.history.latest()
    assert latest.history_user == officer_a and latest.post == "质检员"
    data["union"] = county.b.pk
    response = client.post(reverse("members:member_update", args=[member_a.pk]), data)
    assert "union" in response.context["form"].errors


def test_who_may_do_what(client, county, member_a, federation_reviewer, delegate_a):
    detail = reverse("members:member_detail", args=[member_a.pk])
    edit = reverse("members:member_update", args=[member_a.pk])
    client.force_login(federation_reviewer)
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    client.force_login(delegate_a)
    assert client.get(detail).status_code == 404


@pytest.mark.parametrize("name", ["members:dues_create", "members:post_create", "members:training_create",
                                  "members:honour_create", "members:archive_create"])
def test_child_records_are_added_from_the_member_page(client, county, officer_a, member_a, name):
    client.force_login(officer_a)
    assert client.get(reverse(name, args=[member_a.pk])).status_code == 200


def test_the_welfare_officer_keeps_the_archive_but_not_the_dues(client, county, member_a, welfare_a):
    client.force_login(welfare_a)
    assert client.get(reverse("members:archive_create", args=[member_a.pk])).status_code == 200
    assert client.get(reverse("members:dues_create", args=[member_a.pk])).status_code == 403
    response = client.post(reverse("members:archive_create", args=[member_a.pk]), {
        "kind": "difficulty", "date": "2024-03-01", "summary": "住院", "help_given": "慰问金", "amount": "500"})
    assert response.status_code == 302
    entry = member_a.archive.get()
    assert entry.recorded_by == welfare_a and entry.amount == 500


def test_pages_render_for_the_officer_and_the_federation(client, county, officer_a, federation_admin, member_a):
    for user in (officer_a, federation_admin):
        client.force_login(user)
        for name in ["member_list", "member_create", "transfer_list", "import_start", "card_batch_list", "dues",
                     "arrears", "dues_collect", "fund_create", "cadre_list", "model_worker_list"]:
            response = client.get(reverse(f"members:{name}"))
            assert response.status_code == 200, (user, name)
    client.force_login(officer_a)
    assert "members/home/_officer.html" in [t.name for t in client.get("/").templates]
