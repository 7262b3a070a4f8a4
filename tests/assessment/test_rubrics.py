"""Writing, publishing and correcting a rubric: a published version is frozen in the service,
the model and the database; a correction is a new version, compared item by item."""
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessment.diff import diff_versions
from assessment.models import FrozenError, RubricArea, RubricItem, RubricVersion, UnitAssessment
from assessment.services import AssessmentError
from assessment.services import rubrics as services

from .factories import build_rubric, build_sheet, fill, mark

D = Decimal
pytestmark = pytest.mark.django_db


def _write(version, user):
    one = services.area_save(version, user, name="组织建设")
    two = services.area_save(version, user, name="维权服务")
    services.item_save(version, user, kind="standard", area=one, title="按期换届", maximum=D("60"))
    services.item_save(version, user, kind="standard", area=two, title="集体合同", maximum=D("40"))
    services.item_save(version, user, kind="veto", title="群体性事件", maximum=None)
    return version


def test_a_new_rubric_is_a_draft_that_publishes_once_its_items_add_up_to_100(county, federation_admin):
    rubric = services.rubric_create(federation=county.federation, year=2026, title="2026年考核细则",
                                    deadline=datetime.date(2026, 12, 15), user=federation_admin)
    version = rubric.versions.get()
    assert version.is_draft and version.categories == ["organ", "enterprise", "institution", "industry"]
    services.area_save(version, federation_admin, name="组织建设")
    problems = services.version_problems(version)
    assert any("no items" in p for p in problems) and any("add up to 0" in p for p in problems)
    with pytest.raises(AssessmentError):
        services.version_publish(version, federation_admin)
    version.areas.all().delete()
    _write(version, federation_admin)
    assert services.version_problems(version) == []
    services.version_publish(version, federation_admin)
    rubric.refresh_from_db()
    assert rubric.current_version == version and rubric.current_version.state == "published"


def test_one_rubric_per_federation_and_year(county, federation_admin, rubric):
    with pytest.raises(AssessmentError, match="already has a rubric"):
        services.rubric_create(federation=county.federation, year=rubric.year, title="x",
                               deadline=datetime.date(2026, 12, 1), user=federation_admin)


def test_only_a_federation_issues_a_rubric(county, federation_admin):
    with pytest.raises(AssessmentError):
        services.rubric_create(federation=county.a, year=2026, title="x", deadline=datetime.date(2026, 12, 1),
                               user=federation_admin)


def test_a_published_version_is_frozen_in_the_services(rubric, federation_admin):
    version = rubric.current_version
    item = version.items.first()
    with pytest.raises(AssessmentError, match="frozen"):
        services.item_save(version, federation_admin, item=item, title="改过的")
    with pytest.raises(AssessmentError, match="frozen"):
        services.area_save(version, federation_admin, name="新领域")
    with pytest.raises(AssessmentError, match="frozen"):
        services.version_settings_save(version, federation_admin, standard_threshold=80, exemplary_threshold=90,
                                       bonus_cap=None, categories=["enterprise"])
    with pytest.raises(AssessmentError, match="frozen"):
        services.item_delete(item, federation_admin)


def test_a_published_version_is_frozen_in_the_models(rubric):
    version = rubric.current_version
    item = version.items.first()
    item.title = "改过的"
    with pytest.raises(FrozenError):
        item.save()
    with pytest.raises(FrozenError):
        item.delete()
    with pytest.raises(FrozenError):
        RubricArea(version=version, name="新领域").save()
    version.standard_threshold = D("80")
    with pytest.raises(FrozenError):
        version.save()
    version.refresh_from_db()
    version.state = RubricVersion.State.DRAFT
    with pytest.raises(FrozenError):
        version.save()


def test_a_published_version_is_frozen_in_the_database(rubric):
    version = rubric.current_version
    for statement in [
        ("UPDATE assessment_rubricitem SET maximum = 1 WHERE version_id = %s", [version.pk]),
        ("DELETE FROM assessment_rubricitem WHERE version_id = %s", [version.pk]),
        ("UPDATE assessment_rubricarea SET name = 'x' WHERE version_id = %s", [version.pk]),
        ("UPDATE assessment_rubricversion SET standard_threshold = 80 WHERE id = %s", [version.pk]),
        ("UPDATE assessment_rubricversion SET state = 'draft' WHERE id = %s", [version.pk]),
        ("DELETE FROM assessment_rubricversion WHERE id = %s", [version.pk]),
    ]:
        with pytest.raises(IntegrityError, match="published"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*statement)
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricItem.objects.filter(version=version).update(title="raw update")
    # Moving on to "superseded" is allowed, and a draft changes freely.
    draft = build_rubric(rubric.federation, publish=False).versions.get()
    RubricItem.objects.filter(version=draft).update(title="raw update")
    RubricVersion.objects.filter(pk=version.pk).update(state="superseded")


def test_a_correction_copies_the_version_keeps_lineages_and_shows_the_differences(rubric, federation_admin):
    old = rubric.current_version
    new = services.version_correct(rubric, federation_admin)
    assert new.number == 2 and new.is_draft
    assert services.version_correct(rubric, federation_admin) == new  # the same draft again
    assert set(new.items.values_list("lineage", flat=True)) == set(old.items.values_list("lineage", flat=True))
    item = new.items.get(title="签订集体合同")
    services.item_save(new, federation_admin, item=item, maximum=D("35"), title="签订并履行集体合同")
    area = new.areas.get(name="组织建设")
    services.item_save(new, federation_admin, kind="standard", area=area, title="建立职工之家", maximum=D("5"))
    services.item_delete(new.items.get(title="获得县级以上表彰"), federation_admin)
    services.version_settings_save(new, federation_admin, standard_threshold=90, exemplary_threshold=95,
                                   bonus_cap=None, categories=["enterprise", "institution"])
    new.refresh_from_db()
    result = diff_versions(services.version_snapshot(old), services.version_snapshot(new))
    by_status = {(row.status, row.title) for row in result.items}
    assert ("added", "建立职工之家") in by_status
    assert ("removed", "获得县级以上表彰") in by_status
    changed = next(row for row in result.items if row.status == "changed")
    assert {c.field: (c.old, c.new) for c in changed.changes} == {
        "title": ("签订集体合同", "签订并履行集体合同"), "maximum": (D("40.00"), D("35.00"))}
    assert {c.field for c in result.settings} == {"standard_threshold", "categories"}


def test_publishing_a_correction_needs_a_note_and_carries_the_sheets_over(rubric, county, federation_admin):
    sheet = fill(build_sheet(rubric, county.a), {"签订集体合同": "40", "工会组织健全，按期换届": "28"})
    submitted = mark(fill(build_sheet(rubric, county.b), default="1"), "submitted")
    old = rubric.current_version
    new = services.version_correct(rubric, federation_admin)
    services.item_save(new, federation_admin, item=new.items.get(title="签订集体合同"), maximum=D("35"))
    services.item_save(new, federation_admin, kind="standard", area=new.areas.get(name="组织建设"),
                       title="建立职工之家", maximum=D("5"))
    with pytest.raises(AssessmentError, match="corrects"):
        services.version_publish(new, federation_admin)
    services.version_publish(new, federation_admin, change_note="集体合同分值调整为35分，新增职工之家5分。")
    old.refresh_from_db()
    rubric.refresh_from_db()
    assert old.state == "superseded" and rubric.current_version == new
    sheet.refresh_from_db()
    assert sheet.version == new and sheet.scores.count() == new.items.count()
    contract = sheet.scores.get(item__title="签订集体合同")
    assert contract.self_points == D("35.00") and contract.maximum == D("35.00") and "35" in contract.self_note
    assert sheet.scores.get(item__title="工会组织健全，按期换届").self_points == D("28.00")
    assert sheet.scores.get(item__title="建立职工之家").self_points is None
    submitted.refresh_from_db()
    assert submitted.state == UnitAssessment.State.RETURNED and submitted.reopened_until is not None
    assert submitted.events.filter(verb="moved").exists()


def test_no_correction_once_a_sheet_is_final_or_results_are_published(rubric, county, federation_admin):
    mark(build_sheet(rubric, county.a), "finalised")
    new = services.version_correct(rubric, federation_admin)
    with pytest.raises(AssessmentError, match="final"):
        services.version_publish(new, federation_admin, change_note="x")
    rubric.results_published_at = timezone.now()
    rubric.save()
    services.version_delete(new, federation_admin)
    with pytest.raises(AssessmentError, match="published"):
        services.version_correct(rubric, federation_admin)


def test_measured_items_need_a_known_indicator_and_a_valid_rule(county, federation_admin):
    rubric = services.rubric_create(federation=county.federation, year=2027, title="x",
                                    deadline=datetime.date(2027, 12, 1), user=federation_admin)
    version = rubric.versions.get()
    area = services.area_save(version, federation_admin, name="组织建设")
    with pytest.raises(AssessmentError, match="rule"):
        services.item_save(version, federation_admin, kind="standard", area=area, title="入会率", maximum=D("100"),
                           indicator_code="membership_rate", rule={})
    with pytest.raises(AssessmentError, match="no such indicator"):
        services.item_save(version, federation_admin, kind="standard", area=area, title="入会率", maximum=D("100"),
                           indicator_code="no_such_thing", rule={"kind": "linear", "zero_at": 0, "full_at": 1})
    item = services.item_save(version, federation_admin, kind="standard", area=area, title="入会率",
                              maximum=D("100"), indicator_code="membership_rate",
                              rule={"kind": "steps", "steps": [{"at_least": 90, "share": 80},
                                                               {"at_least": 100, "share": 100}]})
    assert item.rule["steps"][0]["at_least"] == "100.00"
    assert "≥ 100" in item.rule_words


def test_points_have_two_decimals_at_most(county, federation_admin):
    rubric = services.rubric_create(federation=county.federation, year=2028, title="x",
                                    deadline=datetime.date(2028, 12, 1), user=federation_admin)
    version = rubric.versions.get()
    area = services.area_save(version, federation_admin, name="组织建设")
    item = services.item_save(version, federation_admin, kind="standard", area=area, title="x", maximum=D("2.5"))
    assert item.maximum == D("2.50")
    with pytest.raises(AssessmentError):
        services.item_save(version, federation_admin, kind="standard", area=area, title="y", maximum=D("2.555"))


def test_thresholds_cannot_cross(county, federation_admin):
    rubric = build_rubric(county.federation, publish=False)
    version = rubric.versions.get()
    with pytest.raises(AssessmentError, match="exemplary"):
        services.version_settings_save(version, federation_admin, standard_threshold=95, exemplary_threshold=91,
                                       bonus_cap=None, categories=["enterprise"])
    services.version_settings_save(version, federation_admin, standard_threshold=D("85.5"), exemplary_threshold=92,
                                   bonus_cap=D("3"), categories=["enterprise"])
    version.refresh_from_db()
    assert version.standard_threshold == D("85.50") and version.bonus_cap == D("3.00")
