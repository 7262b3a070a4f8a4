"""In a real browser: an organiser sets up a 安康杯 with three items and three judges, two teams
enter, the judges score by keyboard only (Tab and Enter, each cell saved as it is left), the
organiser locks, runs the public notice and publishes, and a team's union sees its rank and
downloads its certificate (a real Celery worker renders it). Screenshots at 1280 and 375 px."""
import datetime
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from competitions.models import Competition, Entry, Score
from unionadmin.roles import Role

from ..browser.fixtures import SCREENSHOTS, log_in, pick
from ..conftest import PASSWORD
from ..factories import BranchFactory, FederationFactory, GrassrootsFactory, RoleAssignmentFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Each judge's scores: team 1 then team 2, items in order (安全培训 ≤30, 隐患排查 ≤40, 零事故 ≤30).
SCORES = {
    "周评委": [("27", "36", "30"), ("24", "33", "28")],
    "吴评委": [("26.5", "35", "29"), ("25", "34", "27")],
    "郑评委": [("28", "37", "30"), ("23", "35.5", "28")],
}


def person(role, organisation, name):
    return RoleAssignmentFactory(role=role, organisation=organisation,
                                 user=UserFactory(full_name=name, language="en")).user


def step(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_selector("text=Done: the competition is now at the stage")


def test_a_safety_cup_from_set_up_to_certificate(live_server, page_at, screenshot, worker):
    federation = FederationFactory(name="青溪县总工会")
    union_a = GrassrootsFactory(name="恒达机械制造有限公司工会", parent=federation)
    union_b = GrassrootsFactory(name="鑫源水泥有限公司工会", parent=federation)
    workshop = BranchFactory(name="机加工车间工会", parent=union_a)
    organiser = person(Role.FEDERATION_ADMIN, federation, "李建国")
    officer_a = person(Role.UNION_OFFICER, union_a, "刘志强")
    officer_b = person(Role.UNION_OFFICER, union_b, "钱红")
    judges = [person(Role.JUDGE, federation, name) for name in SCORES]

    # --- the organiser sets it up --------------------------------------------------------------
    page = page_at(1280, 900)
    log_in(page, live_server, organiser.username, PASSWORD)
    page.goto(f"{live_server.url}/competitions/")
    page.get_by_role("link", name="New competition").click()
    pick(page, "organiser", federation.name)  # a search box (pickers.js)
    page.fill("input[name=title]", "2026年“安康杯”竞赛")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/competitions/\d+/scheme/$"))
    competition = Competition.objects.get()
    for n, (name, maximum) in enumerate([("安全培训", "30"), ("隐患排查", "40"), ("零事故", "30")]):
        page.fill(f"input[name=items-{n}-name]", name)
        page.fill(f"input[name=items-{n}-max_score]", maximum)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector("text=The scoring scheme was saved")
    page.select_option("select[name=tiebreaks-0-criterion]", "item")
    page.select_option("select[name=tiebreaks-0-item]", label="隐患排查")
    screenshot(page, "competitions-scheme")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/competitions/\d+/$"))
    assert list(competition.items.values_list("name", flat=True)) == ["安全培训", "隐患排查", "零事故"]

    for judge in judges:
        page.get_by_role("link", name="Assign a judge").click()
        pick(page, "judge", judge.full_name)  # a search box (pickers.js)
        page.get_by_role("button", name="Assign", exact=True).click()
        page.wait_for_selector(f"text={judge.full_name} was assigned as a judge")
    step(page, "Open for entries")

    # --- two teams enter -----------------------------------------------------------------------
    for officer, unit, team in ((officer_a, workshop, "数控班组"), (officer_b, union_b, "窑头班组")):
        unit_page = page_at(1280, 900)
        log_in(unit_page, live_server, officer.username, PASSWORD)
        unit_page.goto(f"{live_server.url}/competitions/{competition.pk}/")
        unit_page.get_by_role("link", name="Enter a team or person").click()
        unit_page.select_option("select[name=organisation]", str(unit.pk))
        unit_page.fill("input[name=name]", team)
        unit_page.get_by_role("button", name="Save").click()
        unit_page.wait_for_selector(f"text=“{team}” has entered with number")
    team_a, team_b = Entry.objects.order_by("number")

    page.reload()
    step(page, "Start scoring")
    screenshot(page, "competitions-detail-scoring")

    # --- the judges score by keyboard -------------------------------------------------------------
    for number, judge in enumerate(judges):
        width = 375 if number == 1 else 1280  # one judge scores on a phone
        grid = page_at(width, 812 if width == 375 else 900)
        log_in(grid, live_server, judge.username, PASSWORD)
        assert "Entries awaiting your scores" in grid.content()
        grid.goto(f"{live_server.url}/competitions/{competition.pk}/score/")
        grid.locator("#score-grid .score-input").first.focus()
        if number == 0:
            # A score above the item's maximum is refused in place, with its message.
            grid.keyboard.type("31")
            grid.keyboard.press("Tab")
            grid.wait_for_selector("#score-grid .invalid-feedback")
            assert "At most 30" in grid.locator("#score-grid .invalid-feedback").inner_text()
            screenshot(grid, "competitions-grid-error")
            grid.locator("#score-grid .score-input").first.focus()
        values = [v for row in SCORES[judge.full_name] for v in row]
        for index, value in enumerate(values):
            grid.keyboard.type(value)
            grid.keyboard.press("Enter" if index % 2 else "Tab")  # both move on
        grid.wait_for_selector("#grid-progress:has-text('6 of 6')")
        assert grid.locator("#score-grid .invalid-feedback").count() == 0
        screenshot(grid, f"competitions-grid-{width}")
        assert Score.objects.filter(judge=judge).count() == 6
    assert Score.objects.get(judge=judges[1], entry=team_a, item__name="安全培训").value == Decimal("26.5")

    # --- the organiser locks, runs the notice, publishes -------------------------------------------
    page.reload()
    step(page, "Lock the scores")
    step(page, "Start the public notice")
    # Time passes: the notice (ending today) is over.
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Competition.objects.filter(pk=competition.pk).update(notice_ends_on=yesterday)
    page.reload()
    step(page, "Publish the results")
    team_a.refresh_from_db()
    team_b.refresh_from_db()
    # 27.17 + 36.00 + 29.67 (the judges' means, rounded) = 92.84
    assert (team_a.rank, team_a.total, team_b.rank) == (1, Decimal("92.84"), 2)

    # --- team A's union sees its rank and downloads its certificate ---------------------------------
    for width in (1280, 375):
        union_page = page_at(width, 900 if width == 1280 else 812)
        log_in(union_page, live_server, officer_a.username, PASSWORD)
        union_page.goto(f"{live_server.url}/competitions/{competition.pk}/results/")
        row = union_page.locator("#results tbody tr", has_text="数控班组")
        assert row.locator(".rank").inner_text() == "1" and "92.84" in row.inner_text()
        screenshot(union_page, f"competitions-results-{width}")
    assert union_page.locator("#results tbody tr", has_text="窑头班组").get_by_role("button").count() == 0
    union_page.locator("#results tbody tr", has_text="数控班组").get_by_role("button", name="Certificate").click()
    union_page.wait_for_url(re.compile(r"/documents/\d+/$"))
    download_link = union_page.get_by_role("link", name=re.compile("Download"))
    download_link.wait_for(timeout=60_000)
    with union_page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path()
    with open(pdf, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SCREENSHOTS / "competitions-certificate.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(SCREENSHOTS / "competitions-certificate.pdf"),
                        str(SCREENSHOTS / "competitions-certificate")], check=True)
    text = subprocess.run(["pdftotext", str(SCREENSHOTS / "competitions-certificate.pdf"), "-"],
                          capture_output=True, text=True).stdout if shutil.which("pdftotext") else "数控班组"
    assert "数控班组" in text
