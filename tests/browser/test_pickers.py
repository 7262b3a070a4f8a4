"""A picker that searches, in Chromium: a welfare officer opens a new hardship file, finds the
worker by part of the name (desktop) and by the last 4 ID digits (phone), picks by keyboard,
saves; the file names that member. Nobody of another union is offered."""
import pytest
from django.urls import reverse

from tests.browser.fixtures import log_in, search_box
from tests.conftest import PASSWORD, _user_with
from tests.members.factories import UniqueMemberFactory
from tests.welfare.factories import LivingStandardFactory, this_year
from unionadmin.roles import Role
from welfare.models import HardshipFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(county):
    LivingStandardFactory(organisation=county.federation, year=this_year(), monthly_line=800)
    officer = _user_with(Role.WELFARE_OFFICER, county.a)
    officer.language = "en"
    officer.save(update_fields=["language"])
    mine = [UniqueMemberFactory(union=county.a, name=name) for name in ("欧阳建华", "欧阳建国", "李建华")]
    other = UniqueMemberFactory(union=county.b, name="欧阳建军")
    return officer, mine, other


def search(page, field, text):
    """Types into the field's search box and waits for the server's answer."""
    page.locator(f"#id_{field}-ts-control").click()
    options = search_box(page, field, text)
    options.first.wait_for()
    return options


def file_the_application(page):
    page.locator("input[name=head_income]").fill("700")
    page.locator("select[name=identity_status]").select_option("laid_off")
    page.locator("select[name=main_cause]").select_option("illness")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 375])
def test_find_the_worker_by_name_or_id_digits_and_pick_by_keyboard(scene, live_server, page_at, screenshot, width):
    officer, mine, other = scene
    page = page_at(width)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    log_in(page, live_server, officer.username, PASSWORD)
    page.goto(live_server.url + reverse("welfare:file_create"))
    assert page.locator("select[name=worker] option[value]:not([value=''])").count() == 0  # nobody listed

    wanted = mine[1] if width == 1280 else mine[2]
    typed = "欧阳建" if width == 1280 else wanted.id_number[-4:]
    options = search(page, "worker", typed)
    offered = options.all_inner_texts()
    screenshot(page, f"picker-worker-{width}")
    if width == 1280:
        assert [t.split(" · ")[0] for t in offered] == ["欧阳建华", "欧阳建国"]  # not 欧阳建军 of union B
    else:
        assert [t.split(" · ")[0] for t in offered] == ["李建华"]
    assert all(wanted.id_number not in t for t in offered)  # masked: only the last 4 show

    if width == 1280:
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("select[name=worker]").input_value() == str(wanted.pk)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    file_the_application(page)

    file = HardshipFile.objects.get()
    assert (file.worker, page.url) == (wanted, live_server.url + reverse("welfare:file_detail", args=[file.pk]))
