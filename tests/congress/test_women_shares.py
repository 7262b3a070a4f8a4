"""What the union's 女职工 tab and the county overview say about women (review findings): the
members of the union's branches count, both kinds of delegates are shown side by side, a
committee left over from an earlier 届 is pointed out, and an export needs someone to export for."""
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from congress.models import CommitteeTerm, UnionCongress, UnionDelegate
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.models import AuditEvent
from unionadmin.roles import Role

from .factories import DelegateFactory, TermFactory
from .factories_elections import UnionCongressFactory, union_with_branches
from .factories_women import WomenCommitteeFactory

TODAY = timezone.localdate()


@pytest.fixture
def union(county):
    """Union A: 2 members of its own, 6 in its first branch (3 women), 12 men in its second."""
    return union_with_branches(county)


def tab(client, union):
    return client.get(f"/organisations/{union.pk}/").content.decode()


def overview_sheet(client, county):
    response = client.get(f"/congress/women/?union={county.federation.pk}&year={TODAY.year}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], {row[0]: row for row in rows[1:]}


def test_the_share_of_women_among_members_counts_the_unions_branches(english, union, county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=union.org).user
    english.force_login(officer)
    # 3 women of the 20 members across the union and its two branches: 15.0 %, not "0 of 2".
    assert "15.0%" in tab(english, union.org) and "(3/20)" in tab(english, union.org)
    assert "Among members (branches included)" in tab(english, union.org)
    assert "s own committee" in tab(english, union.org)
    english.force_login(RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user)
    header, rows = overview_sheet(english, county)
    assert header[7] == "Women among members, branches included (percent)"
    assert rows[union.org.name][7] == 15.0


def test_the_tab_and_the_overview_show_workers_and_union_congress_delegates_side_by_side(english, union, county):
    # The workers' congress (职代会): 1 woman of 2 delegates serving now.
    term = TermFactory(congress__union=union.org, starts_on=TODAY - datetime.timedelta(days=100),
                       ends_on=TODAY + datetime.timedelta(days=1000))
    DelegateFactory(term=term, gender="female")
    DelegateFactory(term=term, gender="male")
    # The union's own congress (工会会员代表大会): the latest, no. 2, elected 3 women of 4
    # (the first branch's women and one man); no. 1's delegates (all men) no longer count.
    old = UnionCongressFactory(union=union.org, number=1, held_on=TODAY - datetime.timedelta(days=2000),
                               state=UnionCongress.State.APPROVED)
    latest = UnionCongressFactory(union=union.org, number=2, held_on=TODAY - datetime.timedelta(days=30),
                                  state=UnionCongress.State.APPROVED)
    for man in union.people["second"][:5]:
        UnionDelegate.objects.create(congress=old, unit=union.second, member=man)
    for person in union.people["first"][:4]:
        UnionDelegate.objects.create(congress=latest, unit=union.first, member=person)
    english.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=union.org).user)
    page = tab(english, union.org)
    assert "Among workers" in page and "50.0%" in page and "(1/2)" in page
    assert "Among union congress delegates" in page and "75.0%" in page and "(3/4)" in page
    english.force_login(RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user)
    assert "Women among union congress delegates" in english.get("/congress/women/").content.decode()
    header, rows = overview_sheet(english, county)
    assert header[4:6] == ("Women among workers' congress delegates (percent)",
                           "Women among union congress delegates (percent)")
    assert rows[union.org.name][4:6] == (50.0, 75.0)


def test_the_tab_points_out_a_committee_left_over_from_the_union_committees_last_term(english, county):
    committee = WomenCommitteeFactory(union=county.a, starts_on=TODAY - datetime.timedelta(days=1500),
                                      ends_on=TODAY + datetime.timedelta(days=300))
    CommitteeTerm.objects.create(union=county.a, number=1, starts_on=committee.starts_on,
                                 ends_on=committee.starts_on + datetime.timedelta(days=1400),
                                 succeeded_on=TODAY - datetime.timedelta(days=60))
    english.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user)
    hint = "no longer matches the union committee"
    assert hint not in tab(english, county.a)  # the union committee's term is the committee's own
    new_term = CommitteeTerm.objects.create(union=county.a, number=2, starts_on=TODAY - datetime.timedelta(days=60),
                                            ends_on=TODAY + datetime.timedelta(days=1765))
    page = tab(english, county.a)
    assert hint in page and new_term.starts_on.isoformat() in page
    assert committee.get_absolute_url() in page  # a hint: the committee is still shown and in office


def test_a_person_with_no_role_gets_no_export_and_an_officers_export_is_filed_at_their_union(client, county):
    client.force_login(UserFactory())
    assert client.get("/congress/women/?format=xlsx").status_code == 404
    assert client.get("/congress/women/activities/export.xlsx").status_code == 404
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT).exists()
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.b).user
    client.force_login(officer)
    assert client.get("/congress/women/activities/export.xlsx").status_code == 200
    assert client.get("/congress/women/?format=xlsx").status_code == 200
    assert set(AuditEvent.objects.filter(actor=officer, verb=AuditEvent.Verb.EXPORT)
               .values_list("organisation", flat=True)) == {county.b.pk}
