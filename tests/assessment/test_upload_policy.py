"""Evidence goes through the project's one upload policy (issue 13, item 11)."""
import pytest
from django.urls import reverse

from assessment.models import Evidence
from tests import uploads as u
from unionadmin.uploads import EVIDENCE

from .factories import first_score

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("case,bad,words", u.hostile(EVIDENCE.max_bytes, "会议纪要.pdf", b"%PDF-1.4\n"),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_evidence_refuses_hostile_files_and_stores_nothing(english, sheet_a, officer_a, assessment_media,
                                                            case, bad, words):
    english.force_login(officer_a)
    before = u.stored_files(assessment_media)
    response = english.post(reverse("assessment:evidence_upload", args=[first_score(sheet_a).pk]),
                            {"file": u.upload(*bad)},
                            **HTMX)
    u.assert_refused(response, words)
    assert not Evidence.objects.exists() and u.stored_files(assessment_media) == before


def test_good_evidence_is_stored_under_a_random_name_and_served_as_an_attachment(english, sheet_a, officer_a):
    english.force_login(officer_a)
    score = first_score(sheet_a)
    english.post(reverse("assessment:evidence_upload", args=[score.pk]), {"file": u.upload("会议 纪要.pdf", u.PDF)},
                 **HTMX)
    evidence = Evidence.objects.get()
    assert evidence.file_name == "会议 纪要.pdf" and u.RANDOM_NAME.search(evidence.file.name)
    response = english.get(reverse("assessment:evidence_download", args=[evidence.pk]))
    u.assert_served_safely(response, "会议 纪要.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == u.PDF
