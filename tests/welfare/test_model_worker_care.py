"""Model-worker care: a union's health-check and recuperation rounds (who is invited, who went,
declined or was replaced, what it cost), the archive entry each attendance adds once, the
model workers in hardship, the annual update (once a year, overdue after the cut-off) and the
care tab on a model worker's record."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from finance.models import Voucher
from members.models import ArchiveEntry
from tests.factories import GrassrootsFactory, MemberFactory, UserFactory
from tests.finance.factories import account
from tests.finance.factories_rules import settings_for
from unionadmin.models import AuditEvent
from welfare.models import CareInvitation, CareSettings, SituationUpdate
from welfare.services.model_worker_care import invitation_record_outcome, overdue_updates

from .factories import GrantFactory, HardshipFileFactory
from .factories_care import CareInvitationFactory, CareRoundFactory, SituationUpdateFactory, model_worker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def outcome(client, invitation, status, **extra):
    return client.post(reverse("welfare:care_invitation_outcome", args=[invitation.pk]),
                       {"status": status, "decline_reason": "", "cost": "", "replacement": "", **extra})


# Care rounds -------------------------------------------------------------------------------

def test_inviting_every_model_worker_of_city_level_or_above_in_the_unions_area(client, county, welfare_a):
    branch = GrassrootsFactory(name="甲公司一车间", parent=county.a)
    county_level = model_worker(county.a, level="county", name="县劳模")
    city_level = model_worker(branch, level="city", name="市劳模")
    province_level = model_worker(county.a, level="province", name="省劳模")
    model_worker(county.b, level="national", name="乙校全国劳模")  # another union's: never invited
    MemberFactory(union=county.a, name="普通会员")
    care_round = CareRoundFactory(organiser=county.a)
    client.force_login(welfare_a)

    response = client.post(reverse("welfare:care_round_invite", args=[care_round.pk]), {"min_level": "city"})

    assert response.status_code == 302
    invited = set(care_round.invitations.values_list("member__name", flat=True))
    assert invited == {city_level.name, province_level.name}
    # Asking again adds only who is missing (the county-level one picked by hand).
    client.post(reverse("welfare:care_round_invite", args=[care_round.pk]), {"members": [county_level.pk]})
    assert care_round.invitations.count() == 3


def test_a_model_worker_of_another_union_cannot_be_picked(english, client, county, welfare_a):
    stranger = model_worker(county.b, name="乙校劳模")
    care_round = CareRoundFactory(organiser=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:care_round_invite", args=[care_round.pk]), {"members": [stranger.pk]})
    assert response.status_code == 200 and "members" in response.context["form"].errors
    assert not care_round.invitations.exists()


def test_going_adds_one_health_check_entry_to_the_archive_and_a_change_of_mind_takes_it_away(
        client, county, welfare_a):
    invitation = CareInvitationFactory(care_round__organiser=county.a, care_round__title="劳模体检")
    client.force_login(welfare_a)

    outcome(client, invitation, "attended")
    outcome(client, invitation, "attended", cost="720")  # recorded again, with the real cost

    entries = ArchiveEntry.objects.filter(member=invitation.member)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.kind, entry.date, entry.amount) == ("health_check", invitation.care_round.starts_on, Decimal("720"))
    assert "劳模体检" in entry.summary

    outcome(client, invitation, "declined", decline_reason="住院")
    assert not ArchiveEntry.objects.filter(member=invitation.member).exists()


def test_declining_needs_a_reason(english, client, county, welfare_a):
    invitation = CareInvitationFactory(care_round__organiser=county.a)
    client.force_login(welfare_a)
    response = outcome(client, invitation, "declined")
    assert response.status_code == 200
    assert response.context["form"].errors["decline_reason"] == ["Say why the model worker declined."]
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_nobody_went_to_a_round_that_has_not_started(english, client, county, welfare_a):
    later = TODAY + datetime.timedelta(days=20)
    invitation = CareInvitationFactory(care_round__organiser=county.a, care_round__starts_on=later,
                                       care_round__ends_on=later + datetime.timedelta(days=3))
    client.force_login(welfare_a)
    response = outcome(client, invitation, "attended")
    assert "has not started yet" in str(response.context["form"].errors)
    assert not ArchiveEntry.objects.exists()


def test_a_replacement_gets_an_invitation_of_their_own_and_the_totals_count_who_went(client, county, welfare_a):
    care_round = CareRoundFactory(organiser=county.a, budget_per_person=Decimal("600"))
    went, declined, replaced = (CareInvitationFactory(care_round=care_round) for _ in range(3))
    stand_in = model_worker(county.a, name="顶替劳模")
    client.force_login(welfare_a)

    outcome(client, went, "attended", cost="750")
    outcome(client, declined, "declined", decline_reason="家中有事")
    outcome(client, replaced, "replaced", replacement=stand_in.pk)
    new = CareInvitation.objects.get(member=stand_in)
    outcome(client, new, "attended")

    replaced.refresh_from_db()
    assert (replaced.status, replaced.replaced_by) == ("replaced", new)
    page = client.get(reverse("welfare:care_round_detail", args=[care_round.pk]))
    totals = page.context["totals"]
    # 4 invited (3 + the stand-in); 2 went: 750 (own cost) + 600 (the budget) = 1350, 675 each.
    assert (totals["invited"], totals["went"], totals["cost"], totals["per_person"]) == (
        4, 2, Decimal("1350"), Decimal("675.00"))
    assert totals["counts"]["declined"] == 1 and totals["counts"]["replaced"] == 1


def test_the_round_as_a_spreadsheet_with_its_totals(client, county, welfare_a):
    care_round = CareRoundFactory(organiser=county.a, budget_per_person=Decimal("500"))
    invitation = CareInvitationFactory(care_round=care_round, member=model_worker(county.a, name="=HYPERLINK()"))
    client.force_login(welfare_a)
    outcome(client, invitation, "attended")

    response = client.get(reverse("welfare:care_round_export", args=[care_round.pk]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "'=HYPERLINK()"  # never a formula
    assert rows[1][5] == 500 and rows[-1][5] == 500
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT, organisation=county.a).exists()


def test_the_rounds_of_another_union_are_not_found(client, county, welfare_b):
    care_round = CareRoundFactory(organiser=county.a)
    client.force_login(welfare_b)
    assert client.get(reverse("welfare:care_round_detail", args=[care_round.pk])).status_code == 404
    assert client.get(reverse("welfare:care_round_export", args=[care_round.pk])).status_code == 404
    assert care_round.title not in client.get(reverse("welfare:care_round_list")).content.decode()


def test_the_round_list_counts_without_a_query_per_round(client, county, welfare_a, django_assert_max_num_queries):
    for _ in range(5):
        CareInvitationFactory(care_round=CareRoundFactory(organiser=county.a))
    client.force_login(welfare_a)
    client.get(reverse("welfare:care_round_list"))  # warm the session and the caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("welfare:care_round_list"))
    assert [r.totals["invited"] for r in response.context["object_list"]] == [1] * 5


# Model workers in hardship -----------------------------------------------------------------

def test_model_workers_in_hardship_with_their_file_and_help_given(client, county, welfare_a):
    worker = model_worker(county.a, name="困难劳模")
    file = HardshipFileFactory(union=county.a, worker=worker, filed=True)
    GrantFactory(union=county.a, member=worker, file=file, amount=Decimal("2000"), status="approved",
                 approved_by=UserFactory(), approved_at=timezone.now())
    HardshipFileFactory(union=county.a)  # not a model worker
    HardshipFileFactory(union=county.b, worker=model_worker(county.b, name="乙校困难劳模"))
    client.force_login(welfare_a)

    page = client.get(reverse("welfare:care_hardship_list"))

    files = list(page.context["object_list"])
    assert [f.worker.name for f in files] == ["困难劳模"]
    assert files[0].help_given == Decimal("2000")


# Annual updates ----------------------------------------------------------------------------

def update_data(member, year=TODAY.year):
    return {"member": member.pk, "year": year, "work": "带徒传艺", "health": "良好", "family_income": "middle",
            "difficulties": "", "wishes": "希望参加疗休养", "visited_by": "工会主席", "visited_on": str(TODAY)}


def test_one_update_a_year_the_second_is_a_message(english, client, county, welfare_a):
    worker = model_worker(county.a)
    client.force_login(welfare_a)
    assert client.post(reverse("welfare:care_update_create"), update_data(worker)).status_code == 302
    again = client.post(reverse("welfare:care_update_create"), update_data(worker))
    assert again.status_code == 200
    assert "already updated for that year" in str(again.context["form"].errors)
    update = SituationUpdate.objects.get()
    assert (update.union, update.recorded_by) == (county.a, welfare_a)


def test_only_model_workers_of_ones_own_unions_can_be_updated(client, county, welfare_a):
    client.force_login(welfare_a)
    for member in (MemberFactory(union=county.a), model_worker(county.b)):
        response = client.post(reverse("welfare:care_update_create"), update_data(member))
        assert "member" in response.context["form"].errors


def test_overdue_after_the_cut_off_or_when_last_year_was_missed(county, welfare_a):
    year = TODAY.year
    done = model_worker(county.a, name="今年已更新")
    SituationUpdateFactory(member=done, year=year)
    last_year_only = model_worker(county.a, name="去年已更新")
    SituationUpdateFactory(member=last_year_only, year=year - 1)
    never = model_worker(county.a, name="从未更新")

    def overdue_on(day):
        return {row["member"].name for row in overdue_updates(welfare_a, today=day)}

    # Before the default cut-off (30 June) only the one who missed last year too is overdue.
    assert overdue_on(datetime.date(year, 3, 1)) == {never.name}
    # After it, anyone without this year's update.
    assert overdue_on(datetime.date(year, 7, 1)) == {never.name, last_year_only.name}
    # The federation moves its cut-off to 31 August: on 1 July the union is not late yet.
    CareSettings.objects.create(organisation=county.federation, update_due_month=8, update_due_day=31)
    assert overdue_on(datetime.date(year, 7, 1)) == {never.name}
    # The union's own date beats the federation's.
    CareSettings.objects.create(organisation=county.a, update_due_month=5, update_due_day=15)
    assert overdue_on(datetime.date(year, 7, 1)) == {never.name, last_year_only.name}


def test_the_overdue_list_on_the_updates_page_names_the_cut_off(client, county, welfare_a, welfare_b):
    model_worker(county.a, name="从未更新")
    client.force_login(welfare_a)
    page = client.get(reverse("welfare:care_update_list"))
    assert [row["member"].name for row in page.context["overdue"]] == ["从未更新"]
    client.force_login(welfare_b)
    assert client.get(reverse("welfare:care_update_list")).context["overdue"] == []


def test_a_cut_off_on_a_day_the_month_does_not_have_is_refused(client, county, welfare_a):
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:care_settings_create"),
                           {"organisation": county.a.pk, "update_due_month": 2, "update_due_day": 30})
    assert "update_due_day" in response.context["form"].errors


# The care tab on a member's record ---------------------------------------------------------

def test_the_care_tab_on_a_model_workers_record(client, county, welfare_a):
    worker = model_worker(county.a, name="王劳模")
    SituationUpdateFactory(member=worker, year=TODAY.year, wishes="希望参加疗休养")
    CareInvitationFactory(care_round__organiser=county.a, care_round__title="县劳模体检", member=worker)
    client.force_login(welfare_a)
    page = client.get(reverse("members:member_detail", args=[worker.pk])).content.decode()
    assert 'id="tab-care"' in page and "希望参加疗休养" in page and "县劳模体检" in page


def test_no_care_tab_for_a_member_who_is_no_model_worker_or_for_someone_without_welfare_rights(
        client, county, welfare_a, officer_a):
    client.force_login(welfare_a)
    plain = MemberFactory(union=county.a)
    assert 'id="tab-care"' not in client.get(reverse("members:member_detail", args=[plain.pk])).content.decode()
    client.force_login(officer_a)  # a union officer without the welfare role
    worker = model_worker(county.a)
    assert 'id="tab-care"' not in client.get(reverse("members:member_detail", args=[worker.pk])).content.decode()


def test_a_model_workers_hardship_file_is_flagged(client, county, welfare_a):
    file = HardshipFileFactory(union=county.a, worker=model_worker(county.a))
    plain = HardshipFileFactory(union=county.a)
    client.force_login(welfare_a)
    assert 'id="model-worker-flag"' in client.get(reverse("welfare:file_detail", args=[file.pk])).content.decode()
    assert 'id="model-worker-flag"' not in client.get(reverse("welfare:file_detail", args=[plain.pk])).content.decode()


# Paying a round ----------------------------------------------------------------------------

def finished_round(union, **extra):
    """A recuperation round that ended yesterday, with one model worker who went (budget 1800)."""
    care_round = CareRoundFactory(organiser=union, kind="recuperation", budget_per_person=Decimal("1800"),
                                  starts_on=TODAY - datetime.timedelta(days=6), ends_on=TODAY - datetime.timedelta(days=1),
                                  **extra)
    invitation = CareInvitationFactory(care_round=care_round)
    invitation_record_outcome(invitation, status="attended", by=None)
    return care_round


def test_paying_a_round_posts_one_voucher_in_the_books_of_a_union_keeping_them(english, client, county, chair_a):
    account("102")  # the seeded chart (seeded again when a transactional test before flushed it)
    settings_for(county.a)
    care_round = finished_round(county.a, title="劳模疗休养", place="千岛湖")
    client.force_login(chair_a)

    client.post(reverse("welfare:care_round_pay", args=[care_round.pk]))

    voucher = Voucher.objects.get(source_kind="care_round", source_id=care_round.pk)
    assert voucher.organisation == county.a and "劳模疗休养" in voucher.summary
    assert [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")] == [
        ("50104", Decimal("1800.00"), Decimal("0.00")), ("102", Decimal("0.00"), Decimal("1800.00"))]
    care_round.refresh_from_db()
    assert (care_round.paid_on, care_round.paid_by) == (TODAY, chair_a)
    # A second click pays nothing more.
    page = client.post(reverse("welfare:care_round_pay", args=[care_round.pk]), follow=True)
    assert "already paid" in page.content.decode()
    assert Voucher.objects.filter(source_kind="care_round").count() == 1


def test_a_round_of_a_union_keeping_its_books_elsewhere_is_only_marked_paid(client, county, welfare_a):
    care_round = finished_round(county.a)
    client.force_login(welfare_a)
    client.post(reverse("welfare:care_round_pay", args=[care_round.pk]))
    care_round.refresh_from_db()
    assert care_round.paid_on == TODAY and not Voucher.objects.exists()


def test_a_round_with_an_outcome_still_open_is_not_paid(english, client, county, welfare_a):
    care_round = finished_round(county.a)
    CareInvitationFactory(care_round=care_round)  # nobody recorded whether this one went
    client.force_login(welfare_a)
    page = client.post(reverse("welfare:care_round_pay", args=[care_round.pk]), follow=True)
    assert "Record every invitation" in page.content.decode()
    care_round.refresh_from_db()
    assert care_round.paid_on is None


def test_the_update_and_hardship_lists_take_the_same_queries_for_more_rows(
        client, county, welfare_a, django_assert_max_num_queries):
    for _ in range(6):
        worker = model_worker(county.a)
        SituationUpdateFactory(member=worker, year=TODAY.year)
        HardshipFileFactory(union=county.a, worker=worker)
    model_worker(county.a)  # one overdue
    client.force_login(welfare_a)
    for name in ("welfare:care_update_list", "welfare:care_hardship_list"):
        client.get(reverse(name))  # warm the session and the caches
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
