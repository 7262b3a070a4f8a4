"""The hardship file's lifecycle: only the allowed steps, by the service, the form and the URL."""
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from welfare.models import FileTransition, HardshipFile, HouseholdMember
from welfare.services import (
    TRANSITIONS,
    TransitionNotAllowed,
    WelfareError,
    file_confirm_category,
    file_create,
    file_refile,
    file_transition,
)

from .factories import HardshipFileFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db
Status = HardshipFile.Status
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

TRANSITION_URLS = {
    "start_check": "file_start_check", "start_notice": "file_start_notice", "return_to_check": "file_return_to_check",
    "approve": "file_approve", "start_recheck": "file_start_recheck", "confirm_recheck": "file_confirm_recheck",
    "lift": "file_lift", "close": "file_close", "withdraw": "file_withdraw",
}


def new_file(county, user, income="500"):
    worker = MemberFactory(union=county.a)
    return file_create(worker=worker, by=user, head_income=Decimal(income),
                       identity_status=HardshipFile.IdentityStatus.LAID_OFF, main_cause=HardshipFile.Cause.ILLNESS)


def steps_of(file, user):
    """The lifecycle steps the file offers ``user`` now (its allowed_actions, less the other changes)."""
    return file.allowed_actions(user) & set(TRANSITIONS)


def to_notice(file, user, *, ends_on=None):
    file_transition(file, "start_check", by=user)
    file_confirm_category(file, category=HardshipFile.Category.DEEP, by=user)
    return file_transition(file, "start_notice", by=user, notice_starts_on=TODAY - 10 * DAY,
                           notice_ends_on=ends_on or TODAY - DAY)


def test_a_household_goes_from_application_to_filed_and_each_step_is_recorded(county, welfare_a, line):
    file = new_file(county, welfare_a)
    assert file.status == Status.APPLIED
    assert file.household.get().relationship == HouseholdMember.Relationship.SELF
    file = to_notice(file, welfare_a)
    file = file_transition(file, "approve", by=welfare_a, reason="公示无异议")
    assert file.status == Status.FILED
    assert file.filed_on == TODAY
    assert file.next_recheck_due == TODAY.replace(year=TODAY.year + 1)
    steps = list(file.transitions.values_list("action", "from_status", "to_status", "by", "reason"))
    assert steps == [
        ("apply", "", "applied", welfare_a.pk, ""),
        ("start_check", "applied", "checking", welfare_a.pk, ""),
        ("start_notice", "checking", "notice", welfare_a.pk, ""),
        ("approve", "notice", "filed", welfare_a.pk, "公示无异议"),
    ]
    assert all(t.at is not None for t in file.transitions.all())


def test_approval_is_refused_while_the_public_notice_runs_and_nothing_changes(county, welfare_a, line):
    file = to_notice(new_file(county, welfare_a), welfare_a, ends_on=TODAY)
    count = FileTransition.objects.count()
    with pytest.raises(TransitionNotAllowed, match="public notice runs until"):
        file_transition(file, "approve", by=welfare_a)
    file.refresh_from_db()
    assert file.status == Status.NOTICE and file.filed_on is None
    assert FileTransition.objects.count() == count
    # The day after the notice ends it can be approved.
    file = file_transition(file, "approve", by=welfare_a, today=TODAY + DAY)
    assert file.status == Status.FILED


def test_the_public_notice_needs_a_confirmed_category_and_both_dates(county, welfare_a, line):
    file = file_transition(new_file(county, welfare_a), "start_check", by=welfare_a)
    with pytest.raises(TransitionNotAllowed, match="category"):
        file_transition(file, "start_notice", by=welfare_a, notice_starts_on=TODAY, notice_ends_on=TODAY + 5 * DAY)
    file_confirm_category(file, category=HardshipFile.Category.RELATIVE, by=welfare_a)
    with pytest.raises(TransitionNotAllowed):
        file_transition(file, "start_notice", by=welfare_a, notice_starts_on=TODAY)
    with pytest.raises(TransitionNotAllowed, match="cannot end before"):
        file_transition(file, "start_notice", by=welfare_a, notice_starts_on=TODAY, notice_ends_on=TODAY - DAY)


@pytest.mark.parametrize("status", [s for s in Status.values])
def test_no_step_outside_its_allowed_states_is_possible(county, welfare_a, line, status):
    file = HardshipFileFactory(union=county.a, status=status, category="deep", filed_on=TODAY - 30 * DAY,
                               notice_starts_on=TODAY - 20 * DAY, notice_ends_on=TODAY - 10 * DAY,
                               closed_on=TODAY if status in HardshipFile.ENDED_STATUSES else None)
    allowed = steps_of(file, welfare_a)
    for action, transition in TRANSITIONS.items():
        if action in allowed:
            assert status in transition.sources
            continue
        with pytest.raises(TransitionNotAllowed):
            file_transition(file, action, by=welfare_a, reason="x", close_reason="retired",
                            notice_starts_on=TODAY, notice_ends_on=TODAY)
        file.refresh_from_db()
        assert file.status == status


def test_ended_files_allow_no_step(county, welfare_a):
    for status in HardshipFile.ENDED_STATUSES:
        file = HardshipFileFactory(union=county.a, status=status, category="deep", closed_on=TODAY)
        assert steps_of(file, welfare_a) == set()


def test_withdrawing_and_lifting_need_a_reason_and_closing_needs_why(county, welfare_a, line):
    file = file_transition(to_notice(new_file(county, welfare_a), welfare_a), "approve", by=welfare_a)
    with pytest.raises(TransitionNotAllowed, match="reason"):
        file_transition(file, "withdraw", by=welfare_a, reason="  ")
    with pytest.raises(TransitionNotAllowed, match="reason"):
        file_transition(file, "lift", by=welfare_a)
    with pytest.raises(TransitionNotAllowed, match="retirement"):
        file_transition(file, "close", by=welfare_a)
    file = file_transition(file, "close", by=welfare_a, close_reason="deceased", reason="因病去世")
    assert (file.status, file.close_reason, file.closed_on) == (Status.CLOSED, "deceased", TODAY)


def test_the_annual_recheck_keeps_the_file_and_sets_the_next_date(county, welfare_a, line):
    file = file_transition(to_notice(new_file(county, welfare_a), welfare_a), "approve", by=welfare_a)
    file = file_transition(file, "start_recheck", by=welfare_a)
    assert file.status == Status.RECHECK
    later = TODAY + 360 * DAY
    file = file_transition(file, "confirm_recheck", by=welfare_a, today=later, reason="收入无明显变化")
    assert file.status == Status.FILED
    assert file.last_rechecked_on == later
    assert file.next_recheck_due == later.replace(year=later.year + 1)


def test_a_closed_household_can_be_refiled_with_its_household(county, welfare_a, line):
    file = file_transition(to_notice(new_file(county, welfare_a), welfare_a), "approve", by=welfare_a)
    HouseholdMemberFactory(file=file, name="配偶", monthly_income=Decimal("300"))
    with pytest.raises(TransitionNotAllowed):
        file_refile(file, by=welfare_a)
    file = file_transition(file, "lift", by=welfare_a, reason="配偶就业，收入稳定")
    new = file_refile(file, by=welfare_a)
    assert new.status == Status.APPLIED and new.previous_file == file and new.pk != file.pk
    assert sorted(new.household.values_list("name", flat=True)) == sorted(file.household.values_list("name", flat=True))
    assert new.transitions.get().action == "refile"
    with pytest.raises(TransitionNotAllowed):
        file_refile(file, by=welfare_a)


def test_a_worker_has_one_open_file_at_a_time(county, welfare_a, line):
    file = new_file(county, welfare_a)
    with pytest.raises(WelfareError):
        file_create(worker=file.worker, by=welfare_a, identity_status="on_duty", main_cause="illness")
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipFile.objects.create(worker=file.worker, union=county.a, identity_status="on_duty",
                                    main_cause="illness")


def test_the_database_refuses_a_filed_file_without_category(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipFileFactory(union=county.a, status=Status.FILED, filed_on=TODAY)


# --- through the web ------------------------------------------------------------------------
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_posting_a_step_the_state_does_not_allow_is_refused_with_a_message(english, county, welfare_a, line, action):
    client = english
    file = HardshipFileFactory(union=county.a)  # applied: only start_check and withdraw are allowed
    if action in steps_of(file, welfare_a):
        pytest.skip("allowed from the applied state")
    client.force_login(welfare_a)
    before = FileTransition.objects.count()
    url = reverse(f"welfare:{TRANSITION_URLS[action]}", args=[file.pk])
    for method in (client.get, client.post):
        response = method(url, {"reason": "x", "close_reason": "retired", "notice_starts_on": str(TODAY),
                                "notice_ends_on": str(TODAY)}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("welfare:file_detail", args=[file.pk])
        assert "is not possible for a file at “Applied”; nothing was changed." in response.content.decode()
    file.refresh_from_db()
    assert file.status == Status.APPLIED
    assert FileTransition.objects.count() == before


def test_the_file_page_offers_only_the_allowed_steps(client, county, welfare_a, line):
    file = HardshipFileFactory(union=county.a)
    client.force_login(welfare_a)
    content = client.get(reverse("welfare:file_detail", args=[file.pk])).content.decode()
    assert reverse("welfare:file_start_check", args=[file.pk]) in content
    assert reverse("welfare:file_withdraw", args=[file.pk]) in content
    for action in ("start_notice", "approve", "lift", "close", "start_recheck"):
        assert reverse(f"welfare:{TRANSITION_URLS[action]}", args=[file.pk]) not in content


def test_the_notice_form_refuses_an_end_before_the_start(client, county, welfare_a, line):
    file = HardshipFileFactory(union=county.a, status=Status.CHECKING, category="deep")
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:file_start_notice", args=[file.pk]),
                           {"notice_starts_on": str(TODAY), "notice_ends_on": str(TODAY - DAY)})
    assert response.status_code == 200
    assert response.context["form"].errors["notice_ends_on"]
    file.refresh_from_db()
    assert file.status == Status.CHECKING


def test_withdrawing_by_the_form_needs_a_reason(client, county, welfare_a, line):
    file = HardshipFileFactory(union=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:file_withdraw", args=[file.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(reverse("welfare:file_withdraw", args=[file.pk]), {"reason": "家庭收入超过标准"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == Status.WITHDRAWN
    assert file.transitions.last().reason == "家庭收入超过标准"
    assert file.transitions.last().by == welfare_a


def test_a_chair_may_approve_a_file_but_not_start_its_check(client, county, chair_a, welfare_a, line):
    file = to_notice(new_file(county, welfare_a), welfare_a)
    client.force_login(chair_a)
    assert client.post(reverse("welfare:file_withdraw", args=[file.pk]), {"reason": "x"}).status_code == 403
    response = client.post(reverse("welfare:file_approve", args=[file.pk]), {"reason": "同意建档"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == Status.FILED
    assert file.transitions.last().by == chair_a


def test_the_chair_is_offered_only_the_approval(client, county, chair_a, welfare_a, line):
    file = to_notice(new_file(county, welfare_a), welfare_a)
    assert steps_of(file, chair_a) == {"approve"}
    assert steps_of(file, welfare_a) == {"approve", "return_to_check", "withdraw"}
    assert "edit" not in file.allowed_actions(chair_a) and "edit" in file.allowed_actions(welfare_a)
    client.force_login(chair_a)
    content = client.get(reverse("welfare:file_detail", args=[file.pk])).content.decode()
    assert reverse("welfare:file_approve", args=[file.pk]) in content
    for name in ("file_return_to_check", "file_withdraw", "file_update", "household_create"):
        assert reverse(f"welfare:{name}", args=[file.pk]) not in content, name


def test_an_ended_file_offers_refiling_once(client, english, county, welfare_a, line):
    file = HardshipFileFactory(union=county.a, status=Status.WITHDRAWN, closed_on=TODAY)
    assert file.allowed_actions(welfare_a) == {"refile", "record_visit"}
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:file_refile", args=[file.pk]), follow=True)
    new = HardshipFile.objects.get(previous_file=file)
    assert response.redirect_chain[-1][0] == reverse("welfare:file_detail", args=[new.pk])
    file = HardshipFile.objects.get(pk=file.pk)
    assert "refile" not in file.allowed_actions(welfare_a)
    response = client.post(reverse("welfare:file_refile", args=[file.pk]), follow=True)
    assert "This step is not possible for this record now" in response.content.decode()
    assert HardshipFile.objects.filter(previous_file=file).count() == 1


def test_creating_a_file_through_the_form(client, county, welfare_a, line):
    worker = MemberFactory(union=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:file_create"), {
        "worker": worker.pk, "head_income": "700", "identity_status": "laid_off", "health": "chronic",
        "housing": "rented", "main_cause": "illness", "secondary_causes": ["schooling", "illness"],
        "medical_costs": "300", "education_costs": "0", "other_costs": "0", "applied_on": str(TODAY),
    })
    assert response.status_code == 302, response.context["form"].errors
    file = HardshipFile.objects.get(worker=worker)
    assert file.secondary_causes == ["schooling"]  # the main cause is not repeated
    assert file.per_capita_income == Decimal("700.00")
    assert file.suggested_category == HardshipFile.Category.DEEP  # below the 800 line
    response = client.post(reverse("welfare:file_create"), {
        "worker": worker.pk, "head_income": "700", "identity_status": "laid_off", "health": "healthy",
        "housing": "own", "main_cause": "illness", "medical_costs": "0", "education_costs": "0",
        "other_costs": "0", "applied_on": str(TODAY)})
    assert response.status_code == 200 and response.context["form"].errors["worker"]
