from .people import PeopleItem, PeopleRanking, PeopleRubric, PersonEvidence, PersonScore, PersonSheet
from .results import Result, RubricResults
from .rubrics import FrozenError, Rubric, RubricArea, RubricItem, RubricVersion
from .scoring import Appeal, AssessmentEvent, Evidence, ItemReview, ItemScore, UnitAssessment

__all__ = [
    "Appeal", "AssessmentEvent", "PeopleItem", "PeopleRanking", "PeopleRubric", "PersonEvidence", "PersonScore", "PersonSheet", "Evidence", "FrozenError", "ItemReview", "ItemScore", "Result", "Rubric", "RubricResults",
    "RubricArea", "RubricItem", "RubricVersion", "UnitAssessment",
]
