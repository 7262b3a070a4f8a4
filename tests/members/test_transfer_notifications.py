"""A transfer sent waits for the receiving union: its managing officers are notified, and the
notification leads them to the transfer."""
from django.urls import reverse

from members.models import Transfer
from tests.conftest import _user_with
from unionadmin.models import Notification
from unionadmin.roles import Role


def test_the_receiving_unions_managing_officers_are_told_of_a_transfer(client, county, officer_a, officer_b,
                                                                      member_a, welfare_a):
    chair_b = _user_with(Role.UNION_CHAIR, county.b)
    welfare_b = _user_with(Role.WELFARE_OFFICER, county.b)
    client.force_login(officer_a)
    client.post(reverse("members:transfer_create", args=[member_a.pk]), {"to_union": county.b.pk, "reason": "调入"})
    transfer = Transfer.objects.get()
    notified = Notification.objects.filter(verb="transfer_waiting", target_id=transfer.pk)
    assert {n.recipient for n in notified} == {officer_b, chair_b}  # not the sender, not B's welfare officer
    assert welfare_b not in {n.recipient for n in notified} and officer_a not in {n.recipient for n in notified}
    client.force_login(officer_b)
    response = client.post(reverse("notification_open", args=[notified.get(recipient=officer_b).pk]))
    assert response["Location"] == transfer.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_refused_transfer_notifies_nobody(client, county, officer_a, officer_b, member_a):
    client.force_login(officer_a)
    client.post(reverse("members:transfer_create", args=[member_a.pk]), {"to_union": county.b.pk})
    client.post(reverse("members:transfer_create", args=[member_a.pk]), {"to_union": county.b.pk})  # already sent
    assert Transfer.objects.count() == 1
    assert Notification.objects.filter(verb="transfer_waiting").count() == 1
