"""The electronic membership card (issue 19, item 3): the card page, its QR token, the public
verify page, expiry, revocation, leaving and transfer. No sleeping: an old token is signed with
an older timestamp (members.ecards.sign(card, at=...))."""
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from members import ecards
from members.models import ElectronicCard, Member
from tests.conftest import _user_with
from unionadmin.roles import Role

from .factories_access import CardMemberFactory, ElectronicCardFactory

pytestmark = pytest.mark.django_db

CARD = reverse("portal:card")


def log_out(client):
    """Logs out keeping the language switch (the test client's logout forgets every cookie)."""
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    client.logout()
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value


@pytest.fixture
def card_member(county, member_login):
    """Member A of union A with a card number and a login: (user, member)."""
    return member_login(CardMemberFactory(union=county.a, name="甲会员", phone="13900001111",
                                          card_number="A0000123"))


def verify_url_on(page: str) -> str:
    """The verify page's path, as the QR code and the page's link carry it."""
    found = re.search(r'data-verify-url="[^"]*?(/card/[^"/]+/)"', page)
    assert found, "the card page names no verify URL"
    return found.group(1)


def test_the_card_page_shows_the_card_and_a_qr_code_that_verifies(client, english, card_member):
    user, member = card_member
    client.force_login(user)
    page = client.get(CARD).content.decode()
    assert "甲会员" in page and "A0000123" in page and member.union.name in page
    assert "<svg" in page and "ecard-qr" in page
    assert f'hx-trigger="every {ecards.refresh_every()}s"' in page
    assert member.id_number not in page and member.phone not in page
    assert ElectronicCard.objects.filter(member=member, revoked_at__isnull=True).count() == 1

    log_out(client)  # the verify page needs no login: any phone opens it
    check = client.get(verify_url_on(page))
    text = check.content.decode()
    assert check.status_code == 200
    assert f"Valid member of {member.union.name}" in text
    assert "甲会员" in text and "A0000123" in text
    assert "Checked at" in text
    assert member.id_number not in text and member.phone not in text
    assert "no-cache" in check["Cache-Control"] or "no-store" in check["Cache-Control"]


def test_the_card_page_keeps_the_same_card_and_refreshes_its_token(client, card_member):
    user, member = card_member
    client.force_login(user)
    client.get(CARD)
    fragment = client.get(reverse("portal:card_code"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<svg" in fragment.content.decode() and "<html" not in fragment.content.decode()
    assert ElectronicCard.objects.filter(member=member).count() == 1  # a new token, not a new card


def test_a_member_without_a_card_number_is_told_the_union_issues_them(client, english, member_login, county):
    user, member = member_login(CardMemberFactory(union=county.a, card_number=""))
    client.force_login(user)
    page = client.get(CARD).content.decode()
    assert "The union has not given you a card number yet" in page
    assert "<svg" not in page
    assert not ElectronicCard.objects.filter(member=member).exists()


def test_an_expired_token_asks_for_a_refresh_and_names_nobody(client, english, card_member):
    _user, member = card_member
    card = ecards.card_for(member)
    old = timezone.now() - timedelta(seconds=ecards.token_lifetime() + 5)
    text = client.get(reverse("public:card_verify", args=[ecards.sign(card, at=old)])).content.decode()
    assert "This code has expired. Ask the member to refresh" in text
    assert "甲会员" not in text and "A0000123" not in text
    # Just inside its lifetime, the same card verifies.
    fresh = timezone.now() - timedelta(seconds=ecards.token_lifetime() - 30)
    assert "Valid member of" in client.get(reverse("public:card_verify", args=[ecards.sign(card, at=fresh)])
                                           ).content.decode()


@pytest.mark.parametrize("token", ["nonsense", "MQ:1abc:xyz", "12345", "eyJhIjoxfQ:1vGk0e:" + "A" * 43])
def test_a_token_the_site_did_not_sign_is_not_a_valid_card(client, english, card_member, token):
    response = client.get(reverse("public:card_verify", args=[token]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "This is not a valid membership card code." in text
    assert "甲会员" not in text


def test_a_tampered_token_naming_another_card_is_refused(client, english, card_member, county):
    _user, member = card_member
    other = ElectronicCardFactory(member=CardMemberFactory(union=county.a, name="乙会员"))
    token = ecards.sign(ecards.card_for(member))
    value, stamp, signature = token.split(":")
    forged = ecards.sign(other).split(":")[0] + f":{stamp}:{signature}"  # another card's value, A's signature
    text = client.get(reverse("public:card_verify", args=[forged])).content.decode()
    assert "This is not a valid membership card code." in text
    assert "乙会员" not in text and "甲会员" not in text


def test_the_token_names_the_card_row_not_the_id_number(card_member):
    _user, member = card_member
    card = ecards.card_for(member)
    token = ecards.sign(card)
    assert member.id_number not in token and member.card_number not in token
    assert ecards.verify(token).card == card


def test_a_revoked_card_stops_verifying_at_once_and_the_member_gets_a_new_one(client, english, card_member,
                                                                               officer_a):
    user, member = card_member
    client.force_login(user)
    old_page = client.get(CARD).content.decode()
    old_url = verify_url_on(old_page)
    card = ElectronicCard.objects.get(member=member)

    client.force_login(officer_a)
    assert client.get(reverse("members:ecard_revoke", args=[card.pk])).status_code == 200
    response = client.post(reverse("members:ecard_revoke", args=[card.pk]), {"reason": "手机丢失"}, follow=True)
    assert "no longer verifies" in response.content.decode()
    card.refresh_from_db()
    assert card.revoked_at and card.revoked_by == officer_a and card.revoke_reason == "手机丢失"

    log_out(client)
    text = client.get(old_url).content.decode()
    assert "This membership card is not valid." in text and "甲会员" not in text

    client.force_login(user)
    new_page = client.get(CARD).content.decode()
    new_card = ElectronicCard.objects.get(member=member, revoked_at__isnull=True)
    assert new_card.pk != card.pk
    log_out(client)
    assert "Valid member of" in client.get(verify_url_on(new_page)).content.decode()


def test_revoking_needs_a_reason_and_happens_once(client, english, card_member, officer_a):
    _user, member = card_member
    card = ecards.card_for(member)
    client.force_login(officer_a)
    url = reverse("members:ecard_revoke", args=[card.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    ecards.revoke(card, by=officer_a, reason="first")
    response = client.post(url, {"reason": "again"})
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.revoke_reason == "first"


def test_only_the_managing_officers_of_the_members_union_may_revoke(client, card_member, county, officer_b):
    _user, member = card_member
    card = ecards.card_for(member)
    url = reverse("members:ecard_revoke", args=[card.pk])
    client.force_login(officer_b)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(_user_with(Role.WELFARE_OFFICER, county.a))  # sees the union's cards, revokes none
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(_user_with(Role.UNION_CHAIR, county.a))
    assert client.post(url, {"reason": "x"}).status_code == 302
    card.refresh_from_db()
    assert card.revoked_at is not None


@pytest.mark.parametrize("status", [Member.Status.WITHDRAWN, Member.Status.RETIRED, Member.Status.DECEASED])
def test_a_member_who_left_no_longer_verifies(client, english, card_member, status):
    user, member = card_member
    token = ecards.sign(ecards.card_for(member))
    Member.objects.filter(pk=member.pk).update(status=status, left_on=timezone.localdate())
    text = client.get(reverse("public:card_verify", args=[token])).content.decode()
    assert "This membership card is not valid." in text and "甲会员" not in text
    client.force_login(user)
    page = client.get(CARD).content.decode()
    assert "<svg" not in page  # no card to show for a membership that ended


def test_a_transferred_member_no_longer_verifies_for_the_old_union(client, english, card_member, county):
    user, member = card_member
    token = ecards.sign(ecards.card_for(member))
    # The transfer closes the membership at A; the person is a current member of B.
    Member.objects.filter(pk=member.pk).update(status=Member.Status.TRANSFERRED, left_on=timezone.localdate())
    at_b = CardMemberFactory(union=county.b, name="甲会员", id_number=member.id_number, card_number="B0000009",
                             user=user)
    assert "This membership card is not valid." in client.get(
        reverse("public:card_verify", args=[token])).content.decode()
    client.force_login(user)
    page = client.get(CARD).content.decode()
    assert "B0000009" in page and county.b.name in page
    log_out(client)
    text = client.get(verify_url_on(page)).content.decode()
    assert f"Valid member of {county.b.name}" in text and "B0000009" in text
    assert ElectronicCard.objects.get(member=at_b, revoked_at__isnull=True).union == county.b


def test_a_card_whose_union_differs_from_the_members_stops_verifying(client, english, card_member, county):
    """The same membership row moved to another union (an officer's correction): the card was
    issued at A, the member is now at B, so A's card says nothing about B."""
    _user, member = card_member
    token = ecards.sign(ecards.card_for(member))
    Member.objects.filter(pk=member.pk).update(union=county.b)
    assert "This membership card is not valid." in client.get(
        reverse("public:card_verify", args=[token])).content.decode()


def test_one_member_cannot_open_anothers_card(client, card_member, county, member_login):
    user_a, member_a = card_member
    user_b, member_b = member_login(CardMemberFactory(union=county.a, name="乙会员", card_number="A0000456",
                                                      phone="13900002222"))
    client.force_login(user_a)
    page_a = client.get(CARD).content.decode()
    client.force_login(user_b)
    page_b = client.get(CARD).content.decode()
    assert "A0000456" in page_b and "乙会员" in page_b
    assert "A0000123" not in page_b and "甲会员" not in page_b
    # A's token verifies as A, whoever opens it.
    assert "甲会员" in client.get(verify_url_on(page_a)).content.decode()
    assert ecards.verify(verify_url_on(page_a).split("/")[2]).card.member == member_a


def test_the_members_page_shows_the_card_and_the_revoke_link_to_its_officer(client, english, card_member,
                                                                            officer_a):
    _user, member = card_member
    card = ecards.card_for(member)
    client.force_login(officer_a)
    page = client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert "Electronic card issued on" in page
    assert reverse("members:ecard_revoke", args=[card.pk]) in page
