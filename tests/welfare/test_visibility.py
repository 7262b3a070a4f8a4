"""Who sees welfare data: welfare officers and the chair of the household's union, and
federation welfare staff above it. Nobody else, and personal data only masked with a logged
reveal."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.models import AuditEvent
from unionadmin.roles import Role
from unionadmin.scoping import role_paths
from welfare.access import may
from welfare.models import Grant, HardshipFile, HouseholdMember

from .conftest import holder
from .factories import GrantFactory, HardshipFileFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(county):
    return {"a": HardshipFileFactory(union=county.a), "b": HardshipFileFactory(union=county.b)}


def visible(user):
    return set(HardshipFile.objects.visible_to(user).values_list("union__name", flat=True))


def test_welfare_officer_sees_their_union_only(files, welfare_a):
    assert visible(welfare_a) == {"甲公司工会"}


def test_federation_welfare_staff_see_every_union_below(files, federation_welfare):
    assert visible(federation_welfare) == {"甲公司工会", "乙学校工会"}


def test_the_chair_of_the_household_union_sees_its_files(county, files, chair_a):
    assert visible(chair_a) == {"甲公司工会"}


def test_the_chair_role_not_the_title_grants_the_chair_its_rights(county, files):
    """A union_chair without any title is a chair; an officer titled 主席 without the role is not."""
    assert visible(holder(Role.UNION_CHAIR, county.a)) == {"甲公司工会"}
    assert visible(holder(Role.UNION_OFFICER, county.a, "主席")) == set()


def test_the_chair_sees_reveals_approves_and_exports_but_does_not_change(county, files, chair_a, welfare_a):
    file = files["a"]
    for action in ("view", "reveal", "approve", "export"):
        assert HardshipFile.scope.allows(chair_a, action, file), action
        assert HardshipFile.objects.visible_to(chair_a, action).filter(pk=file.pk).exists(), action
    assert not HardshipFile.scope.allows(chair_a, "change", file)
    assert not HardshipFile.objects.visible_to(chair_a, "change").exists()
    assert (may(chair_a, "view"), may(chair_a, "change")) == (True, False)
    assert (may(welfare_a, "view"), may(welfare_a, "change")) == (True, True)


def test_a_welfare_officer_at_a_branch_does_not_see_the_union_above(county, files):
    from tests.factories import BranchFactory

    branch = BranchFactory(parent=county.a)
    officer = holder(Role.WELFARE_OFFICER, branch)
    below = HardshipFileFactory(union=branch)
    assert set(HardshipFile.objects.visible_to(officer)) == {below}


@pytest.mark.parametrize("role, title", [
    (Role.UNION_OFFICER, ""), (Role.UNION_OFFICER, "副主席"), (Role.UNION_OFFICER, "主席"), (Role.DELEGATE, "主席"),
    (Role.DEPARTMENT, ""),
    (Role.JUDGE, ""), (Role.FEDERATION_ADMIN, ""), (Role.FEDERATION_REVIEWER, ""),
])
def test_other_roles_see_nothing_and_get_404(client, county, files, role, title):
    at = county.federation if role in (Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER) else county.a
    user = holder(role, at, title)
    assert not HardshipFile.objects.visible_to(user).exists()
    assert not Grant.objects.visible_to(user).exists()
    client.force_login(user)
    for url in (reverse("welfare:file_list"), reverse("welfare:file_detail", args=[files["a"].pk]),
                reverse("welfare:grant_list"), reverse("welfare:reports"), reverse("welfare:grant_export")):
        assert client.get(url).status_code == 404, url


def test_outsider_and_anonymous(client, files, outsider):
    assert client.get(reverse("welfare:file_list")).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(reverse("welfare:file_detail", args=[files["a"].pk])).status_code == 404


def test_chair_sees_but_cannot_edit(client, county, files, chair_a):
    client.force_login(chair_a)
    file = files["a"]
    assert client.get(reverse("welfare:file_detail", args=[file.pk])).status_code == 200
    assert client.get(reverse("welfare:file_update", args=[file.pk])).status_code == 403
    assert client.get(reverse("welfare:file_create")).status_code == 403
    assert client.get(reverse("welfare:file_detail", args=[files["b"].pk])).status_code == 404


def test_the_roles_are_read_once_and_a_file_is_judged_without_a_query(county, files):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.UNION_CHAIR, organisation=county.a)
    RoleAssignmentFactory(user=user, role=Role.WELFARE_OFFICER, organisation=county.b)
    RoleAssignmentFactory(user=user, role=Role.DELEGATE, organisation=county.b)
    file_a = HardshipFile.objects.select_related("union").get(pk=files["a"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert visible(user) == {"甲公司工会", "乙学校工会"}
        list(Grant.objects.visible_to(user))
        assert HardshipFile.scope.allows(user, "approve", file_a)
        assert not HardshipFile.scope.allows(user, "change", file_a)
    assert len(queries) == 3  # the roles once, then one query per list; allows asks nothing
    assert role_paths(user)[Role.UNION_CHAIR] == [county.a.path]


def test_menu_entry_for_welfare_officers_only(client, welfare_a, officer_a):
    client.force_login(welfare_a)
    assert f'href="{reverse("welfare:file_list")}"' in client.get(reverse("organisation_list")).content.decode()
    client.force_login(officer_a)
    assert reverse("welfare:file_list") not in client.get(reverse("organisation_list")).content.decode()


# --- personal data ---------------------------------------------------------------------------
def test_id_numbers_and_incomes_are_masked_and_a_reveal_is_logged(client, county, welfare_a):
    file = HardshipFileFactory(union=county.a)
    spouse = HouseholdMemberFactory(file=file, id_number="511002198706150023", monthly_income="1234.50")
    client.force_login(welfare_a)
    content = client.get(reverse("welfare:file_detail", args=[file.pk])).content.decode()
    assert "511002198706150023" not in content
    assert "511002********0023" in content
    assert "1234.50" not in content and "1,234.50" not in content
    url = reverse("welfare:householdmember_reveal", kwargs={"pk": spouse.pk, "field": "id_number"})
    assert url in content
    response = client.post(url)
    assert response.status_code == 200 and "511002198706150023" in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REVEAL)
    assert (event.actor, event.organisation, event.data["field"]) == (welfare_a, county.a, "id_number")
    assert event.target == spouse
    response = client.post(reverse("welfare:householdmember_reveal",
                                   kwargs={"pk": spouse.pk, "field": "monthly_income"}))
    assert "1,234.50" in response.content.decode()
    response = client.post(reverse("welfare:hardshipfile_reveal", kwargs={"pk": file.pk, "field": "per_capita_income"}))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.REVEAL).count() == 3


def test_a_reveal_of_another_unions_data_is_404_and_not_logged(client, county, welfare_b):
    spouse = HouseholdMemberFactory(file__union=county.a)
    client.force_login(welfare_b)
    response = client.post(reverse("welfare:householdmember_reveal", kwargs={"pk": spouse.pk, "field": "id_number"}))
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_the_grant_ledger_shows_no_id_number_or_income(client, county, welfare_a):
    file = HardshipFileFactory(union=county.a, filed=True, head=950)
    GrantFactory(union=county.a, member=file.worker, file=file, recipient_income=file.per_capita_income)
    client.force_login(welfare_a)
    content = client.get(reverse("welfare:grant_list")).content.decode()
    assert file.worker.id_number not in content
    assert "950.00" not in content


def test_household_member_model_declares_its_personal_fields():
    assert set(HouseholdMember.personal_fields) == {"id_number", "monthly_income"}
    assert set(HardshipFile.personal_fields) == {"per_capita_income", "total_income"}
