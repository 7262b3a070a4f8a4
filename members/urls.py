from django.urls import path

from .views import cards, dues, imports, member, people, roster, transfers

app_name = "members"
urlpatterns = [
    # The roster and one member
    path("", roster.MemberListView.as_view(), name="member_list"),
    path("export.xlsx", roster.MemberExportView.as_view(fmt="xlsx"), name="member_export_xlsx"),
    path("export.csv", roster.MemberExportView.as_view(fmt="csv"), name="member_export_csv"),
    path("roster.pdf", roster.MemberRosterPdfView.as_view(), name="member_roster_pdf"),
    path("new/", member.MemberCreateView.as_view(), name="member_create"),
    path("<int:pk>/", member.MemberDetailView.as_view(), name="member_detail"),
    path("<int:pk>/edit/", member.MemberUpdateView.as_view(), name="member_update"),
    path("<int:pk>/reveal/<str:field>/", member.MemberRevealView.as_view(), name="member_reveal"),
    # Transfers
    path("<int:pk>/transfer/", transfers.TransferCreateView.as_view(), name="transfer_create"),
    path("transfers/", transfers.TransferListView.as_view(), name="transfer_list"),
    path("transfers/<int:pk>/", transfers.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<int:pk>/accept/", transfers.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", transfers.TransferRefuseView.as_view(), name="transfer_refuse"),
    path("transfers/<int:pk>/cancel/", transfers.TransferCancelView.as_view(), name="transfer_cancel"),
    # Import
    path("import/", imports.ImportStartView.as_view(), name="import_start"),
    path("import/template.xlsx", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", imports.ImportJobView.as_view(), name="import_detail"),
    path("import/<int:pk>/columns/", imports.ImportMappingView.as_view(), name="import_mapping"),
    path("import/<int:pk>/values/", imports.ImportValuesView.as_view(), name="import_values"),
    path("import/<int:pk>/apply/", imports.ImportApplyView.as_view(), name="import_apply"),
    path("import/<int:pk>/apply-valid/", imports.ImportApplyValidView.as_view(), name="import_apply_valid"),
    path("import/<int:pk>/problems.xlsx", imports.ImportProblemsView.as_view(), name="import_problems"),
    path("import/<int:pk>/retry/", imports.ImportRetryView.as_view(), name="import_retry"),
    path("import/<int:pk>/progress/", imports.ImportProgressView.as_view(), name="import_progress"),
    # Cards
    path("cards/", cards.CardBatchListView.as_view(), name="card_batch_list"),
    path("cards/<int:pk>/", cards.CardBatchDetailView.as_view(), name="card_batch_detail"),
    # Dues and union funds
    path("dues/", dues.DuesOverviewView.as_view(), name="dues"),
    path("dues/arrears/", dues.ArrearsListView.as_view(), name="arrears"),
    path("dues/collect/", dues.DuesCollectView.as_view(), name="dues_collect"),
    path("dues/rule/<int:pk>/", dues.DuesRuleView.as_view(), name="dues_rule"),
    path("<int:pk>/dues/new/", dues.DuesPaymentCreateView.as_view(), name="dues_create"),
    path("dues/<int:pk>/edit/", dues.DuesPaymentUpdateView.as_view(), name="dues_update"),
    path("dues/<int:pk>/delete/", dues.DuesPaymentDeleteView.as_view(), name="dues_delete"),
    path("funds/new/", dues.FundReceiptCreateView.as_view(), name="fund_create"),
    path("funds/<int:pk>/edit/", dues.FundReceiptUpdateView.as_view(), name="fund_update"),
    # Cadres and model workers
    path("cadres/", people.CadreListView.as_view(), name="cadre_list"),
    path("<int:pk>/posts/new/", people.CadrePostCreateView.as_view(), name="post_create"),
    path("posts/<int:pk>/edit/", people.CadrePostUpdateView.as_view(), name="post_update"),
    path("posts/<int:pk>/delete/", people.CadrePostDeleteView.as_view(), name="post_delete"),
    path("<int:pk>/training/new/", people.TrainingCreateView.as_view(), name="training_create"),
    path("training/<int:pk>/edit/", people.TrainingUpdateView.as_view(), name="training_update"),
    path("training/<int:pk>/delete/", people.TrainingDeleteView.as_view(), name="training_delete"),
    path("model-workers/", people.ModelWorkerListView.as_view(), name="model_worker_list"),
    path("<int:pk>/honours/new/", people.HonourCreateView.as_view(), name="honour_create"),
    path("honours/<int:pk>/edit/", people.HonourUpdateView.as_view(), name="honour_update"),
    path("honours/<int:pk>/delete/", people.HonourDeleteView.as_view(), name="honour_delete"),
    path("<int:pk>/archive/new/", people.ArchiveEntryCreateView.as_view(), name="archive_create"),
    path("archive/<int:pk>/edit/", people.ArchiveEntryUpdateView.as_view(), name="archive_update"),
    path("archive/<int:pk>/delete/", people.ArchiveEntryDeleteView.as_view(), name="archive_delete"),
]

# The officers' side of the member portal (issue 19), each part in its own module.
from . import urls_ecards, urls_joining, urls_requests  # noqa: E402

urlpatterns += urls_joining.urlpatterns + urls_requests.urlpatterns + urls_ecards.urlpatterns
