"""manage.py load_demo: the demo county is complete, valid, loaded once, and its logins work."""
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from members.models import Member
from members.validators import birth_date_from_id, gender_from_id, validate_id_number
from unionadmin.demo.data import PASSWORD
from unionadmin.indicators import registry
from unionadmin.models import Organisation, RoleAssignment, User
from unionadmin.roles import Role
from unionadmin.validators import validate_credit_code

pytestmark = pytest.mark.django_db(transaction=False)

MEMBERS = 300


def load(members=MEMBERS) -> str:
    out = io.StringIO()
    call_command("load_demo", "--members", str(members), stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> list[dict]:
    """The rows of the printed login table, as dicts keyed by its header."""
    lines = output.split("Demo logins", 1)[1].split("More demo logins", 1)[0].splitlines()[1:]
    header, *rows = [line.split(None, 4) for line in lines if line.strip()]
    return [dict(zip(header, row)) for row in rows]


def counts() -> dict:
    return {
        "organisations": Organisation.objects.count(),
        "organisation history": Organisation.history.count(),
        "members": Member.objects.count(),
        "member history": Member.history.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
    }


@pytest.fixture
def output():
    return load()


def test_builds_one_federation_with_grassroots_unions_in_every_category(output):
    federation = Organisation.objects.get(level=Organisation.Level.FEDERATION)
    assert federation.document_code and federation.sector == Organisation.Sector.GOVERNMENT
    assert Organisation.objects.filter(level=Organisation.Level.INDUSTRY, parent=federation).count() >= 3

    grassroots = Organisation.objects.grassroots()
    assert grassroots.count() >= 25
    assert set(grassroots.values_list("category", flat=True)) == set(Organisation.Category.values)
    assert {"school", "hospital", "government", "township", "community", "regional", "project"} <= set(
        grassroots.values_list("sector", flat=True)
    )
    for unit in grassroots:
        validate_credit_code(unit.credit_code)
        assert unit.parent.level in {Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY}
        assert unit.employee_count > 0 and unit.founded_on and unit.chair_name
        assert not unit.has_own_account or unit.bank_account
    assert Organisation.objects.filter(level=Organisation.Level.BRANCH).exists()
    assert Organisation.objects.filter(level=Organisation.Level.GROUP, parent__level="branch").exists()
    assert "Loaded the demo county" in output


def test_every_member_is_valid_and_consistent_with_the_id_number(output):
    members = list(Member.objects.select_related("union"))
    assert len(members) == MEMBERS
    for member in members:
        validate_id_number(member.id_number)
        assert member.birth_date == birth_date_from_id(member.id_number)
        assert member.gender == gender_from_id(member.id_number)
        assert 1965 <= member.birth_date.year <= 2003
        assert member.joined_on.replace(year=member.joined_on.year - 18) >= member.birth_date
        assert re.fullmatch(r"1[3-9]\d{9}", member.phone)
        assert member.union.level != Organisation.Level.FEDERATION
    assert len({m.id_number for m in members}) == len(members)
    assert any(m.status == Member.Status.RETIRED and m.left_on for m in members)
    assert any(m.union.level == Organisation.Level.BRANCH for m in members)
    migrants = [m for m in members if m.employment_type == Member.EmploymentType.MIGRANT]
    assert sum(m.union.sector == Organisation.Sector.PROJECT for m in migrants) >= 5


def test_membership_rates_are_mostly_high_with_a_few_laggards(output):
    federation = Organisation.objects.get(level=Organisation.Level.FEDERATION)
    rates = [m.numerator / m.denominator for m in registry.get("membership_rate").measure_units(federation, 2026).values()]
    assert sum(rate < 0.8 for rate in rates) >= 2
    assert sum(rate >= 0.85 for rate in rates) >= len(rates) * 0.8


def test_every_role_logs_in_with_the_printed_password_by_username_and_mobile(output):
    rows = printed_logins(output)
    assert {row["role"] for row in rows} >= set(Role.values) | {"superuser"}
    for row in rows:
        for login in (row["username"], row["mobile"]):
            request = RequestFactory().post("/accounts/login/")
            user = authenticate(request, username=login, password=row["password"])
            assert user is not None and user.username == row["username"], login
        if row["role"] == "superuser":
            assert user.is_superuser
        else:
            assert user.role_assignments.filter(role=row["role"], organisation__name=row["organisation"]).exists()
    officers = [row for row in rows if row["role"] in (Role.UNION_OFFICER, Role.UNION_CHAIR)]
    assert len({row["organisation"] for row in officers}) == 2  # scoping shows between two unions


def test_the_logins_a_journey_needs_are_printed_after_the_table_and_log_in(output):
    # The teachers' ethics assessment is walked through by the school's reviewer and the
    # education union above; neither is "the" login of a role, so they come in a table of their own.
    more = output.split("More demo logins", 1)[1]
    for username in ("school_ethics", "edu_union"):
        line = next(line for line in more.splitlines() if line.split()[:1] == [username])
        mobile = line.split()[1]
        user = authenticate(RequestFactory().post("/accounts/login/"), username=mobile, password=PASSWORD)
        assert user is not None and user.username == username


def test_a_second_run_changes_nothing_and_still_prints_the_logins(output):
    before = counts()
    again = load(members=50)
    assert counts() == before
    assert "already loaded" in again
    assert printed_logins(again) == printed_logins(output)


def test_refuses_when_a_demo_username_is_taken_by_someone_else():
    User.objects.create_user("admin", password="someone else's 42")
    with pytest.raises(CommandError, match="admin"):
        load()
    assert not Organisation.objects.exists()
    assert not Member.objects.exists()


def test_the_member_portal_demo_has_applications_waiting_and_member_logins_that_open_the_portal(output, client):
    from members.models import JoinApplication, JoinLink

    # At 恒达机械工会: three waiting (one from a current member of 鑫源水泥工会: the transfer is
    # offered), one refused with its reason, one approved this year that stands for a joiner on the roll.
    hengda = Organisation.objects.get(short_name="恒达机械工会")
    applications = JoinApplication.objects.filter(union=hengda)
    waiting = applications.filter(state=JoinApplication.State.SUBMITTED)
    assert waiting.count() == 3
    elsewhere = waiting.exclude(member_elsewhere=None).get()
    assert elsewhere.member_elsewhere.union.path.startswith(Organisation.objects.get(short_name="鑫源水泥工会").path)
    assert applications.get(state=JoinApplication.State.REFUSED).refusal_reason
    approved = applications.get(state=JoinApplication.State.APPROVED)
    assert approved.member.joined_on.year == approved.decided_at.year and approved.decided_at > approved.submitted_at
    assert JoinLink.objects.filter(union=hengda).exists()
    assert Member.objects.count() == MEMBERS  # the online joiner was on the roll already
    # The indicators show figures for the county this year.
    federation = Organisation.objects.get(level=Organisation.Level.FEDERATION)
    year = approved.decided_at.year
    assert registry.get("join_applications_approved").measure(federation, year).value >= 1
    assert registry.get("join_approval_days").measure(federation, year).value > 0
    assert registry.get("online_join_share").measure(federation, year).value > 0
    # The member logins, printed after the table, log in by mobile with the demo password and open /me/.
    more = output.split("More demo logins", 1)[1]
    for username in ("member_new", "member", "delegate"):
        line = next(line for line in more.splitlines() if line.split()[:1] == [username])
        user = authenticate(RequestFactory().post("/accounts/login/"), username=line.split()[1], password=PASSWORD)
        assert user is not None and user.username == username
        membership = Member.objects.get(user=user, status=Member.Status.ACTIVE)
        assert membership.union.path.startswith(hengda.path)
        client.force_login(user)
        assert membership.name in client.get("/me/").content.decode()
    assert Member.objects.get(user__username="delegate").name == "张伟"
    assert approved.member.user.username == "member_new"
