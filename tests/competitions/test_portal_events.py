"""Members sign up for sports and culture events in the member portal (issue 19): the organiser
opens an event for sign-up, a member of the organiser's subtree signs up with one tap, can
withdraw until the last day; a second sign-up, a full event and a passed deadline are messages;
one member never reaches another's sign-up."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import EventParticipant, SportsEvent
from competitions.services import CompetitionError
from competitions.services.portal import event_sign_up
from unionadmin.integrity import saved_once
from unionadmin.portal import actions_for

from ..factories import BranchFactory
from .factories import EventParticipantFactory, SportsEventFactory, _open_event

TODAY = timezone.localdate()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def sign_up(client, event):
    return client.post(reverse("competitions_portal:event_sign_up", args=[event.pk]), follow=True)


def signed_up(event):
    return list(EventParticipant.objects.filter(event=event, member__isnull=False).values_list("name", flat=True))


@pytest.fixture
def event_a(county):
    return _open_event(county.a, title="职工乒乓球赛", discipline="乒乓球")


def test_the_officer_opens_an_event_a_member_signs_up_and_the_officer_sees_them(client, county, officer_a,
                                                                                member_login):
    event = SportsEventFactory(organiser=county.a, title="职工乒乓球赛", starts_on=TODAY + datetime.timedelta(days=30))
    user, member = member_login(union=county.a, name="王建军")
    assert not any(a.key == "event_sign_up" for a in actions_for(member))

    client.force_login(officer_a)
    response = client.post(reverse("competitions:event_signup_settings", args=[event.pk]), {
        "signup_open": "on", "signup_closes": (TODAY + datetime.timedelta(days=10)).isoformat(), "capacity": "16"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.signup_open and event.capacity == 16
    assert any(a.key == "event_sign_up" for a in actions_for(member))

    client.force_login(user)
    listing = client.get(reverse("competitions_portal:event_list")).content.decode()
    assert "职工乒乓球赛" in listing
    page = client.get(reverse("competitions_portal:event_detail", args=[event.pk])).content.decode()
    assert "Sign me up" in page and "16 of 16" in page
    response = sign_up(client, event)
    assert "You have signed up for “职工乒乓球赛”." in messages_of(response)
    assert "Withdraw my sign-up" in response.content.decode()
    signup = EventParticipant.objects.get(event=event)
    assert (signup.member, signup.name, signup.organisation, signup.kind) == (member, "王建军", county.a, "player")

    client.force_login(officer_a)
    officer_page = client.get(reverse("competitions:event_detail", args=[event.pk])).content.decode()
    assert "Members signed up" in officer_page and "王建军" in officer_page and "members signed up: 1" in officer_page


def test_members_of_units_below_the_organiser_may_sign_up_others_may_not(client, county, member_login):
    event = _open_event(county.federation, title="全县职工合唱比赛", kind="culture", discipline="合唱")
    below_user, below = member_login(union=BranchFactory(parent=county.a))
    client.force_login(below_user)
    assert "You have signed up" in messages_of(sign_up(client, event))[0]

    own_event = _open_event(county.a)
    other_user, _ = member_login(union=county.b)
    client.force_login(other_user)
    assert client.get(reverse("competitions_portal:event_detail", args=[own_event.pk])).status_code == 404
    assert client.post(reverse("competitions_portal:event_sign_up", args=[own_event.pk])).status_code == 404
    assert own_event.title not in client.get(reverse("competitions_portal:event_list")).content.decode()
    assert signed_up(own_event) == []


def test_an_event_not_opened_for_sign_up_is_not_shown(client, county, member_login):
    closed = SportsEventFactory(organiser=county.a, starts_on=TODAY + datetime.timedelta(days=5))
    user, _ = member_login(union=county.a)
    client.force_login(user)
    assert client.get(reverse("competitions_portal:event_detail", args=[closed.pk])).status_code == 404
    assert client.post(reverse("competitions_portal:event_sign_up", args=[closed.pk])).status_code == 404


def test_a_second_sign_up_is_a_message_not_a_second_row(client, county, event_a, member_login):
    user, member = member_login(union=county.a)
    client.force_login(user)
    sign_up(client, event_a)
    response = sign_up(client, event_a)
    assert messages_of(response) == ["You have signed up for this event already."]
    assert len(signed_up(event_a)) == 1


def test_a_double_tap_that_passes_the_check_is_stopped_by_the_database_with_the_same_words(county, event_a,
                                                                                          member_login):
    _, member = member_login(union=county.a)
    event_sign_up(event_a, member)
    with pytest.raises(CompetitionError) as refused, saved_once(CompetitionError):
        EventParticipant.objects.create(event=event_a, name=member.name, member=member, signed_up_at=timezone.now())
    assert refused.value.message == "You have signed up for this event already."


def test_two_members_of_the_same_name_both_sign_up(county, event_a, member_login):
    EventParticipantFactory(event=event_a, name="王伟")  # a player the officer typed in
    for _ in range(2):
        event_sign_up(event_a, member_login(union=county.a, name="王伟")[1])
    assert signed_up(event_a) == ["王伟", "王伟"]


def test_a_full_event_refuses_with_a_message(client, county, member_login):
    event = _open_event(county.a, capacity=1)
    first, _ = member_login(union=county.a)
    second, _ = member_login(union=county.a)
    client.force_login(first)
    sign_up(client, event)
    client.force_login(second)
    page = client.get(reverse("competitions_portal:event_detail", args=[event.pk])).content.decode()
    assert "All places have been taken." in page and "Sign me up" not in page
    response = sign_up(client, event)
    assert messages_of(response) == ["This event is full: all 1 places have been taken."]
    assert len(signed_up(event)) == 1


def test_after_the_deadline_neither_sign_up_nor_withdrawal(client, county, member_login):
    event = _open_event(county.a, signup_closes=TODAY + datetime.timedelta(days=1))
    user, member = member_login(union=county.a)
    late_user, _ = member_login(union=county.a)
    client.force_login(user)
    sign_up(client, event)
    SportsEvent.objects.filter(pk=event.pk).update(signup_closes=TODAY - datetime.timedelta(days=1))

    client.force_login(late_user)
    page = client.get(reverse("competitions_portal:event_detail", args=[event.pk])).content.decode()
    assert "Sign-up for this event has closed." in page and "Sign me up" not in page
    response = sign_up(client, event)
    closes = (TODAY - datetime.timedelta(days=1)).isoformat()
    assert messages_of(response) == [f"Sign-up for this event closed on {closes}."]

    client.force_login(user)
    signup = EventParticipant.objects.get(event=event, member=member)
    response = client.post(reverse("competitions_portal:signup_withdraw", args=[signup.pk]), follow=True)
    assert messages_of(response) == [
        "Sign-up for this event has closed; ask the organiser to take you off the list."]
    assert signed_up(event) == [member.name]


def test_a_member_withdraws_before_the_deadline(client, county, event_a, member_login):
    user, member = member_login(union=county.a)
    client.force_login(user)
    sign_up(client, event_a)
    signup = EventParticipant.objects.get(event=event_a, member=member)
    response = client.post(reverse("competitions_portal:signup_withdraw", args=[signup.pk]), follow=True)
    assert messages_of(response) == ["Your sign-up for “职工乒乓球赛” was withdrawn."]
    assert signed_up(event_a) == [] and "Sign me up" in response.content.decode()
    # The withdrawn row is kept in the event's history.
    assert EventParticipant.history.filter(id=signup.pk, history_type="-").exists()


def test_member_b_cannot_see_or_withdraw_member_as_sign_up(client, county, event_a, member_login):
    user_a, member_a = member_login(union=county.a, name="王建军")
    user_b, _ = member_login(union=county.a, name="李强")
    client.force_login(user_a)
    sign_up(client, event_a)
    signup = EventParticipant.objects.get(member=member_a)

    client.force_login(user_b)
    assert client.post(reverse("competitions_portal:signup_withdraw", args=[signup.pk])).status_code == 404
    page = client.get(reverse("competitions_portal:event_detail", args=[event_a.pk])).content.decode()
    assert "Sign me up" in page and "王建军" not in page
    assert signed_up(event_a) == ["王建军"]


def test_a_members_login_does_not_open_the_officers_event_pages(client, county, event_a, member_login):
    user, _ = member_login(union=county.a)
    client.force_login(user)
    assert client.get(reverse("competitions:event_detail", args=[event_a.pk])).status_code == 404


def test_the_officer_must_give_a_last_day_before_the_event(client, county, officer_a, officer_b):
    event = SportsEventFactory(organiser=county.a, starts_on=TODAY + datetime.timedelta(days=5))
    url = reverse("competitions:event_signup_settings", args=[event.pk])
    client.force_login(officer_a)
    page = client.post(url, {"signup_open": "on"}).content.decode()
    assert "Give the last day of sign-up." in page
    after = (TODAY + datetime.timedelta(days=6)).isoformat()
    page = client.post(url, {"signup_open": "on", "signup_closes": after}).content.decode()
    assert "Sign-up cannot close after the event" in page
    event.refresh_from_db()
    assert not event.signup_open
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_places_cannot_be_cut_below_the_members_signed_up(client, county, officer_a, event_a, member_login):
    for _ in range(2):
        event_sign_up(event_a, member_login(union=county.a)[1])
    client.force_login(officer_a)
    page = client.post(reverse("competitions:event_signup_settings", args=[event_a.pk]), {
        "signup_open": "on", "signup_closes": event_a.signup_closes.isoformat(), "capacity": "1"}).content.decode()
    assert "2 members have signed up already" in page


def test_a_member_who_left_cannot_sign_up(client, county, event_a, member_login):
    user, member = member_login(union=county.a, status="withdrawn", left_on=TODAY)
    client.force_login(user)
    assert client.post(reverse("competitions_portal:event_sign_up", args=[event_a.pk])).status_code == 404
    assert not any(a.key in {"event_sign_up", "improvement_proposal_submit"} for a in actions_for(member))


def test_the_events_page_lists_each_event_with_one_query_per_kind(client, county, member_login,
                                                                  django_assert_max_num_queries):
    user, member = member_login(union=county.a)
    for _ in range(5):
        event_sign_up(_open_event(county.a), member)
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("competitions_portal:event_list"))
    assert response.content.decode().count("Signed up") == 5
