"""A member's own login (issue 19, item 2): the officer's invitation, the one-time link texted to
the member, setting the password (a used or an expired link is refused with a page saying so),
logging in with mobile and password (django-axes counts the failures), landing on /me/, and the
menu a member sees."""
import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from members.accounts import login_for
from members.models import Member
from tests.conftest import PASSWORD, _user_with
from unionadmin.roles import Role
from unionadmin.texting import TextBackend, TextNotSent, sent_texts

from .factories import UniqueMemberFactory
from .factories_access import CardMemberFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MOBILE = "13812345678"
NEW_PASSWORD = "union card 2026!"


class RefusingBackend(TextBackend):
    """An SMS provider that cannot be reached."""

    def send(self, message):
        raise TextNotSent("provider down")


def log_out(client):
    """Logs out keeping the language switch (the test client's logout forgets every cookie)."""
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    client.logout()
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value


def invite(client, member):
    return client.post(reverse("members:member_portal_invite", args=[member.pk]), follow=True)


def link_in(text: str) -> str:
    found = re.search(r"https?://[^/\s]+(/me/welcome/[^\s]+/)", text)
    assert found, text
    return found.group(1)


def last_link(mobile=MOBILE) -> str:
    texts = sent_texts(mobile)
    assert texts, "no text message was sent"
    assert texts[-1]["purpose"] == "password_link"
    return link_in(texts[-1]["body"])


def set_password(client, link, password=NEW_PASSWORD):
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "new_password1" in form.content.decode(), form.content.decode()[:2000]
    return client.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                       {"new_password1": password, "new_password2": password}, follow=True)


def test_an_officer_invites_a_member_who_sets_a_password_and_logs_in_with_the_mobile(client, english, county,
                                                                                      officer_a, member_a):
    client.force_login(officer_a)
    page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    assert "No portal login." in page and "Invite to the member portal" in page

    response = invite(client, member_a)
    assert "A link to set a password was texted to 138****5678." in response.content.decode()
    member_a.refresh_from_db()
    user = member_a.user
    assert user is not None and user.mobile == MOBILE and not user.has_usable_password()
    assert "Invited; the password has not been set yet." in response.content.decode()
    link = last_link()

    log_out(client)
    done = set_password(client, link)
    assert "Your password is set." in done.content.decode()
    log_out(client)

    # The login page takes the mobile number and the new password; the member lands on /me/.
    response = client.post(LOGIN, {"username": MOBILE, "password": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    page = response.content.decode()
    assert "张秀英" in page and county.a.name in page

    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the member's login set their own language
    page = client.get(reverse("members:member_detail", args=[member_a.pk])).content.decode()
    assert "Has a portal login." in page and "Send a new password link" in page


def test_a_used_link_is_refused_with_a_clear_page(client, english, officer_a, member_a):
    client.force_login(officer_a)
    invite(client, member_a)
    link = last_link()
    log_out(client)
    set_password(client, link)
    log_out(client)
    response = client.get(link, follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "This link has been used or has expired. Ask your union for a new one." in text
    assert "new_password1" not in text


def test_an_expired_link_is_refused_with_a_clear_page(client, english, member_a, settings):
    user = login_for(member_a)

    class FourDaysAgo(PasswordResetTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 3600)

    link = reverse("public:set_password", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                  "token": FourDaysAgo().make_token(user)})
    text = client.get(link, follow=True).content.decode()
    assert "This link has been used or has expired." in text and "new_password1" not in text
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_new_link_replaces_the_old_one_once_the_password_is_set(client, officer_a, member_a):
    client.force_login(officer_a)
    invite(client, member_a)
    first = last_link()
    invite(client, member_a)
    second = last_link()
    assert len(sent_texts(MOBILE)) == 2
    log_out(client)
    set_password(client, second)
    log_out(client)
    assert "new_password1" not in client.get(first, follow=True).content.decode()


def test_a_text_that_cannot_be_sent_keeps_the_login_and_says_so(client, english, officer_a, member_a, settings):
    settings.TEXT_MESSAGE_BACKEND = "tests.members.test_member_login.RefusingBackend"
    client.force_login(officer_a)
    response = invite(client, member_a)
    assert response.status_code == 200
    assert "the text message could not be sent. Try again in a moment." in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.user is not None  # nothing lost: sending again uses the same login
    settings.TEXT_MESSAGE_BACKEND = "unionadmin.texting.FileBackend"
    invite(client, member_a)
    member_a.refresh_from_db()
    assert Member.objects.filter(user=member_a.user).count() == 1 and last_link()


def test_a_member_without_a_mobile_cannot_be_invited(client, english, county, officer_a):
    member = UniqueMemberFactory(union=county.a, phone="")
    client.force_login(officer_a)
    page = client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert "Record a mobile number to invite the member." in page
    response = invite(client, member)
    assert "mobile number first: the link to set a password is sent to it" in response.content.decode()
    member.refresh_from_db()
    assert member.user is None and not sent_texts()


def test_a_member_who_left_is_not_invited(client, english, county, officer_a):
    member = UniqueMemberFactory(union=county.a, phone="13800000001", status=Member.Status.WITHDRAWN)
    client.force_login(officer_a)
    response = invite(client, member)
    assert "Only a current member can be invited" in response.content.decode()
    assert not sent_texts()


def test_a_mobile_whose_login_belongs_to_another_current_member_is_refused(client, english, county, officer_a,
                                                                           member_login):
    member_login(UniqueMemberFactory(union=county.a, phone=MOBILE))
    typo = UniqueMemberFactory(union=county.a, phone=MOBILE)  # the same mobile typed for someone else
    client.force_login(officer_a)
    response = invite(client, typo)
    assert response.status_code == 200
    assert "already belongs to another current member" in response.content.decode()
    typo.refresh_from_db()
    assert typo.user is None and not sent_texts()


def test_a_mobile_that_is_another_persons_login_is_refused_and_the_same_persons_is_kept(client, english, county,
                                                                                         officer_a):
    """A mistyped mobile must not attach a member to an officer's login; the officer who is a
    member (same name, same mobile) keeps one login."""
    officer_a.full_name, officer_a.mobile = "王干事", MOBILE
    officer_a.save()
    stranger = UniqueMemberFactory(union=county.a, phone=MOBILE, name="李四")
    client.force_login(officer_a)
    response = invite(client, stranger)
    assert "a person of another name" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.user is None and not sent_texts()
    herself = UniqueMemberFactory(union=county.b, phone=MOBILE, name="王干事")
    assert login_for(herself) == officer_a


def test_only_the_managing_officers_of_the_members_union_invite(client, county, officer_b, member_a):
    url = reverse("members:member_portal_invite", args=[member_a.pk])
    client.force_login(officer_b)
    assert client.post(url).status_code == 404
    client.force_login(_user_with(Role.WELFARE_OFFICER, county.a))  # sees the member, changes nothing
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405  # never by a link
    member_a.refresh_from_db()
    assert member_a.user is None and not sent_texts()


def test_wrong_passwords_by_mobile_lock_the_members_login(client, member_login, county):
    user, member = member_login(UniqueMemberFactory(union=county.a, phone=MOBILE))
    for _ in range(4):
        assert client.post(LOGIN, {"username": MOBILE, "password": "wrong"}).status_code == 200
    assert client.post(LOGIN, {"username": MOBILE, "password": "wrong"}).status_code == 429
    assert client.post(LOGIN, {"username": MOBILE, "password": PASSWORD}).status_code == 429


# --- where a member lands, and the menu they see -----------------------------------------------

def test_a_member_only_login_goes_to_the_portal_and_sees_a_members_menu(client, english, member_login, county):
    user, member = member_login(CardMemberFactory(union=county.a, name="王会员", card_number="A7"))
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    page = response.content.decode()
    assert "王会员" in page and county.a.name in page and "A7" in page
    assert reverse("portal:card") in page
    assert page.count(f'href="{reverse("portal:card")}"') == 3  # the menu bar, the portal's strip, the home list
    menu = page.split('id="mainnav"', 1)[1].split("</ul>", 1)[0]
    assert "My membership" in menu and "Membership card" in menu
    assert reverse("members:member_list") not in page and "Organisation" not in menu


def test_a_staff_user_who_is_also_a_member_finds_my_membership_in_their_own_menu(client, english, county,
                                                                                  officer_a):
    member = UniqueMemberFactory(union=county.b, phone="13800000002", user=officer_a)
    assert member.user == officer_a
    client.force_login(officer_a)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    page = response.content.decode()
    dropdown = page.split("dropdown-menu dropdown-menu-end", 1)[1].split("</ul>", 1)[0]
    assert reverse("portal:home") in dropdown and "My membership" in dropdown
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_officer_given_a_membership_finds_it_in_their_menu_on_the_next_page(
        client, english, county, officer_a, django_capture_on_commit_callbacks):
    officer_a.mobile = "13800000009"
    officer_a.save()
    client.force_login(officer_a)  # the login remembers: not a member
    assert "My membership" not in client.get(reverse("profile")).content.decode()
    member = UniqueMemberFactory(union=county.b, phone="13800000009", name=officer_a.full_name)
    with django_capture_on_commit_callbacks(execute=True):
        assert login_for(member) == officer_a
    assert "My membership" in client.get(reverse("profile")).content.decode()


def test_a_staff_user_who_is_not_a_member_gets_no_portal_entry(client, english, officer_a):
    client.force_login(officer_a)
    assert reverse("portal:home") not in client.get(reverse("profile")).content.decode()
    assert "My membership" not in client.get(reverse("profile")).content.decode()


def test_the_portal_home_lists_the_actions_the_apps_register_for_this_member(client, english, member_login,
                                                                             county, monkeypatch):
    from unionadmin import portal

    user, member = member_login(CardMemberFactory(union=county.a))
    monkeypatch.setitem(portal.portal_actions, "test_shown", portal.PortalAction(
        "test_shown", "Borrow a book", "profile", description="From the union's library"))
    monkeypatch.setitem(portal.portal_actions, "test_hidden", portal.PortalAction(
        "test_hidden", "Vote for the delegates", "profile", available=lambda m: m.union_id != county.a.pk))
    client.force_login(user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Borrow a book" in page and "From the union&#x27;s library" in page
    assert "Vote for the delegates" not in page
    assert "What I can do" in page
