"""In a real browser, in Chinese, with a live worker: a big roster is stored unread at the upload;
the worker reads and checks it in one go (the page polls and shows the result without a press on
"Check the file"), and it is imported (issue 15, item 6). The reading page itself is in
test_import_reading.py. The size from which a file is read later is set to 0 here, so that a small
file takes the big files' way."""
import pytest

from members.models import Member
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD

from .sheets import good_rows, xlsx_bytes
from .test_import_journey_browser import upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def read_by_the_worker(settings):
    settings.MEMBERS_IMPORT_READ_AT_UPLOAD_BYTES = 0


@pytest.mark.worker
def test_a_big_roster_is_read_checked_and_imported_by_the_worker(worker, live_server, page_at, county, officer_a,
                                                                  read_by_the_worker):
    page = page_at(1280)
    log_in(page, live_server, officer_a.username, PASSWORD)
    upload(page, live_server, county.a, xlsx_bytes(good_rows(3), title="某某公司工会会员花名册"), "花名册.xlsx")
    page.get_by_text("所有行均无误。").wait_for(timeout=60_000)  # read, columns found, checked: no press needed
    assert "表头在第2行，其下共3行" in page.locator("#import-job").inner_text()
    page.locator("form[action$='/apply/'] button[type=submit]").click()
    page.get_by_text("已导入。").wait_for(timeout=60_000)
    assert Member.objects.filter(union=county.a).count() == 3

