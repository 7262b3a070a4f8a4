"""In a real browser, issue 18's honours journey: union A's officer nominates a member for the
county's 劳动模范 (within A's quota); the federation vets and accepts, posts the names (公示),
records an objection (conferring is refused while it is open), answers it (dismissed: the
nomination stays) and confers; A's officer downloads the certificate (a real Celery worker
renders it) with the member's name, the honour, the number and the federation as issuer.

The county, people, the scheme and its quota are made with factories; the notice is posted
eight days back so that its seven days are over when the federation confers."""
import datetime
import os
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import HonourObjection, HonourQuota, Nomination
from members.models import Honour
from unionadmin.roles import Role

from ..browser.fixtures import SCREENSHOTS, log_in, pick
from ..conftest import PASSWORD
from ..factories import FederationFactory, GrassrootsFactory, MemberFactory, RoleAssignmentFactory, UserFactory
from .factories_honours import HonourSchemeFactory, closed_and_vetted

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def person(role, organisation, name):
    return RoleAssignmentFactory(role=role, organisation=organisation,
                                 user=UserFactory(full_name=name, language="en")).user


def test_an_honour_from_nomination_through_public_notice_with_an_objection_to_certificate(
        live_server, page_at, screenshot, worker):
    federation = FederationFactory(name="测试县总工会")
    union_a = GrassrootsFactory(name="恒达机械制造有限公司工会", parent=federation)
    admin = person(Role.FEDERATION_ADMIN, federation, "李建国")
    officer_a = person(Role.UNION_OFFICER, union_a, "刘志强")
    member = MemberFactory(union=union_a, name="张红梅", post="数控班班长")
    scheme = HonourSchemeFactory(union=federation, title="2026年度测试县劳动模范评选", honour_title="测试县劳动模范")
    HonourQuota.objects.create(scheme=scheme, unit=union_a, places=1)

    # --- union A's officer nominates ------------------------------------------------------------
    page = page_at(1280, 900)
    log_in(page, live_server, officer_a.username, PASSWORD)
    page.goto(f"{live_server.url}/competitions/honours/")
    page.get_by_role("link", name=scheme.title).click()
    page.get_by_role("link", name="Nominate").click()
    pick(page, "unit", "恒达", union_a.name)
    pick(page, "member", "张红梅", "张红梅")
    page.fill("textarea[name=deeds]", "扎根数控一线十五年，带领班组攻克薄壁件变形难题，年创效益120万元。")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("The nomination was sent to 测试县总工会 for vetting.")
    nomination = Nomination.objects.get()

    # --- the federation vets and posts the names -------------------------------------------------
    fed = page_at(1280, 900)
    log_in(fed, live_server, admin.username, PASSWORD)
    fed.goto(f"{live_server.url}{nomination.get_absolute_url()}")
    fed.get_by_role("link", name="Vet").click()
    fed.get_by_label("Accept").check()
    fed.get_by_role("button", name="Save").click()
    expect(fed.locator("main")).to_contain_text("The nomination was accepted.")
    # The rest of the story is over days: the window closed and the vetting was 9 days ago.
    scheme = closed_and_vetted(scheme, days_ago=9)
    fed.goto(f"{live_server.url}{scheme.get_absolute_url()}")
    fed.get_by_role("link", name="Post the names for public notice").click()
    posted_on = timezone.localdate() - datetime.timedelta(days=8)
    fed.fill("input[name=start]", posted_on.isoformat())
    fed.get_by_role("button", name="Save").click()
    end = posted_on + datetime.timedelta(days=6)
    expect(fed.locator("main")).to_contain_text(f"The names are posted until {end.isoformat()}.")

    # --- an objection comes in by telephone; conferring waits for its answer ---------------------
    fed.goto(f"{live_server.url}{nomination.get_absolute_url()}")
    fed.get_by_role("link", name="Record an objection").click()
    fed.fill("input[name=raised_by]", "同车间职工 王某")
    fed.locator("select[name=channel]").select_option("phone")
    fed.fill("input[name=received_on]", (posted_on + datetime.timedelta(days=2)).isoformat())
    fed.fill("textarea[name=content]", "认为创效金额偏高。")
    fed.get_by_role("button", name="Save").click()
    expect(fed.locator("main")).to_contain_text("The objection was recorded.")
    fed.goto(f"{live_server.url}{scheme.get_absolute_url()}")
    expect(fed.locator("main")).to_contain_text("Objections open: 1.")
    fed.get_by_role("button", name="Confer the honour").click()
    expect(fed.locator("main")).to_contain_text("An objection is still open: answer it before conferring.")
    fed.goto(f"{live_server.url}{nomination.get_absolute_url()}")
    screenshot(fed, "honours-nomination-objection-1280")
    fed.get_by_role("link", name="Answer").click()
    fed.get_by_label("Dismissed: the nomination stays").check()
    fed.fill("textarea[name=answer]", "经核对财务部门出具的效益证明，创效金额属实，已电话答复。")
    fed.get_by_role("button", name="Save").click()
    expect(fed.locator("main")).to_contain_text("The objection was dismissed: the nomination stays.")
    assert HonourObjection.objects.get().state == HonourObjection.State.DISMISSED

    # --- the federation confers -------------------------------------------------------------------
    fed.goto(f"{live_server.url}{scheme.get_absolute_url()}")
    fed.get_by_role("button", name="Confer the honour").click()
    expect(fed.locator("main")).to_contain_text("Honours conferred: 1.")
    screenshot(fed, "honours-scheme-conferred-1280")
    honour = Honour.objects.get(member=member)
    assert (honour.title, honour.kind) == ("测试县劳动模范", Honour.Kind.MODEL_WORKER)
    nomination.refresh_from_db()
    number = f"2026-{scheme.pk:03d}-001"
    assert nomination.certificate_number == number

    # --- union A's officer downloads the certificate ------------------------------------------------
    for width in (1280, 375):
        small = page_at(width, 900 if width == 1280 else 812)
        log_in(small, live_server, officer_a.username, PASSWORD)
        small.goto(f"{live_server.url}{nomination.get_absolute_url()}")
        expect(small.locator("main")).to_contain_text(number)
        screenshot(small, f"honours-nomination-conferred-{width}")
    small.get_by_role("button", name="Certificate (PDF)").click()
    small.wait_for_url(re.compile(r"/documents/\d+/$"))
    download_link = small.get_by_role("link", name=re.compile("Download"))
    download_link.wait_for(timeout=60_000)
    with small.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path()
    with open(pdf, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SCREENSHOTS / "honours-certificate.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(SCREENSHOTS / "honours-certificate.pdf"),
                        str(SCREENSHOTS / "honours-certificate")], check=True)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(SCREENSHOTS / "honours-certificate.pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert "张红梅" in text and "测试县劳动模范" in text and number in text and "测试县总工会" in text
