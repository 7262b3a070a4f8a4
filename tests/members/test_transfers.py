"""Transfers: A sends, B accepts or refuses; the member is B's only after acceptance; history stays."""
import datetime

import pytest
from django.urls import reverse

from members.models import CadrePost, Member, Transfer
from members.services import MembersError, transfer_accept, transfer_send
from tests.factories import BranchFactory, FederationFactory, GrassrootsFactory

from .factories import CadrePostFactory, TransferFactory, UniqueMemberFactory


def send(client, member, to_union, reason="调入乙学校"):
    return client.post(reverse("members:transfer_create", args=[member.pk]), {"to_union": to_union.pk,
                                                                               "reason": reason})


def test_the_whole_transfer(client, county, officer_a, officer_b, member_a):
    client.force_login(officer_a)
    response = send(client, member_a, county.b)
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and transfer.state == "sent" and transfer.sent_by == officer_a
    # Until B accepts, the member is A's: B sees the transfer but not the member.
    member_url = reverse("members:member_detail", args=[member_a.pk])
    client.force_login(officer_b)
    assert client.get(member_url).status_code == 404
    assert [t.pk for t in client.get(reverse("members:transfer_list")).context["object_list"]] == [transfer.pk]
    page = client.get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert member_a.name in page and member_a.id_number not in page  # masked for the receiving union
    client.force_login(officer_a)
    assert client.get(member_url).status_code == 200
    # B accepts.
    client.force_login(officer_b)
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), {"into": ""})
    assert response.status_code == 302
    member_a.refresh_from_db()
    transfer.refresh_from_db()
    assert member_a.union == county.b and transfer.state == "accepted" and transfer.decided_by == officer_b
    assert client.get(member_url).status_code == 200
    client.force_login(officer_a)
    assert client.get(member_url).status_code == 404
    assert client.get(reverse("members:transfer_detail", args=[transfer.pk])).status_code == 200  # A keeps the record
    # The history went with the member and shows the move.
    latest = member_a.history.latest()
    assert latest.history_user == officer_b and "Transferred" in latest.history_change_reason or \
        "转" in latest.history_change_reason
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["union"]
    assert member_a.history.count() == 2


def test_the_sending_union_cannot_accept_its_own_transfer(client, county, officer_a, member_a):
    transfer = TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    client.force_login(officer_a)
    assert client.post(reverse("members:transfer_accept", args=[transfer.pk])).status_code == 403
    member_a.refresh_from_db()
    assert member_a.union == county.a


def test_b_refuses_with_a_reason_and_the_member_stays(client, county, officer_b, member_a):
    transfer = TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    client.force_login(officer_b)
    client.post(reverse("members:transfer_refuse", args=[transfer.pk]), {"reason": ""})
    transfer.refresh_from_db()
    assert transfer.state == "sent"
    client.post(reverse("members:transfer_refuse", args=[transfer.pk]), {"reason": "查无此人"})
    transfer.refresh_from_db()
    member_a.refresh_from_db()
    assert transfer.state == "refused" and transfer.refusal_reason == "查无此人" and member_a.union == county.a


def test_a_cancels_but_b_cannot(client, county, officer_a, officer_b, member_a):
    transfer = TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    client.force_login(officer_b)
    assert client.post(reverse("members:transfer_cancel", args=[transfer.pk])).status_code == 403
    client.force_login(officer_a)
    client.post(reverse("members:transfer_cancel", args=[transfer.pk]))
    transfer.refresh_from_db()
    assert transfer.state == "cancelled"


def test_one_open_transfer_at_a_time_and_only_for_current_members(county, officer_a, member_a):
    transfer_send(member=member_a, to_union=county.b, user=officer_a)
    with pytest.raises(MembersError):
        transfer_send(member=member_a, to_union=county.b, user=officer_a)
    retired = UniqueMemberFactory(union=county.a, status="retired")
    with pytest.raises(MembersError):
        transfer_send(member=retired, to_union=county.b, user=officer_a)


def test_destinations_are_the_other_grassroots_unions_of_the_same_county(client, county, officer_a, member_a):
    BranchFactory(parent=county.b)
    elsewhere = GrassrootsFactory(parent=FederationFactory())
    client.force_login(officer_a)
    choices = client.get(reverse("members:transfer_create", args=[member_a.pk])).context["form"].fields[
        "to_union"].queryset
    assert list(choices) == [county.b]
    assert send(client, member_a, elsewhere).status_code == 200  # refused by the form
    assert send(client, member_a, county.a).status_code == 200
    assert not Transfer.objects.exists()


def test_an_answered_transfer_cannot_be_answered_again(county, officer_a, officer_b, member_a):
    transfer = transfer_send(member=member_a, to_union=county.b, user=officer_a)
    transfer_accept(transfer_id=transfer.pk, user=officer_b)
    with pytest.raises(MembersError):
        transfer_accept(transfer_id=transfer.pk, user=officer_b)


def test_accepting_into_a_branch_ends_current_posts_and_clears_a_clashing_card(county, officer_a, officer_b):
    branch = BranchFactory(parent=county.b)
    member = UniqueMemberFactory(union=county.a, card_number="K-001")
    UniqueMemberFactory(union=county.b, card_number="K-001")
    CadrePostFactory(member=member, organisation=county.a, term_start=datetime.date(2022, 1, 1))
    member.refresh_from_db()
    assert member.is_cadre
    transfer = transfer_send(member=member, to_union=county.b, user=officer_a)
    transfer_accept(transfer_id=transfer.pk, user=officer_b, into=branch)
    member.refresh_from_db()
    assert member.union == branch and member.card_number == "" and not member.is_cadre
    assert CadrePost.objects.get(member=member).term_end == datetime.date.today() - datetime.timedelta(days=1)
    with pytest.raises(MembersError):
        transfer_accept(transfer_id=TransferFactory(member=UniqueMemberFactory(union=county.a), from_union=county.a,
                                                    to_union=county.b).pk, user=officer_b, into=county.a)


def test_transfers_are_visible_to_both_unions_and_nobody_else(county, officer_a, officer_b, outsider, member_a):
    transfer = TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    third = GrassrootsFactory(parent=county.federation)
    from tests.conftest import _user_with
    from unionadmin.roles import Role

    officer_c = _user_with(Role.UNION_OFFICER, third)
    assert list(Transfer.objects.visible_to(officer_a)) == [transfer]
    assert list(Transfer.objects.visible_to(officer_b)) == [transfer]
    assert not Transfer.objects.visible_to(officer_c).exists()
    assert not Transfer.objects.visible_to(outsider).exists()
    assert list(Transfer.objects.visible_to(officer_b, "decide")) == [transfer]
    assert not Transfer.objects.visible_to(officer_a, "decide").exists()
    assert list(Transfer.objects.visible_to(officer_a, "cancel")) == [transfer]
    assert not Member.objects.visible_to(officer_b).filter(pk=member_a.pk).exists()


def test_the_officer_home_shows_transfers_waiting(client, county, officer_b, member_a):
    TransferFactory(member=member_a, from_union=county.a, to_union=county.b)
    client.force_login(officer_b)
    page = client.get("/").content.decode()
    assert member_a.name in page and reverse("members:transfer_list") in page


@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_at_once_move_the_member_once(county, officer_a, officer_b):
    import threading

    from django.db import connection

    from tests.conftest import _user_with
    from unionadmin.roles import Role

    second_b = _user_with(Role.UNION_OFFICER, county.b)
    member = UniqueMemberFactory(union=county.a)
    transfer = transfer_send(member=member, to_union=county.b, user=officer_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(user):
        try:
            barrier.wait()
            transfer_accept(transfer_id=transfer.pk, user=user)
            outcomes.append("accepted")
        except MembersError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (officer_b, second_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["accepted", "refused"]
    member.refresh_from_db()
    assert member.union == county.b
    assert member.history.filter(history_type="~").count() == 1


def test_each_end_is_offered_its_own_steps_and_an_answered_transfer_none(client, county, officer_a, officer_b,
                                                                         member_a):
    transfer = transfer_send(member=member_a, to_union=county.b, user=officer_a)
    assert transfer.allowed_actions(officer_a) == {"cancel"}
    assert transfer.allowed_actions(officer_b) == {"accept", "refuse"}
    client.force_login(officer_b)
    page = client.get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert reverse("members:transfer_accept", args=[transfer.pk]) in page
    assert reverse("members:transfer_cancel", args=[transfer.pk]) not in page
    client.post(reverse("members:transfer_refuse", args=[transfer.pk]), {"reason": "查无此人"})
    transfer = Transfer.objects.get(pk=transfer.pk)
    assert transfer.allowed_actions(officer_a) == transfer.allowed_actions(officer_b) == frozenset()
    # A second answer (a page left open) is refused with a message; nothing changes.
    client.cookies["django_language"] = "en"
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), follow=True)
    assert "This step is not possible for this record now" in response.content.decode()
    member_a.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.state == "refused" and member_a.union == county.a
    page = client.get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert reverse("members:transfer_accept", args=[transfer.pk]) not in page
    assert 'class="badge text-bg-danger">Refused<' in page


@pytest.mark.parametrize("box", ["", "incoming", "nonsense", "incoming\x00", "x" * 3000])
def test_the_incoming_box_is_the_default_and_a_bad_box_reads_as_it(client, county, officer_a, officer_b, member_a,
                                                                    box):
    incoming = transfer_send(member=member_a, to_union=county.b, user=officer_a)
    sent = transfer_send(member=UniqueMemberFactory(union=county.b), to_union=county.a, user=officer_b)
    client.force_login(officer_b)
    response = client.get(reverse("members:transfer_list"), {"box": box} if box else {})
    assert response.status_code == 200
    assert [t.pk for t in response.context["object_list"]] == [incoming.pk]
    assert response.context["box"] == "incoming"
    assert [t.pk for t in client.get(reverse("members:transfer_list"), {"box": "outgoing"})
            .context["object_list"]] == [sent.pk]
    assert {t.pk for t in client.get(reverse("members:transfer_list"), {"box": "all"})
            .context["object_list"]} == {sent.pk, incoming.pk}
