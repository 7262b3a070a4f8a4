"""Accounts and organisations sent twice at once (a double click, or two administrators): one
record, and the second request reads why — never a server error (two threads, own
connections, real PostgreSQL; tests/concurrency.py). The list of every unique constraint and
where its race is tested is tests/unionadmin/test_unique_constraints.py."""
import pytest
from django.test import Client
from django.urls import reverse

from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.factories import make_credit_code
from tests.forms import page_form
from unionadmin.models import Organisation, RoleAssignment, User
from unionadmin.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Qingxi-2026-union"


def test_a_role_granted_twice_at_once(county, federation_admin, officer_b):
    url = reverse("role_grant", args=[county.a.pk])
    with writes_meet(RoleAssignment):
        responses = post_at_once(federation_admin, url, {"login": officer_b.username, "role": Role.WELFARE_OFFICER},
                                 referer=url)
    assert_no_server_error_and_told(responses, "Role assignment with this User, Organisation and Role already exists.")
    assert RoleAssignment.objects.filter(user=officer_b, organisation=county.a).count() == 1


def test_a_new_account_created_twice_at_once(county, federation_admin):
    url = reverse("role_grant", args=[county.a.pk])
    with writes_meet(User):
        responses = post_at_once(federation_admin, url, {
            "login": "chenjing", "full_name": "陈静", "mobile": "13700001111", "role": Role.UNION_OFFICER,
            "password": PASSWORD}, referer=url)
    assert_no_server_error_and_told(responses, "already exists.")
    assert User.objects.filter(username="chenjing").count() == 1
    assert RoleAssignment.objects.filter(user__username="chenjing").count() == 1


def test_one_credit_code_given_to_two_organisations_at_once(county, federation_admin):
    code = make_credit_code(515151)
    client = Client()
    client.force_login(federation_admin)
    posts = []
    for org in (county.a, county.b):
        url = reverse("organisation_update", args=[org.pk])
        posts.append((url, {**page_form(client.get(url).content.decode()), "credit_code": code}))
    with writes_meet(Organisation):
        responses = post_at_once(federation_admin, posts=posts, referer=posts[0][0])
    assert_no_server_error_and_told(responses, "already exists.")
    assert Organisation.objects.filter(credit_code=code).count() == 1


def test_one_mobile_number_given_to_two_new_accounts_at_once(county, federation_admin):
    url = reverse("role_grant", args=[county.a.pk])
    posts = [(url, {"login": login, "full_name": name, "mobile": "13700002222", "role": Role.UNION_OFFICER,
                    "password": PASSWORD}) for login, name in (("chenjing", "陈静"), ("liming", "李明"))]
    with writes_meet(User):
        responses = post_at_once(federation_admin, posts=posts, referer=url)
    assert_no_server_error_and_told(responses, "User with this Mobile number already exists.")
    assert User.objects.filter(mobile="13700002222").count() == 1
