"""The congress's pages, mounted at /congress/."""
from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from .routes import elections, reelection, surveys, women
from .views import (
    contracts,
    delegates,
    departments,
    proposal_lists,
    proposals,
    replies,
    review,
    sessions,
    warnings,
)

app_name = "congress"
urlpatterns = [
    path("", sessions.IndexView.as_view(), name="index"),
    # Congresses, terms, sessions
    path("congresses/new/", sessions.CongressCreateView.as_view(), name="congress_create"),
    path("congresses/<int:pk>/", sessions.CongressDetailView.as_view(), name="congress_detail"),
    path("congresses/<int:pk>/edit/", sessions.CongressUpdateView.as_view(), name="congress_update"),
    path("congresses/<int:pk>/terms/new/", sessions.TermCreateView.as_view(), name="term_create"),
    path("terms/<int:pk>/", sessions.TermDetailView.as_view(), name="term_detail"),
    path("terms/<int:pk>/edit/", sessions.TermUpdateView.as_view(), name="term_update"),
    path("terms/<int:pk>/sessions/new/", sessions.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.SessionUpdateView.as_view(), name="session_update"),
    path("sessions/<int:pk>/held/", sessions.SessionMarkHeldView.as_view(), name="session_mark_held"),
    path("sessions/<int:pk>/agenda/new/", sessions.AgendaItemCreateView.as_view(), name="agenda_create"),
    path("agenda/<int:pk>/delete/", sessions.AgendaItemDeleteView.as_view(), name="agenda_delete"),
    path("sessions/<int:pk>/documents/new/", sessions.SessionDocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", sessions.SessionDocumentDownloadView.as_view(), name="document_download"),
    path("sessions/<int:pk>/resolutions/new/", sessions.ResolutionCreateView.as_view(), name="resolution_create"),
    path("resolutions/<int:pk>/edit/", sessions.ResolutionUpdateView.as_view(), name="resolution_update"),
    # Delegates
    path("terms/<int:pk>/delegates/new/", delegates.DelegateCreateView.as_view(), name="delegate_create"),
    path("terms/<int:pk>/delegates/import/", delegates.DelegateImportView.as_view(), name="delegate_import"),
    path("terms/<int:pk>/delegations/new/", delegates.DelegationCreateView.as_view(), name="delegation_create"),
    path("delegates/<int:pk>/edit/", delegates.DelegateUpdateView.as_view(), name="delegate_update"),
    path("delegates/import-template.xlsx", delegates.DelegateTemplateView.as_view(), name="delegate_template"),
    # Proposals: delegates
    path("mine/", proposals.DelegateHomeView.as_view(), name="delegate_home"),
    path("sessions/<int:pk>/proposals/", proposals.SessionProposalListView.as_view(), name="session_proposals"),
    path("sessions/<int:pk>/proposals/new/", proposals.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/<int:pk>/", proposals.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.ProposalUpdateView.as_view(), name="proposal_update"),
    path("proposals/<int:pk>/submit/", proposals.ProposalSubmitView.as_view(), name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", proposals.ProposalWithdrawView.as_view(), name="proposal_withdraw"),
    path("proposals/<int:pk>/delete/", proposals.ProposalDeleteView.as_view(), name="proposal_delete"),
    path("proposals/<int:pk>/cosign/", proposals.ProposalCosignView.as_view(), name="proposal_cosign"),
    path("proposals/<int:pk>/rate/", replies.ProposalRateView.as_view(), name="proposal_rate"),
    path("attachments/<int:pk>/", proposals.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("attachments/<int:pk>/delete/", proposals.AttachmentDeleteView.as_view(), name="attachment_delete"),
    # Proposals: the review committee and the union
    path("sessions/<int:pk>/review/", review.ReviewView.as_view(), name="review"),
    path("sessions/<int:pk>/register.xlsx", proposal_lists.RegisterExportView.as_view(), name="register_export"),
    path("proposals/<int:pk>/accept/", review.ProposalAcceptView.as_view(), name="proposal_accept"),
    path("proposals/<int:pk>/decide/", review.ProposalDecideView.as_view(), name="proposal_decide"),
    path("proposals/<int:pk>/merge/", review.ProposalMergeView.as_view(), name="proposal_merge"),
    path("proposals/<int:pk>/assign/", review.ProposalAssignView.as_view(), name="proposal_assign"),
    path("overdue/", proposal_lists.OverdueListView.as_view(), name="overdue"),
    # Proposals: handling departments
    path("assigned/", replies.DepartmentHomeView.as_view(), name="department_home"),
    path("proposals/<int:pk>/reply/", replies.ProposalReplyView.as_view(), name="proposal_reply"),
    path("departments/", departments.HandlingDepartmentListView.as_view(), name="department_list"),
    path("departments/new/", departments.HandlingDepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/edit/", departments.HandlingDepartmentUpdateView.as_view(), name="department_update"),
    # Collective contracts
    path("contracts/", contracts.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", contracts.ContractCreateView.as_view(), name="contract_create"),
    path("contracts/<int:pk>/", contracts.ContractDetailView.as_view(), name="contract_detail"),
    path("contracts/<int:pk>/edit/", contracts.ContractUpdateView.as_view(), name="contract_update"),
    path("contracts/<int:pk>/file/", contracts.ContractFileView.as_view(), name="contract_file"),
    path("contracts/<int:pk>/reports/new/", contracts.ContractReportCreateView.as_view(), name="contract_report_create"),
    # Labour-relations early warning
    path("warnings/", warnings.RiskListView.as_view(), name="risk_list"),
    path("warnings/new/", warnings.RiskCreateView.as_view(), name="risk_create"),
    path("warnings/<int:pk>/", warnings.RiskDetailView.as_view(), name="risk_detail"),
    path("warnings/<int:pk>/edit/", warnings.RiskUpdateView.as_view(), name="risk_update"),
    # Notifications moved to the core (/notifications/); old bookmarks still arrive there
    path("notifications/", login_required(RedirectView.as_view(pattern_name="notification_list", permanent=True))),
]

urlpatterns += [*elections.urlpatterns, *reelection.urlpatterns, *women.urlpatterns, *surveys.urlpatterns]
