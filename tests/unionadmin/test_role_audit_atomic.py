"""A role grant or revocation and its audit row persist together or not at all: when the
database refuses either the audit row or the change, neither is kept."""
import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from unionadmin.models import AuditEvent, RoleAssignment, User
from unionadmin.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)  # real commits, so a rollback is a real rollback


def _refused(model, event, when="true"):
    """A PostgreSQL trigger that refuses ``event`` on ``model``'s table, as a full disk or a
    lost connection would: the failure comes from the database, not from a patched function."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION test_refuse_row() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'row refused by the test'; END $$ LANGUAGE plpgsql
        """)
        cursor.execute(f"""
            CREATE TRIGGER test_refuse_row BEFORE {event} ON {table} FOR EACH ROW
            WHEN ({when}) EXECUTE FUNCTION test_refuse_row()
        """)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS test_refuse_row ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS test_refuse_row()")


@pytest.fixture
def audit_rows_refused():
    yield from _refused(AuditEvent, "INSERT", when="NEW.verb IN ('grant_role', 'revoke_role')")


@pytest.fixture
def role_deletions_refused():
    yield from _refused(RoleAssignment, "DELETE")


def test_a_grant_whose_audit_row_fails_is_not_kept(client, county, federation_admin, officer_b, audit_rows_refused):
    client.force_login(federation_admin)
    with pytest.raises(DatabaseError, match="row refused"):
        client.post(reverse("role_grant", args=[county.a.pk]),
                    {"login": officer_b.username, "role": Role.WELFARE_OFFICER})
    assert not RoleAssignment.objects.filter(user=officer_b, organisation=county.a).exists()
    assert not AuditEvent.objects.exists()


def test_a_new_account_whose_grant_audit_fails_is_not_kept(client, county, federation_admin, audit_rows_refused):
    client.force_login(federation_admin)
    with pytest.raises(DatabaseError, match="row refused"):
        client.post(reverse("role_grant", args=[county.a.pk]), {
            "login": "chenjing", "full_name": "陈静", "mobile": "13700001111", "role": Role.UNION_OFFICER,
            "password": "Qingxi-2026-union"})
    assert not User.objects.filter(username="chenjing").exists()
    assert not RoleAssignment.objects.filter(user__username="chenjing").exists()


def test_a_revocation_whose_audit_row_fails_leaves_the_role(client, county, federation_admin, officer_a,
                                                          audit_rows_refused):
    assignment = RoleAssignment.objects.get(user=officer_a)
    client.force_login(federation_admin)
    with pytest.raises(DatabaseError, match="row refused"):
        client.post(reverse("role_revoke", args=[assignment.pk]))
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEvent.objects.exists()


def test_a_revocation_that_fails_leaves_no_audit_row(client, county, federation_admin, officer_a,
                                                     role_deletions_refused):
    assignment = RoleAssignment.objects.get(user=officer_a)
    client.force_login(federation_admin)
    with pytest.raises(DatabaseError, match="row refused"):
        client.post(reverse("role_revoke", args=[assignment.pk]))
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.REVOKE_ROLE).exists()


def test_without_the_failure_both_are_kept(client, county, federation_admin, officer_b):
    client.force_login(federation_admin)
    client.post(reverse("role_grant", args=[county.a.pk]), {"login": officer_b.username, "role": Role.WELFARE_OFFICER})
    assignment = RoleAssignment.objects.get(user=officer_b, organisation=county.a)
    client.post(reverse("role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert list(AuditEvent.objects.order_by("at").values_list("verb", flat=True)) == ["grant_role", "revoke_role"]
