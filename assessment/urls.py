"""Mounted at /assessment/ (namespace "assessment"). Every URL with a pk names the model its
view's ``model`` says, for the cross-tenant matrix."""
from django.urls import path

from .views import home, results, review, rubrics, sheets

app_name = "assessment"
urlpatterns = [
    path("", home.IndexView.as_view(), name="index"),
    path("review/", review.ReviewQueueView.as_view(), name="review_queue"),
    # The rubric
    path("rubrics/new/", rubrics.RubricCreateView.as_view(), name="rubric_create"),
    path("rubrics/<int:pk>/", rubrics.RubricDetailView.as_view(), name="rubric_detail"),
    path("rubrics/<int:pk>/settings/", rubrics.RubricSettingsView.as_view(), name="rubric_settings"),
    path("rubrics/<int:pk>/correct/", rubrics.VersionCorrectView.as_view(), name="rubric_correct"),
    path("rubrics/<int:pk>/start/", rubrics.AssessmentStartView.as_view(), name="sheet_start"),
    path("rubrics/<int:pk>/sheets/", review.SheetListView.as_view(), name="sheet_list"),
    path("rubrics/<int:pk>/results/", results.ResultsView.as_view(), name="results"),
    path("rubrics/<int:pk>/results/publish/", results.ResultsPublishView.as_view(), name="results_publish"),
    path("rubrics/<int:pk>/export.xlsx", results.RubricExportView.as_view(), name="rubric_export"),
    # Versions and their text
    path("versions/<int:pk>/", rubrics.VersionDetailView.as_view(), name="version_detail"),
    path("versions/<int:pk>/settings/", rubrics.VersionSettingsView.as_view(), name="version_settings"),
    path("versions/<int:pk>/publish/", rubrics.VersionPublishView.as_view(), name="version_publish"),
    path("versions/<int:pk>/delete/", rubrics.VersionDeleteView.as_view(), name="version_delete"),
    path("versions/<int:pk>/diff/", rubrics.VersionDiffView.as_view(), name="version_diff"),
    path("versions/<int:pk>/areas/new/", rubrics.AreaCreateView.as_view(), name="area_create"),
    path("versions/<int:pk>/items/new/", rubrics.ItemCreateView.as_view(), name="item_create"),
    path("areas/<int:pk>/edit/", rubrics.AreaUpdateView.as_view(), name="area_edit"),
    path("areas/<int:pk>/delete/", rubrics.AreaDeleteView.as_view(), name="area_delete"),
    path("items/<int:pk>/edit/", rubrics.ItemUpdateView.as_view(), name="item_edit"),
    path("items/<int:pk>/delete/", rubrics.ItemDeleteView.as_view(), name="item_delete"),
    # A unit's sheet
    path("sheets/<int:pk>/", sheets.SheetDetailView.as_view(), name="sheet_detail"),
    path("sheets/<int:pk>/totals/", sheets.SheetTotalsView.as_view(), name="sheet_totals"),
    path("sheets/<int:pk>/submit/", sheets.SheetSubmitView.as_view(), name="sheet_submit"),
    path("sheets/<int:pk>/export.xlsx", results.SheetExportView.as_view(), name="sheet_export"),
    path("sheets/<int:pk>/review/", review.SheetReviewView.as_view(), name="sheet_review"),
    path("sheets/<int:pk>/return/", review.SheetReturnView.as_view(), name="sheet_return"),
    path("sheets/<int:pk>/release/", review.SheetReleaseView.as_view(), name="sheet_release"),
    path("sheets/<int:pk>/finalise/", review.SheetFinaliseView.as_view(), name="sheet_finalise"),
    path("sheets/<int:pk>/reopen/", review.SheetReopenView.as_view(), name="sheet_reopen"),
    path("scores/<int:pk>/", sheets.ScoreView.as_view(), name="score"),
    path("scores/<int:pk>/evidence/", sheets.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("scores/<int:pk>/appeal/", sheets.AppealCreateView.as_view(), name="appeal_create"),
    path("scores/<int:pk>/review/", review.ItemReviewView.as_view(), name="item_review"),
    path("evidence/<int:pk>/", sheets.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", sheets.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("appeals/<int:pk>/answer/", review.AppealAnswerView.as_view(), name="appeal_answer"),
]

# Assessing people (a union scores its members): its own URL list, in this namespace.
from .people_urls import urlpatterns as people_urlpatterns  # noqa: E402

urlpatterns += people_urlpatterns
