"""Mounted at /planning/ (namespace "planning"). Every URL with a pk names the model its view's
``model`` says, for the cross-tenant matrix."""
from django.urls import path

from .views import importing, items, plans, tracking

app_name = "planning"
urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plan_list"),
    path("new/", plans.PlanCreateView.as_view(), name="plan_create"),
    path("import/", importing.PlanImportView.as_view(), name="plan_import"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", plans.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/preview/", plans.PlanPreviewView.as_view(), name="plan_preview"),
    path("<int:pk>/preview/page/", plans.PlanPreviewPageView.as_view(), name="plan_preview_page"),
    path("<int:pk>/approve/", plans.PlanApproveView.as_view(), name="plan_approve"),
    path("<int:pk>/reopen/", plans.PlanReopenView.as_view(), name="plan_reopen"),
    path("<int:pk>/issue/", plans.PlanIssueView.as_view(), name="plan_issue"),
    path("<int:pk>/copy/", plans.PlanCopyView.as_view(), name="plan_copy"),
    path("<int:pk>/delete/", plans.PlanDeleteView.as_view(), name="plan_delete"),
    path("<int:pk>/acknowledge/", plans.PlanAcknowledgeView.as_view(), name="plan_acknowledge"),
    path("<int:pk>/items/new/", items.ItemNewView.as_view(), name="item_new"),
    path("<int:pk>/attachments/new/", items.AttachmentCreateView.as_view(), name="attachment_new"),
    path("<int:pk>/tracking/", tracking.PlanTrackingView.as_view(), name="plan_tracking"),
    path("<int:pk>/summary/", tracking.PlanSummaryView.as_view(), name="plan_summary"),
    path("<int:pk>/summary.docx", tracking.PlanSummaryDocxView.as_view(), name="plan_summary_docx"),
    path("<int:pk>/plan.docx", tracking.PlanDocxView.as_view(), name="plan_docx"),
    path("items/<int:pk>/", items.ItemRowView.as_view(), name="item_row"),
    path("items/<int:pk>/edit/", items.ItemUpdateView.as_view(), name="item_edit"),
    path("items/<int:pk>/move/", items.ItemMoveView.as_view(), name="item_move"),
    path("items/<int:pk>/delete/", items.ItemDeleteView.as_view(), name="item_delete"),
    path("items/<int:pk>/targets/new/", items.TargetNewView.as_view(), name="target_new"),
    path("items/<int:pk>/progress/", tracking.ProgressAddView.as_view(), name="item_progress"),
    path("items/<int:pk>/tracking/", tracking.ItemTrackingUpdateView.as_view(), name="item_tracking"),
    path("targets/<int:pk>/edit/", items.TargetUpdateView.as_view(), name="target_edit"),
    path("targets/<int:pk>/delete/", items.TargetDeleteView.as_view(), name="target_delete"),
    path("targets/<int:pk>/value/", tracking.TargetValueView.as_view(), name="target_value"),
    path("attachments/<int:pk>/delete/", items.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("attachments/<int:pk>/download/", items.AttachmentDownloadView.as_view(), name="attachment_download"),
]
