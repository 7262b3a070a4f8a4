"""The satisfaction surveys' officer pages (mounted by congress/urls.py under /congress/)."""
from django.urls import path

from ..views import surveys

urlpatterns = [
    path("surveys/", surveys.SurveyListView.as_view(), name="survey_list"),
    path("surveys/new/", surveys.SurveyCreateView.as_view(), name="survey_create"),
    path("surveys/<int:pk>/", surveys.SurveyDetailView.as_view(), name="survey_detail"),
    path("surveys/<int:pk>/edit/", surveys.SurveyUpdateView.as_view(), name="survey_update"),
    path("surveys/<int:pk>/questions/new/", surveys.QuestionAddView.as_view(), name="survey_question_add"),
    path("survey-questions/<int:pk>/remove/", surveys.QuestionRemoveView.as_view(), name="survey_question_remove"),
    path("surveys/<int:pk>/open/", surveys.SurveyOpenView.as_view(), name="survey_open"),
    path("surveys/<int:pk>/close/", surveys.SurveyCloseView.as_view(), name="survey_close"),
    path("surveys/<int:pk>/results/", surveys.SurveyResultsView.as_view(), name="survey_results"),
    path("surveys/<int:pk>/results.xlsx", surveys.SurveyResultsExportView.as_view(), name="survey_results_export"),
]
