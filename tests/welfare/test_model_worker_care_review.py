"""Model-worker care after the functional and security reviews: a paid round is frozen (its
outcomes, costs, dates and invitations), whoever set a round up or recorded who went does not
also pay it, an edit moves the archive entries with the round, a union sees the federation's
rounds its model workers went to, only model-worker honours bring care, the annual update's
due dates, and the "in hardship" mark on the members' model-worker list."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import ArchiveEntry, Honour
from tests.factories import MemberFactory
from welfare.models import CareInvitation, CareRound
from welfare.services.model_worker_care import overdue_updates, round_totals

from .factories import HardshipFileFactory
from .factories_care import CareInvitationFactory, CareRoundFactory, model_worker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def outcome(client, invitation, status, **extra):
    return client.post(reverse("welfare:care_invitation_outcome", args=[invitation.pk]),
                       {"status": status, "decline_reason": "", "cost": "", "replacement": "", **extra})


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def recuperation_over(union, **extra):
    """A recuperation round that ended yesterday, one model worker invited."""
    care_round = CareRoundFactory(organiser=union, kind=CareRound.Kind.RECUPERATION, budget_per_person=Decimal("1800"),
                                  starts_on=TODAY - 6 * DAY, ends_on=TODAY - DAY, **extra)
    return care_round, CareInvitationFactory(care_round=care_round, member=model_worker(union, name="赵劳模"))


def round_form(client, care_round, **changes):
    form = client.get(reverse("welfare:care_round_update", args=[care_round.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**data, **changes}


# A paid round is frozen ----------------------------------------------------------------------

def test_after_payment_the_outcomes_and_costs_of_a_round_stay_as_paid(english, county, welfare_a, welfare_a2):
    care_round, invitation = recuperation_over(county.a)
    english.force_login(welfare_a)
    outcome(english, invitation, "attended")
    english.force_login(welfare_a2)  # a colleague pays
    english.post(reverse("welfare:care_round_pay", args=[care_round.pk]))
    english.force_login(welfare_a)

    response = outcome(english, invitation, "attended", cost="5000")

    assert response.status_code == 302
    assert said(response)[-1:] == [f"The round was paid on {TODAY}; it can no longer be changed."]
    care_round.refresh_from_db()
    assert round_totals(care_round)["cost"] == Decimal("1800")
    declined = outcome(english, invitation, "declined", decline_reason="身体不适")
    assert declined.status_code == 302
    assert ArchiveEntry.objects.filter(member=invitation.member).count() == 1  # the entry stays


def test_a_paid_round_can_no_longer_be_edited_or_invited_to(english, county, welfare_a, welfare_a2):
    care_round, invitation = recuperation_over(county.a)
    english.force_login(welfare_a)
    outcome(english, invitation, "attended")
    english.force_login(welfare_a2)
    english.post(reverse("welfare:care_round_pay", args=[care_round.pk]))

    edit = english.get(reverse("welfare:care_round_update", args=[care_round.pk]))
    invite = english.get(reverse("welfare:care_round_invite", args=[care_round.pk]))

    assert edit.status_code == 302 and invite.status_code == 302
    assert said(invite)[-1:] == [f"The round was paid on {TODAY}; it can no longer be changed."]
    page = english.get(care_round.get_absolute_url()).content.decode()
    assert reverse("welfare:care_round_update", args=[care_round.pk]) not in page
    assert reverse("welfare:care_invitation_outcome", args=[invitation.pk]) not in page


# Nobody pays what they set up or recorded ------------------------------------------------------

def test_whoever_set_up_a_round_or_recorded_who_went_cannot_pay_it(english, county, welfare_a, welfare_a2, chair_a):
    care_round, invitation = recuperation_over(county.a, created_by=welfare_a)
    english.force_login(welfare_a2)
    outcome(english, invitation, "attended", cost="1750")

    for person in (welfare_a, welfare_a2):
        english.force_login(person)
        response = english.post(reverse("welfare:care_round_pay", args=[care_round.pk]), follow=True)
        assert "someone else must pay it" in response.content.decode()
        care_round.refresh_from_db()
        assert care_round.paid_on is None

    english.force_login(chair_a)
    english.post(reverse("welfare:care_round_pay", args=[care_round.pk]))
    care_round.refresh_from_db()
    assert care_round.paid_on == TODAY and care_round.paid_by == chair_a


# Editing a round moves the archive entries with it ---------------------------------------------

def test_editing_a_round_moves_the_archive_entries_of_those_who_went(client, county, welfare_a):
    care_round, invitation = recuperation_over(county.a)
    client.force_login(welfare_a)
    outcome(client, invitation, "attended")

    response = client.post(reverse("welfare:care_round_update", args=[care_round.pk]), round_form(
        client, care_round, kind=CareRound.Kind.HEALTH_CHECK, starts_on=(TODAY - 5 * DAY).isoformat(),
        place="县人民医院", budget_per_person="650"))

    assert response.status_code == 302
    entry = ArchiveEntry.objects.get(member=invitation.member)
    assert (entry.kind, entry.date, entry.amount) == ("health_check", TODAY - 5 * DAY, Decimal("650"))
    assert "县人民医院" in entry.summary


# A union sees the federation's rounds its model workers went to ----------------------------------

def test_a_union_sees_on_the_care_tab_the_federations_round_its_model_worker_went_to(
        client, county, federation_welfare, welfare_a, welfare_b):
    worker = model_worker(county.a, name="钱劳模")
    care_round = CareRoundFactory(organiser=county.federation, title="县总工会劳模疗休养")
    CareInvitationFactory(care_round=care_round, member=worker, status=CareInvitation.Status.INVITED)

    client.force_login(welfare_a)
    page = client.get(reverse("members:member_detail", args=[worker.pk])).content.decode()

    assert "县总工会劳模疗休养" in page
    assert reverse("welfare:care_round_detail", args=[care_round.pk]) not in page  # the organiser's page
    client.force_login(welfare_b)
    assert not CareInvitation.objects.visible_to(welfare_b).exists()


# Only model-worker honours bring care --------------------------------------------------------------

def test_an_outstanding_union_cadre_is_not_invited_but_an_advanced_worker_is(client, county, welfare_a):
    cadre = MemberFactory(union=county.a, name="孙干部")
    Honour.objects.create(member=cadre, kind=Honour.Kind.OTHER, title="优秀工会干部", level="city", year=2022)
    advanced = MemberFactory(union=county.a, name="周先进")
    Honour.objects.create(member=advanced, kind=Honour.Kind.ADVANCED_WORKER, title="市先进工作者", level="city",
                          year=2022)
    care_round = CareRoundFactory(organiser=county.a)
    client.force_login(welfare_a)

    client.post(reverse("welfare:care_round_invite", args=[care_round.pk]), {"min_level": "county"})

    assert set(care_round.invitations.values_list("member__name", flat=True)) == {"周先进"}
    assert [r["member"].name for r in overdue_updates(welfare_a, today=datetime.date(TODAY.year, 12, 1))] == ["周先进"]
    cadre_page = client.get(reverse("members:member_detail", args=[cadre.pk])).content.decode()
    assert 'id="tab-care"' not in cadre_page


# The annual update ----------------------------------------------------------------------------------

def test_a_model_worker_honoured_this_year_is_due_only_from_this_years_cut_off(county, welfare_a):
    new = model_worker(county.a, name="新劳模", year=TODAY.year)
    old = model_worker(county.a, name="老劳模", year=TODAY.year - 5)  # never updated: missed last year

    before = [r["member"] for r in overdue_updates(welfare_a, today=datetime.date(TODAY.year, 3, 1))]
    after = [r["member"] for r in overdue_updates(welfare_a, today=datetime.date(TODAY.year, 7, 1))]

    assert before == [old]
    assert set(after) == {new, old}


def test_an_annual_update_for_a_future_year_is_refused(english, county, welfare_a):
    worker = model_worker(county.a)
    english.force_login(welfare_a)

    response = english.post(reverse("welfare:care_update_create"), {
        "member": worker.pk, "year": TODAY.year + 4, "work": "技改", "health": "良好", "family_income": "middle",
        "visited_by": "工会主席", "visited_on": TODAY.isoformat()})

    assert response.status_code == 200
    assert "this year or an earlier one" in str(response.context["form"].errors)
    assert not worker.situation_updates.exists()


# The "in hardship" mark on the members' model-worker list ------------------------------------------

def test_the_model_worker_list_marks_those_in_hardship_for_welfare_people_only(
        client, county, welfare_a, officer_a):
    poor = model_worker(county.a, name="吴劳模")
    HardshipFileFactory(union=county.a, worker=poor, filed=True)
    model_worker(county.a, name="郑劳模")
    url = reverse("members:model_worker_list")
    client.force_login(welfare_a)

    page = client.get(url).content.decode()

    row = page[page.index("吴劳模"):page.index("</tr>", page.index("吴劳模"))]
    assert "困难" in row
    other = page[page.index("郑劳模"):page.index("</tr>", page.index("郑劳模"))]
    assert "困难" not in other
    client.force_login(officer_a)  # a union officer without welfare rights
    assert "困难" not in client.get(url).content.decode().split("<tbody>")[1]


def test_the_hardship_mark_costs_the_same_queries_for_two_or_five_model_workers(client, county, welfare_a):
    client.force_login(welfare_a)
    url = reverse("members:model_worker_list")

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return len(captured.captured_queries), page.split("<tbody>")[1].count("困难")

    for name in ("甲劳模", "乙劳模"):
        HardshipFileFactory(union=county.a, worker=model_worker(county.a, name=name), filed=True)
    client.get(url)  # warm the session and caches
    few, marks = queries_for_page()
    for name in ("丙劳模", "丁劳模", "戊劳模"):
        HardshipFileFactory(union=county.a, worker=model_worker(county.a, name=name), filed=True)
    many, more_marks = queries_for_page()
    assert (marks, more_marks) == (2, 5)
    assert many == few
