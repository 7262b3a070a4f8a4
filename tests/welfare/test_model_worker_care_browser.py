"""End to end in Chromium: a union's welfare officer organises a health check for its model
workers (every one of city level or above), records that one went and one declined, sees the
totals, then records a model worker's annual update and finds the care tab on the record."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import ArchiveEntry
from tests.browser.fixtures import log_in, pick
from tests.conftest import PASSWORD
from welfare.models import CareRound, SituationUpdate

from .factories_care import model_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_health_check_round_from_invitation_to_totals(county, welfare_a, live_server, page_at, screenshot):
    went = model_worker(county.a, level="province", name="省劳模甲")
    declined = model_worker(county.a, level="city", name="市劳模乙")
    model_worker(county.a, level="county", name="县劳模丙")  # below the level chosen: not invited
    base = live_server.url
    page = page_at(1280)
    log_in(page, live_server, welfare_a.username, PASSWORD)

    # The round: it started yesterday, so who went can be recorded.
    page.goto(base + reverse("welfare:care_round_create"))
    pick(page, "organiser", county.a.name)  # a search box (pickers.js)
    page.locator("select[name=kind]").select_option("health_check")
    page.locator("input[name=year]").fill(str((TODAY - datetime.timedelta(days=1)).year))
    page.locator("input[name=title]").fill("劳模健康体检")
    page.locator("input[name=place]").fill("县人民医院体检中心")
    page.locator("input[name=starts_on]").fill(str(TODAY - datetime.timedelta(days=1)))
    page.locator("input[name=ends_on]").fill(str(TODAY + datetime.timedelta(days=5)))
    page.locator("input[name=budget_per_person]").fill("650")
    submit(page)
    care_round = CareRound.objects.get(title="劳模健康体检")
    assert page.url.endswith(reverse("welfare:care_round_detail", args=[care_round.pk]))

    # Invite every model worker of city level or above.
    page.goto(base + reverse("welfare:care_round_invite", args=[care_round.pk]))
    page.locator("select[name=min_level]").select_option("city")
    submit(page)
    assert set(care_round.invitations.values_list("member__name", flat=True)) == {went.name, declined.name}

    # One went, one declined with a reason.
    for member, status, reason in ((went, "attended", ""), (declined, "declined", "出差在外")):
        invitation = care_round.invitations.get(member=member)
        page.goto(base + reverse("welfare:care_invitation_outcome", args=[invitation.pk]))
        page.locator("select[name=status]").select_option(status)
        page.locator("input[name=decline_reason]").fill(reason)
        submit(page)
    totals = page.locator("#care-totals").inner_text()
    assert "650.00" in totals
    assert ArchiveEntry.objects.filter(member=went, kind="health_check").count() == 1
    screenshot(page, "care_round")

    # The annual update of the one who went, then the care tab on the record.
    page.goto(f"{base}{reverse('welfare:care_update_create')}?member={went.pk}")
    page.locator("input[name=work]").fill("带徒传艺")
    page.locator("input[name=health]").fill("良好")
    page.locator("select[name=family_income]").select_option("middle")
    page.locator("input[name=visited_by]").fill("工会主席")
    submit(page)
    assert SituationUpdate.objects.filter(member=went, year=TODAY.year).exists()
    page.goto(base + reverse("members:member_detail", args=[went.pk]))
    page.locator("[data-bs-target='#tab-care']").click()
    assert "劳模健康体检" in page.locator("#care-panel").inner_text()
