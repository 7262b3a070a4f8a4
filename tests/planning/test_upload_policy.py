"""Plan attachments go through the project's one upload policy (issue 13, item 11)."""
import pytest
from django.urls import reverse

from planning.models import PlanAttachment
from tests import uploads as u
from unionadmin.uploads import PLAN_ATTACHMENT

ids = dict(ids=lambda v: v if isinstance(v, str) else "")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.parametrize("case,bad,words", u.hostile(PLAN_ATTACHMENT.max_bytes, "细则.pdf", b"%PDF-1.4\n"), **ids)
def test_plan_attachments_refuse_hostile_files_and_store_nothing(english, plan, federation_admin, media,
                                                                  case, bad, words):
    english.force_login(federation_admin)
    response = english.post(reverse("planning:attachment_new", args=[plan.pk]),
                            {"title": "细则", "file": u.upload(*bad)})
    u.assert_refused(response, words)
    assert not PlanAttachment.objects.exists() and u.stored_files(media) == set()


def test_a_good_attachment_is_stored_under_a_random_name_and_served_as_an_attachment(english, plan, federation_admin,
                                                                                     media):
    english.force_login(federation_admin)
    english.post(reverse("planning:attachment_new", args=[plan.pk]),
                 {"title": "细则", "file": u.upload("考核细则.pdf", u.PDF)})
    attachment = PlanAttachment.objects.get()
    assert attachment.file_name == "考核细则.pdf" and u.RANDOM_NAME.search(attachment.file.name)
    response = english.get(reverse("planning:attachment_download", args=[attachment.pk]))
    u.assert_served_safely(response, "考核细则.pdf")
    assert response["Content-Type"] == "application/pdf"
