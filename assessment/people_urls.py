"""Assessing people, under /assessment/people/ in the "assessment" namespace. Each URL with
a pk names the model its view's ``model`` says, for the cross-tenant matrix."""
from django.urls import path

from .views import people

urlpatterns = [
    path("people/", people.PeopleIndexView.as_view(), name="people_index"),
    path("people/new/", people.PeopleRubricCreateView.as_view(), name="people_rubric_create"),
    path("people/<int:pk>/", people.PeopleRubricView.as_view(), name="people_rubric"),
    path("people/<int:pk>/items/new/", people.PeopleItemAddView.as_view(), name="people_item_add"),
    path("people/<int:pk>/publish/", people.PeopleRubricPublishView.as_view(), name="people_publish"),
    path("people/<int:pk>/start/", people.SheetsStartView.as_view(), name="people_start"),
    path("people/<int:pk>/results/", people.PeopleResultsView.as_view(), name="people_results"),
    path("people/<int:pk>/results/publish/", people.PeopleResultsPublishView.as_view(),
         name="people_results_publish"),
    path("people/<int:pk>/export.xlsx", people.PeopleExportView.as_view(), name="people_export"),
    path("people/items/<int:pk>/delete/", people.PeopleItemDeleteView.as_view(), name="people_item_delete"),
    path("people/sheets/<int:pk>/", people.PersonSheetView.as_view(), name="people_sheet"),
    path("people/sheets/<int:pk>/scores/", people.SheetScoresView.as_view(), name="people_sheet_scores"),
    path("people/sheets/<int:pk>/review/", people.SheetReviewView.as_view(), name="people_sheet_review"),
    path("people/scores/<int:pk>/evidence/", people.PersonEvidenceUploadView.as_view(), name="people_evidence_upload"),
    path("people/evidence/<int:pk>/", people.PersonEvidenceDownloadView.as_view(), name="people_evidence"),
    path("people/evidence/<int:pk>/delete/", people.PersonEvidenceDeleteView.as_view(),
         name="people_evidence_delete"),
    path("people/sheets/<int:pk>/withdraw/", people.SheetWithdrawView.as_view(), name="people_sheet_withdraw"),
]
