"""Welfare pages, mounted at /welfare/. Every URL with a pk names its view's ``model``."""
from django.urls import path

from .services import TRANSITIONS
from .views import donations, files, grants, pairings, reports, visits
from .views import member_applications as applications
from .views import model_worker_care as care

app_name = "welfare"


def _transition(action):
    """The step's page needs the scope action the step needs (the chair approves)."""
    return files.FileTransitionView.as_view(step=action, scope_action=TRANSITIONS[action].needs)


def _reveal(route, view, fields, name):
    """One route per personal field (the field is fixed, so the URL takes only a pk)."""
    return [path(f"{route}{field}/", view.as_view(), {"field": field}, name=name) for field in fields]


urlpatterns = [
    # Hardship files
    path("", files.FileListView.as_view(), name="file_list"),
    path("edge/", files.EdgeHouseholdListView.as_view(), name="edge_list"),
    path("files/new/", files.FileCreateView.as_view(), name="file_create"),
    path("files/<int:pk>/", files.FileDetailView.as_view(), name="file_detail"),
    path("files/<int:pk>/edit/", files.FileUpdateView.as_view(), name="file_update"),
    path("files/<int:pk>/category/", files.FileCategoryView.as_view(), name="file_category"),
    path("files/<int:pk>/check/", _transition("start_check"), name="file_start_check"),
    path("files/<int:pk>/notice/", _transition("start_notice"), name="file_start_notice"),
    path("files/<int:pk>/return/", _transition("return_to_check"), name="file_return_to_check"),
    path("files/<int:pk>/approve/", _transition("approve"), name="file_approve"),
    path("files/<int:pk>/recheck/", _transition("start_recheck"), name="file_start_recheck"),
    path("files/<int:pk>/recheck/done/", _transition("confirm_recheck"), name="file_confirm_recheck"),
    path("files/<int:pk>/lift/", _transition("lift"), name="file_lift"),
    path("files/<int:pk>/close/", _transition("close"), name="file_close"),
    path("files/<int:pk>/withdraw/", _transition("withdraw"), name="file_withdraw"),
    path("files/<int:pk>/refile/", files.FileRefileView.as_view(), name="file_refile"),
    *_reveal("files/<int:pk>/reveal/", files.FileRevealView, ["per_capita_income", "total_income"],
             "hardshipfile_reveal"),
    path("files/<int:pk>/household/new/", files.HouseholdCreateView.as_view(), name="household_create"),
    path("household/<int:pk>/edit/", files.HouseholdUpdateView.as_view(), name="household_update"),
    path("household/<int:pk>/delete/", files.HouseholdDeleteView.as_view(), name="household_delete"),
    *_reveal("household/<int:pk>/reveal/", files.HouseholdRevealView, ["id_number", "monthly_income"],
             "householdmember_reveal"),
    path("standards/", files.StandardListView.as_view(), name="standard_list"),
    path("standards/new/", files.StandardCreateView.as_view(), name="standard_create"),
    path("standards/<int:pk>/edit/", files.StandardUpdateView.as_view(), name="standard_update"),
    # Programmes, budgets and grants
    path("programmes/", grants.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", grants.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", grants.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", grants.ProgrammeUpdateView.as_view(), name="programme_update"),
    path("programmes/<int:pk>/budgets/new/", grants.BudgetCreateView.as_view(), name="budget_create"),
    path("budgets/<int:pk>/edit/", grants.BudgetUpdateView.as_view(), name="budget_update"),
    path("grants/", grants.GrantListView.as_view(), name="grant_list"),
    path("grants/export/", grants.GrantExportView.as_view(), name="grant_export"),
    path("grants/new/", grants.GrantCreateView.as_view(), name="grant_create"),
    path("grants/<int:pk>/", grants.GrantDetailView.as_view(), name="grant_detail"),
    path("grants/<int:pk>/approve/", grants.GrantApproveView.as_view(), name="grant_approve"),
    path("grants/<int:pk>/reject/", grants.GrantRejectView.as_view(), name="grant_reject"),
    # Visits
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/new/", visits.VisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/", visits.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.VisitUpdateView.as_view(), name="visit_update"),
    path("occasions/", visits.OccasionListView.as_view(), name="occasion_list"),
    path("occasions/new/", visits.OccasionCreateView.as_view(), name="occasion_create"),
    path("occasions/<int:pk>/edit/", visits.OccasionUpdateView.as_view(), name="occasion_update"),
    # Pairings
    path("pairings/", pairings.PairingListView.as_view(), name="pairing_list"),
    path("pairings/new/", pairings.PairingCreateView.as_view(), name="pairing_create"),
    path("pairings/<int:pk>/", pairings.PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/edit/", pairings.PairingUpdateView.as_view(), name="pairing_update"),
    path("pairings/<int:pk>/follow-up/", pairings.FollowUpCreateView.as_view(), name="followup_create"),
    path("pairings/<int:pk>/assess/", pairings.PairingAssessView.as_view(), name="pairing_assess"),
    # Donation drives
    path("drives/", donations.DriveListView.as_view(), name="drive_list"),
    path("drives/new/", donations.DriveCreateView.as_view(), name="drive_create"),
    path("drives/<int:pk>/", donations.DriveDetailView.as_view(), name="drive_detail"),
    path("drives/<int:pk>/edit/", donations.DriveUpdateView.as_view(), name="drive_update"),
    path("drives/<int:pk>/donations/new/", donations.DonationCreateView.as_view(), name="donation_create"),
    path("donations/<int:pk>/edit/", donations.DonationUpdateView.as_view(), name="donation_update"),
    path("donations/<int:pk>/delete/", donations.DonationDeleteView.as_view(), name="donation_delete"),
    # Reports
    path("reports/", reports.ReportView.as_view(), name="reports"),
    # Model-worker care (issue 18 item 4)
    path("care/", care.RoundListView.as_view(), name="care_round_list"),
    path("care/rounds/new/", care.RoundCreateView.as_view(), name="care_round_create"),
    path("care/rounds/<int:pk>/", care.RoundDetailView.as_view(), name="care_round_detail"),
    path("care/rounds/<int:pk>/edit/", care.RoundUpdateView.as_view(), name="care_round_update"),
    path("care/rounds/<int:pk>/invite/", care.RoundInviteView.as_view(), name="care_round_invite"),
    path("care/rounds/<int:pk>/export/", care.RoundExportView.as_view(), name="care_round_export"),
    path("care/rounds/<int:pk>/pay/", care.RoundPayView.as_view(), name="care_round_pay"),
    path("care/invitations/<int:pk>/", care.InvitationOutcomeView.as_view(), name="care_invitation_outcome"),
    path("care/hardship/", care.HardshipListView.as_view(), name="care_hardship_list"),
    path("care/updates/", care.UpdateListView.as_view(), name="care_update_list"),
    path("care/updates/new/", care.UpdateCreateView.as_view(), name="care_update_create"),
    path("care/updates/<int:pk>/edit/", care.UpdateUpdateView.as_view(), name="care_update_update"),
    path("care/settings/", care.SettingsListView.as_view(), name="care_settings"),
    path("care/settings/new/", care.SettingsCreateView.as_view(), name="care_settings_create"),
    path("care/settings/<int:pk>/edit/", care.SettingsUpdateView.as_view(), name="care_settings_update"),
    # Members' applications for hardship aid from the member portal (issue 19)
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/open-file/", applications.ApplicationOpenFileView.as_view(),
         name="application_open_file"),
    path("applications/<int:pk>/decline/", applications.ApplicationDeclineView.as_view(), name="application_decline"),
    *_reveal("applications/<int:pk>/reveal/", applications.ApplicationRevealView, ["household_income"],
             "hardshipapplication_reveal"),
    path("applications/documents/<int:pk>/", applications.ApplicationDocumentView.as_view(),
         name="application_document"),
]
