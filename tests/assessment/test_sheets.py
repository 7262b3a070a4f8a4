"""The unit's sheet: opening it, scoring item by item within the maximum at 0.01 precision,
measured proposals with the data behind them, evidence checked by content, the deadline
enforced by the server, submitting, and appealing once per item."""
import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessment.models import Appeal, Evidence, UnitAssessment
from assessment.services import AssessmentError
from assessment.services import sheets as services

from ..factories import MemberFactory
from .factories import build_rubric, build_sheet, evidence_for, fill, first_score, mark

D = Decimal
pytestmark = pytest.mark.django_db


def test_an_officer_opens_the_sheet_once_with_a_score_per_item(rubric, county, officer_a):
    sheet = services.assessment_open(rubric, county.a, officer_a)
    assert sheet.version == rubric.current_version
    assert sheet.scores.count() == rubric.current_version.items.count()
    assert services.assessment_open(rubric, county.a, officer_a) == sheet
    assert sheet.events.filter(verb="started", actor=officer_a).exists()


def test_only_the_units_own_officers_open_its_sheet(rubric, county, officer_b, federation_admin):
    refused = f"{county.a.name} is not assessed by this rubric, or you do not fill in its sheet."
    with pytest.raises(AssessmentError, match=re.escape(refused)):
        services.assessment_open(rubric, county.a, officer_b)
    # the federation reviews; it does not fill in sheets
    with pytest.raises(AssessmentError, match=re.escape(refused)):
        services.assessment_open(rubric, county.a, federation_admin)
    assert not UnitAssessment.objects.filter(unit=county.a).exists()


def test_a_unit_outside_the_rubrics_categories_has_no_sheet(county, officer_a):
    from .factories import publish_directly

    rubric = build_rubric(county.federation, publish=False)
    version = rubric.versions.get()
    version.categories = ["institution"]
    version.save()
    publish_directly(version)
    with pytest.raises(AssessmentError, match="not assessed"):
        services.assessment_open(rubric, county.a, officer_a)


def test_saving_an_item_within_its_maximum_at_two_decimals(sheet_a, officer_a):
    score = first_score(sheet_a)  # 30 points
    services.score_save(score, officer_a, points="28.5", note="换届按期完成")
    score.refresh_from_db()
    assert score.self_points == D("28.50") and score.self_note == "换届按期完成" and score.saved_by == officer_a
    for bad, message in [("31", "at most 30"), ("-1", "negative"), ("2.555", "two decimal"), ("abc", "number")]:
        with pytest.raises(AssessmentError, match=message):
            services.score_save(score, officer_a, points=bad)
    services.score_save(score, officer_a, points="")  # clearing is allowed while the sheet is open
    score.refresh_from_db()
    assert score.self_points is None
    assert score.history.count() >= 2


def test_a_veto_item_is_answered_yes_or_no(sheet_a, officer_a):
    veto = sheet_a.scores.get(kind="veto")
    services.score_save(veto, officer_a, vetoed=True, points="5")
    veto.refresh_from_db()
    assert veto.self_vetoed is True and veto.self_points is None


def _measured_rubric(county):
    # This year's rubric: the membership rate of an earlier year counts the members of its 31 December.
    rubric = build_rubric(county.federation, year=timezone.localdate().year, publish=False)
    version = rubric.versions.get()
    item = version.items.get(title="会员实名制管理")
    item.indicator_code = "membership_rate"
    item.rule = {"kind": "steps", "steps": [{"at_least": "100", "share": "100"}, {"at_least": "90", "share": "80"}]}
    item.evidence_required = False
    item.save()
    from .factories import publish_directly

    publish_directly(version)
    return rubric


def test_a_measured_item_proposes_points_from_the_data_and_the_unit_may_take_them(county, officer_a):
    county.a.employee_count = 10
    county.a.save()
    for _ in range(9):
        MemberFactory(union=county.a)  # 9 of 10: 90.0 % → 80 % of 30 points
    rubric = _measured_rubric(county)
    sheet = services.assessment_open(rubric, county.a, officer_a)
    score = sheet.scores.get(item__title="会员实名制管理")
    services.score_save(score, officer_a, use_proposal=True)
    score.refresh_from_db()
    assert score.self_points == D("24.00") and score.used_proposal
    assert (score.measured_numerator, score.measured_denominator, score.measured_value) == (D(9), D(10), D("90.0"))
    assert score.proposed_points == D("24.00")


def test_overriding_the_proposal_needs_a_note(county, officer_a):
    county.a.employee_count = 10
    county.a.save()
    for _ in range(9):
        MemberFactory(union=county.a)
    sheet = services.assessment_open(_measured_rubric(county), county.a, officer_a)
    score = sheet.scores.get(item__title="会员实名制管理")
    with pytest.raises(AssessmentError, match="propose 24"):
        services.score_save(score, officer_a, points="30")
    services.score_save(score, officer_a, points="30", note="年底新入会1人，名册尚未导入。")
    score.refresh_from_db()
    assert score.self_points == D("30.00") and not score.used_proposal and score.proposed_points == D("24.00")


def test_no_measured_value_means_no_proposal(county, officer_a):
    county.a.employee_count = 0
    county.a.save()
    sheet = services.assessment_open(_measured_rubric(county), county.a, officer_a)
    score = sheet.scores.get(item__title="会员实名制管理")
    with pytest.raises(AssessmentError, match="no measured value"):
        services.score_save(score, officer_a, use_proposal=True)
    services.score_save(score, officer_a, points="20")  # no proposal to differ from: no note needed
    score.refresh_from_db()
    assert (score.self_points, score.proposed_points, score.used_proposal, score.self_note) == (
        D("20.00"), None, False, "")


# --- the deadline ------------------------------------------------------------------------
def test_after_the_deadline_nothing_changes_and_nothing_is_submitted(county, officer_a, federation_admin):
    rubric = build_rubric(county.federation, deadline=timezone.localdate() - datetime.timedelta(days=1))
    sheet = fill(build_sheet(rubric, county.a), default="0.9")
    for score in sheet.scores.filter(item__evidence_required=True):
        evidence_for(score)
    with pytest.raises(AssessmentError, match="deadline"):
        services.score_save(first_score(sheet), officer_a, points="1")
    with pytest.raises(AssessmentError, match="deadline"):
        services.assessment_submit(sheet, officer_a)
    assert not sheet.is_open_for_changes
    from assessment.services.review import assessment_reopen

    assessment_reopen(sheet, federation_admin, until=timezone.localdate(), reason="系统故障，延期提交")
    sheet.refresh_from_db()
    services.assessment_submit(sheet, officer_a)
    sheet.refresh_from_db()
    assert sheet.state == UnitAssessment.State.SUBMITTED
    assert sheet.events.filter(verb="reopened", note="系统故障，延期提交").exists()


def test_the_deadline_day_itself_is_still_open(county, officer_a):
    rubric = build_rubric(county.federation, deadline=timezone.localdate())
    sheet = build_sheet(rubric, county.a)
    assert sheet.is_open_for_changes
    score = first_score(sheet)
    services.score_save(score, officer_a, points="1", note="截止当天填报")
    score.refresh_from_db()
    assert (score.self_points, score.self_note, score.saved_by) == (D("1.00"), "截止当天填报", officer_a)


def test_reopening_needs_a_day_from_today_and_a_reason(sheet_a, federation_admin):
    from assessment.services.review import assessment_reopen

    with pytest.raises(AssessmentError, match="Choose a day from today on."):
        assessment_reopen(sheet_a, federation_admin, until=timezone.localdate() - datetime.timedelta(days=1),
                          reason="x")
    with pytest.raises(AssessmentError, match="Say why the unit gets more time."):
        assessment_reopen(sheet_a, federation_admin, until=timezone.localdate(), reason=" ")
    assert not sheet_a.events.filter(verb="reopened").exists()


# --- submitting ---------------------------------------------------------------------------
def test_submitting_needs_every_item_scored_and_evidence_where_required(sheet_a, officer_a):
    with pytest.raises(AssessmentError, match="still without points"):
        services.assessment_submit(sheet_a, officer_a)
    fill(sheet_a, default="1")
    with pytest.raises(AssessmentError, match="need evidence"):
        services.assessment_submit(sheet_a, officer_a)
    evidence_for(sheet_a.scores.get(item__evidence_required=True))
    services.assessment_submit(sheet_a, officer_a)
    sheet_a.refresh_from_db()
    assert sheet_a.state == "submitted" and sheet_a.submitted_by == officer_a
    with pytest.raises(AssessmentError, match="submitted"):
        services.score_save(first_score(sheet_a), officer_a, points="1")


# --- evidence -----------------------------------------------------------------------------
def upload(name, content):
    return SimpleUploadedFile(name, content)


def _docx_bytes():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _image(format):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format)
    return buffer.getvalue()


@pytest.mark.parametrize("name,content,kind", [
    ("会议纪要.pdf", b"%PDF-1.7\n...", "pdf"),
    ("照片.JPG", _image("JPEG"), "jpeg"),
    ("照片.png", _image("PNG"), "png"),
    ("制度.docx", None, "word"),
    ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "ole2"),
])
def test_evidence_of_an_accepted_type_is_stored(sheet_a, officer_a, name, content, kind, assessment_media):
    content = content if content is not None else _docx_bytes()
    evidence = services.evidence_add(first_score(sheet_a), officer_a, upload(name, content))
    assert evidence.content_kind == kind and evidence.file_name == name and evidence.size == len(content)
    assert evidence.file.read() == content
    assert evidence.file.name.startswith(f"assessment/evidence/{sheet_a.pk}/")


@pytest.mark.parametrize("name,content,message", [
    ("病毒.pdf", b"MZ\x90\x00 an executable", "programs cannot be uploaded"),
    ("压缩包.docx", None, "not a PDF"),
    ("照片.pdf", _image("PNG"), "rename it"),
    ("假照片.png", b"\x89PNG\r\n\x1a\n\x00\x00", "damaged"),
    ("空.pdf", b"", "empty"),
    ("脚本.svg", b"<svg onload=alert(1)>", "cannot be uploaded"),
])
def test_evidence_is_checked_by_content_with_a_clear_message(sheet_a, officer_a, name, content, message):
    if content is None:  # a plain zip archive renamed to .docx
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.exe", b"MZ")
        content = buffer.getvalue()
    with pytest.raises(AssessmentError, match=message):
        services.evidence_add(first_score(sheet_a), officer_a, upload(name, content))
    assert not Evidence.objects.exists()


def test_evidence_has_a_size_limit(sheet_a, officer_a, settings):
    from assessment import evidence_files

    big = upload("大文件.pdf", b"%PDF-" + b"0" * (evidence_files.MAX_BYTES + 1 - 5))
    with pytest.raises(AssessmentError, match="at most 10 MB"):
        services.evidence_add(first_score(sheet_a), officer_a, big)


def test_removing_evidence_deletes_the_file_after_commit(sheet_a, officer_a, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(first_score(sheet_a), officer_a, upload("a.pdf", b"%PDF-1.4 x"))
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(evidence, officer_a)
    assert not storage.exists(name) and not Evidence.objects.exists()


# --- appeals ------------------------------------------------------------------------------
LOWERED_BY = D("5")


def _reviewed(sheet, lowered_by=LOWERED_BY):
    mark(fill(sheet, default="1"), "reviewed")
    for score in sheet.scores.all():
        score.reviewed_points = score.self_points
        score.reviewed_vetoed = False if score.kind == "veto" else None
        score.reviewed_at = timezone.now()
        score.save()
    score = first_score(sheet)
    score.reviewed_points = score.self_points - lowered_by
    score.save()
    return score


def test_a_changed_item_can_be_appealed_once(sheet_a, officer_a):
    score = _reviewed(sheet_a)
    with pytest.raises(AssessmentError, match="reason"):
        services.appeal_create(score, officer_a, reason="  ")
    appeal = services.appeal_create(score, officer_a, reason="材料齐全，请复核。")
    assert appeal.points_before == score.reviewed_points and appeal.is_open
    with pytest.raises(AssessmentError, match="once"):
        services.appeal_create(score, officer_a, reason="再次申诉")
    assert Appeal.objects.count() == 1


def test_an_unchanged_item_or_a_sheet_not_sent_back_cannot_be_appealed(sheet_a, officer_a):
    score = _reviewed(sheet_a)
    unchanged = sheet_a.scores.exclude(pk=score.pk).filter(kind="standard").first()
    with pytest.raises(AssessmentError, match="did not change"):
        services.appeal_create(unchanged, officer_a, reason="x")
    mark(sheet_a, "finalised")
    with pytest.raises(AssessmentError, match="after the review"):
        services.appeal_create(score, officer_a, reason="x")


def test_appeals_close_after_the_period(sheet_a, officer_a):
    score = _reviewed(sheet_a)
    mark(sheet_a, "reviewed", appeals_close_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(AssessmentError, match="appeal period ended"):
        services.appeal_create(score, officer_a, reason="x")
