"""The assessment's access rules, declared on the models: what each person sees and may do,
and that ``visible_to`` (one SQL filter) and ``scope.allows`` (one object, in Python) give the
same answer for every model, person and action."""
import pytest
from django.utils import timezone

from assessment.models import (
    Appeal,
    AssessmentEvent,
    Evidence,
    ItemReview,
    ItemScore,
    Rubric,
    RubricArea,
    RubricItem,
    RubricResults,
    RubricVersion,
    UnitAssessment,
)
from unionadmin.roles import Role

from ..factories import BranchFactory, GrassrootsFactory, IndustryFactory, RoleAssignmentFactory, UserFactory
from .conftest import user_with
from .factories import build_rubric, build_sheet, evidence_for, fill, first_score, mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(county):
    """A published rubric with sheets of union A and of a union under an industry union, a
    draft rubric, a correction in draft, published results, and the people around them."""
    industry = IndustryFactory(name="县教育工会", parent=county.federation)
    school = GrassrootsFactory(name="实验小学工会", parent=industry, category="institution")
    rubric = build_rubric(county.federation)
    sheet = mark(fill(build_sheet(rubric, county.a), default="1"), "reviewed")
    score = first_score(sheet)
    evidence_for(score)
    Appeal.objects.create(score=score, reason="材料已补齐")
    AssessmentEvent.objects.create(assessment=sheet, verb=AssessmentEvent.Verb.STARTED)
    school_sheet = build_sheet(rubric, school)
    correction = RubricVersion.objects.create(rubric=rubric, number=2, categories=["enterprise"])
    draft_rubric = build_rubric(county.federation, publish=False)
    published = build_rubric(county.federation)
    Rubric.objects.filter(pk=published.pk).update(results_published_at=timezone.now())
    insider = user_with(Role.FEDERATION_REVIEWER, county.federation)
    RoleAssignmentFactory(user=insider, organisation=BranchFactory(parent=county.a), role=Role.UNION_OFFICER)
    people = {
        "officer_a": user_with(Role.UNION_OFFICER, county.a),
        "chair_a": user_with(Role.UNION_CHAIR, county.a),
        "welfare_a": user_with(Role.WELFARE_OFFICER, county.a),
        "officer_b": user_with(Role.UNION_OFFICER, county.b),
        "reviewer": user_with(Role.FEDERATION_REVIEWER, county.federation),
        "admin": user_with(Role.FEDERATION_ADMIN, county.federation),
        "industry_reviewer": user_with(Role.FEDERATION_REVIEWER, industry),
        "insider": insider,
        "outsider": UserFactory(),
    }
    return {"rubric": rubric, "sheet": sheet, "school_sheet": school_sheet, "correction": correction,
            "draft_rubric": draft_rubric, "published": published, "people": people}


def _objects(world):
    rubrics = [world["rubric"], world["draft_rubric"], world["published"]]
    sheets = [world["sheet"], world["school_sheet"]]
    return {
        Rubric: rubrics,
        RubricResults: [RubricResults.objects.get(pk=r.pk) for r in rubrics],
        RubricVersion: list(RubricVersion.objects.all()),
        RubricArea: list(RubricArea.objects.all()),
        RubricItem: list(RubricItem.objects.filter(version__rubric__in=rubrics)),
        UnitAssessment: sheets,
        ItemScore: list(ItemScore.objects.filter(assessment__in=sheets)),
        Evidence: list(Evidence.objects.all()),
        Appeal: list(Appeal.objects.all()),
        AssessmentEvent: list(AssessmentEvent.objects.all()),
        ItemReview: list(ItemReview.objects.all()),
    }


def test_visible_to_and_allows_agree_for_every_model_person_and_action(world):
    disagreements = []
    for model, objects in _objects(world).items():
        for who, user in world["people"].items():
            for action in sorted(model.scope.actions()):
                visible = set(model.objects.visible_to(user, action).values_list("pk", flat=True))
                for obj in objects:
                    fresh = model.objects.get(pk=obj.pk)  # no relation loaded by the query above
                    if (obj.pk in visible) != model.scope.allows(user, action, fresh):
                        disagreements.append(f"{model.__name__} {obj.pk} {who} {action}")
    assert not disagreements, disagreements


def _sees(user, model, obj, action="view"):
    return model.objects.visible_to(user, action).filter(pk=obj.pk).exists()


def test_units_read_published_rubrics_and_their_published_versions_only(world):
    officer = world["people"]["officer_a"]
    assert _sees(officer, Rubric, world["rubric"]) and not _sees(officer, Rubric, world["draft_rubric"])
    assert _sees(officer, RubricVersion, world["rubric"].current_version)
    assert not _sees(officer, RubricVersion, world["correction"])  # a draft correction stays with the federation
    assert not _sees(officer, Rubric, world["rubric"], "review")
    assert _sees(world["people"]["reviewer"], RubricVersion, world["correction"])
    assert not _sees(world["people"]["outsider"], Rubric, world["rubric"])


def test_results_as_a_document_reach_units_once_published(world):
    officer, reviewer = world["people"]["officer_a"], world["people"]["reviewer"]
    assert not _sees(officer, RubricResults, world["rubric"]) and _sees(officer, RubricResults, world["published"])
    assert _sees(reviewer, RubricResults, world["rubric"]) and _sees(reviewer, RubricResults, world["draft_rubric"])


def test_reviewing_needs_a_federation_role_over_both_the_unit_and_the_rubric(world):
    people, school_sheet = world["people"], world["school_sheet"]
    assert _sees(people["industry_reviewer"], UnitAssessment, school_sheet)
    assert not _sees(people["industry_reviewer"], UnitAssessment, school_sheet, "review")
    assert _sees(people["reviewer"], UnitAssessment, school_sheet, "review")
    assert not _sees(people["reviewer"], UnitAssessment, school_sheet, "manage")
    assert _sees(people["admin"], UnitAssessment, school_sheet, "manage")
    assert not _sees(people["officer_b"], UnitAssessment, world["sheet"])
    assert not _sees(people["welfare_a"], UnitAssessment, world["sheet"])


def test_the_next_steps_of_a_reviewed_sheet(world):
    sheet, people = world["sheet"], world["people"]
    assert UnitAssessment.objects.get(pk=sheet.pk).allowed_actions(people["officer_a"]) == {"appeal"}
    assert UnitAssessment.objects.get(pk=sheet.pk).allowed_actions(people["reviewer"]) == {"answer_appeal", "finalise"}
    assert UnitAssessment.objects.get(pk=sheet.pk).allowed_actions(people["insider"]) == set()  # own unit
    assert UnitAssessment.objects.get(pk=sheet.pk).allowed_actions(people["officer_b"]) == set()
    school_sheet = UnitAssessment.objects.get(pk=world["school_sheet"].pk)
    assert school_sheet.allowed_actions(people["admin"]) == {"reopen"}


def test_a_step_the_sheet_does_not_offer_is_refused_before_anything_runs(english, world):
    """The reviewer of the sheet's own unit sees no finalise button; posting it anyway is
    refused by the same allowed_actions, and the sheet stays as it was."""
    from django.urls import reverse

    sheet = world["sheet"]
    english.force_login(world["people"]["insider"])
    page = english.get(reverse("assessment:sheet_review", args=[sheet.pk]))
    assert "You hold a role at" in page.text and "Finalise" not in page.text
    response = english.post(reverse("assessment:sheet_finalise", args=[sheet.pk]), follow=True)
    assert "This step is not possible for this record now" in response.text
    sheet.refresh_from_db()
    assert sheet.state == "reviewed"


def test_the_rubric_settings_close_once_the_results_are_out(english, world):
    from django.urls import reverse

    english.force_login(world["people"]["admin"])
    assert english.get(reverse("assessment:rubric_settings", args=[world["rubric"].pk])).status_code == 200
    response = english.get(reverse("assessment:rubric_settings", args=[world["published"].pk]), follow=True)
    assert "This step is not possible for this record now" in response.text
    assert "Correct the rubric" not in response.text and "Settings" not in response.text.split("<main")[-1]


def test_the_units_sheets_list_filters_by_sheet_state_and_category(english, world):
    from django.urls import reverse

    english.force_login(world["people"]["reviewer"])
    url = reverse("assessment:sheet_list", args=[world["rubric"].pk])
    body = english.get(url, {"state": "none"}).text.split("<tbody>")[1]
    assert "乙学校工会" in body and "甲公司工会" not in body and "实验小学工会" not in body
    body = english.get(url, {"category": "institution"}).text.split("<tbody>")[1]
    assert "乙学校工会" in body and "实验小学工会" in body and "甲公司工会" not in body
    body = english.get(url, {"state": "nonsense"}).text.split("<tbody>")[1]  # as if not given
    assert "乙学校工会" in body and "甲公司工会" in body


def test_the_item_views_take_only_the_steps_the_sheet_offers(english, world):
    """Saving an item of a reviewed sheet, or reviewing one of a sheet not submitted, is refused
    by the sheet's allowed_actions (htmx gets the message in the item's status line)."""
    from django.urls import reverse

    score = first_score(world["sheet"])
    before = score.self_points
    english.force_login(world["people"]["officer_a"])
    response = english.post(reverse("assessment:score", args=[score.pk]), {"points": "2", "fragment": "status"},
                            HTTP_HX_REQUEST="true")
    assert "This step is not possible for this record now" in response.text and "HX-Trigger" not in response
    english.force_login(world["people"]["reviewer"])
    draft_score = first_score(world["school_sheet"])
    response = english.post(reverse("assessment:item_review", args=[draft_score.pk]),
                            {"points": "2", "remark": "x", "fragment": "status"}, HTTP_HX_REQUEST="true")
    assert "This step is not possible for this record now" in response.text
    score.refresh_from_db()
    draft_score.refresh_from_db()
    assert score.self_points == before != 2 and draft_score.reviewed_points is None
