"""Granting and revoking roles through the pages, and the audit log they write to."""
from django.test import Client

from unionadmin.models import AuditEvent, RoleAssignment, User
from unionadmin.roles import Role

from ..factories import AuditEventFactory, RoleAssignmentFactory, UserFactory

NEW_PASSWORD = "初始密码 Ab12345"


def grant_url(org):
    return f"/organisations/{org.pk}/roles/new/"


def test_federation_admin_grants_a_role_to_a_new_person_who_then_logs_in_and_sees_union_a(
        client, county, federation_admin):
    client.force_login(federation_admin)
    assert client.get(grant_url(county.a)).status_code == 200
    response = client.post(grant_url(county.a), {
        "login": "chenjing", "full_name": "陈静", "mobile": "13700001111", "role": Role.UNION_OFFICER,
        "title": "主席", "password": NEW_PASSWORD,
    })
    assert response.status_code == 302 and response.url == f"/organisations/{county.a.pk}/"

    newcomer = User.objects.get(username="chenjing")
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.organisation, assignment.role, assignment.granted_by) == (
        county.a, Role.UNION_OFFICER, federation_admin)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.GRANT_ROLE)
    assert event.actor == federation_admin and event.organisation == county.a

    browser = Client()
    assert browser.post("/accounts/login/", {"username": "13700001111", "password": NEW_PASSWORD}).status_code == 302
    assert browser.get(f"/organisations/{county.a.pk}/").status_code == 200
    listed = browser.get("/organisations/").context["object_list"]
    assert list(listed) == [county.a]
    assert browser.get(f"/organisations/{county.b.pk}/").status_code == 404


def test_granting_to_an_existing_account_creates_no_new_user(client, county, federation_admin, officer_b):
    client.force_login(federation_admin)
    users = User.objects.count()
    response = client.post(grant_url(county.a), {"login": officer_b.username, "role": Role.WELFARE_OFFICER})
    assert response.status_code == 302
    assert User.objects.count() == users
    assert RoleAssignment.objects.filter(user=officer_b, organisation=county.a, role=Role.WELFARE_OFFICER).exists()


def test_new_account_needs_a_name_and_a_strong_password(client, county, federation_admin):
    client.force_login(federation_admin)
    response = client.post(grant_url(county.a), {"login": "nobody", "role": Role.UNION_OFFICER, "password": "123"})
    assert response.status_code == 200
    assert {"full_name", "password"} <= set(response.context["form"].errors)
    assert not User.objects.filter(username="nobody").exists()


def test_officer_of_union_a_can_grant_at_a_but_gets_404_for_union_b(client, county, officer_a):
    client.force_login(officer_a)
    assert client.get(grant_url(county.a)).status_code == 200
    assert client.get(grant_url(county.b)).status_code == 404
    response = client.post(grant_url(county.b), {"login": officer_a.username, "role": Role.FEDERATION_ADMIN})
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(organisation=county.b, user=officer_a).exists()


def test_officer_of_union_a_cannot_grant_at_the_federation(client, county, officer_a):
    client.force_login(officer_a)
    assert client.get(grant_url(county.federation)).status_code == 404


def test_reviewer_cannot_grant_roles(client, county, federation_reviewer):
    client.force_login(federation_reviewer)
    assert client.get(grant_url(county.a)).status_code == 404


def test_revoking_is_post_only_and_records_an_audit_event(client, county, federation_admin, officer_a):
    assignment = RoleAssignment.objects.get(user=officer_a)
    client.force_login(federation_admin)
    url = f"/roles/{assignment.pk}/revoke/"
    assert client.get(url).status_code == 405
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()

    response = client.post(url)
    assert response.status_code == 302 and response.url == f"/organisations/{county.a.pk}/"
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REVOKE_ROLE)
    assert (event.actor, event.organisation, event.target) == (federation_admin, county.a, officer_a)


def test_nobody_revokes_their_own_role(client, county, federation_admin):
    own = RoleAssignment.objects.get(user=federation_admin)
    client.force_login(federation_admin)
    client.post(f"/roles/{own.pk}/revoke/")
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    assert not AuditEvent.objects.exists()


def test_officer_of_union_a_cannot_revoke_a_role_at_union_b(client, county, officer_a, officer_b):
    assignment = RoleAssignment.objects.get(user=officer_b)
    client.force_login(officer_a)
    assert client.post(f"/roles/{assignment.pk}/revoke/").status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_welfare_officer_may_not_revoke_at_their_own_union(client, county, officer_a):
    welfare = RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=county.a).user
    assignment = RoleAssignment.objects.get(user=officer_a)
    client.force_login(welfare)
    assert client.post(f"/roles/{assignment.pk}/revoke/").status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


# --- the audit log ---------------------------------------------------------------------------

def test_audit_log_is_visible_to_the_federation_admin(client, county, federation_admin):
    AuditEventFactory(organisation=county.federation, detail="导出全县会员名册")
    AuditEventFactory(organisation=county.b, detail="乙学校导出")
    client.force_login(federation_admin)
    response = client.get("/audit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "导出全县会员名册" in content and "乙学校导出" in content


def test_union_officer_does_not_see_the_federations_audit_events(client, county, officer_a):
    AuditEventFactory(organisation=county.federation, detail="导出全县会员名册")
    AuditEventFactory(organisation=county.a, detail="甲公司导出")
    client.force_login(officer_a)
    response = client.get("/audit/")
    assert response.status_code in (200, 403, 404)
    content = response.content.decode()
    assert "导出全县会员名册" not in content
    if response.status_code == 200:
        assert list(response.context["object_list"]) == []


def test_federation_admin_of_another_county_sees_none_of_this_countys_events(client, county):
    from ..factories import FederationFactory

    elsewhere = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=FederationFactory()).user
    AuditEventFactory(organisation=county.a, detail="甲公司导出")
    client.force_login(elsewhere)
    assert "甲公司导出" not in client.get("/audit/").content.decode()


def test_a_new_users_password_is_never_stored_in_the_audit_event(client, county, federation_admin):
    client.force_login(federation_admin)
    client.post(grant_url(county.a), {
        "login": "zhaolei", "full_name": "赵磊", "role": Role.DELEGATE, "password": NEW_PASSWORD,
    })
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.GRANT_ROLE)
    assert NEW_PASSWORD not in f"{event.detail} {event.data}"
    assert UserFactory._meta.model.objects.get(username="zhaolei").check_password(NEW_PASSWORD)


def test_union_officer_cannot_grant_federation_roles_or_grant_to_themselves(client, county, officer_a):
    client.force_login(officer_a)
    client.post(grant_url(county.a), {"login": officer_a.username, "role": Role.FEDERATION_ADMIN})
    assert not RoleAssignment.objects.filter(user=officer_a, role=Role.FEDERATION_ADMIN).exists()


def test_union_officer_is_offered_no_federation_role_and_cannot_give_themselves_one(client, county, officer_a):
    client.force_login(officer_a)
    page = client.get(grant_url(county.a)).content.decode()
    assert f'value="{Role.FEDERATION_ADMIN}"' not in page
    assert f'value="{Role.UNION_OFFICER}"' in page
    response = client.post(grant_url(county.a), {"login": officer_a.username, "role": Role.WELFARE_OFFICER})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=officer_a, role=Role.WELFARE_OFFICER).exists()


def test_federation_admin_grants_federation_roles_only_at_federation_level(client, county, federation_admin):
    client.force_login(federation_admin)
    assert f'value="{Role.FEDERATION_REVIEWER}"' in client.get(grant_url(county.federation)).content.decode()
    assert f'value="{Role.FEDERATION_REVIEWER}"' not in client.get(grant_url(county.a)).content.decode()


def test_union_officer_may_add_branches_but_not_change_the_level_of_their_union(client, county, officer_a):
    client.force_login(officer_a)
    form_page = client.get(f"/organisations/{county.a.pk}/edit/").content.decode()
    assert 'name="level"' in form_page and "disabled" in form_page.split('name="level"')[1].split(">")[0]
    new_page = client.get(f"/organisations/new/?parent={county.a.pk}").content.decode()
    assert 'value="federation"' not in new_page and 'value="branch"' in new_page
