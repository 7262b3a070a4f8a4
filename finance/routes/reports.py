"""The reports pages' URLs, mounted by finance/urls.py inside the finance namespace."""
from django.urls import path

from ..views import reports

urlpatterns: list = [
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path("reports/final/", reports.FinalAccountsView.as_view(), name="final_accounts"),
    path("reports/final/xlsx/", reports.FinalAccountsExportView.as_view(), name="final_accounts_export"),
    path("reports/final/carry-forward/", reports.CarryForwardView.as_view(), name="carry_forward"),
    path("disclosures/", reports.DisclosureListView.as_view(), name="disclosure_list"),
    path("disclosures/new/", reports.DisclosureCreateView.as_view(), name="disclosure_create"),
    path("disclosures/<int:pk>/", reports.DisclosureDetailView.as_view(), name="disclosure_detail"),
    path("disclosures/<int:pk>/publish/", reports.DisclosurePublishView.as_view(), name="disclosure_publish"),
    path("disclosures/<int:pk>/unpublish/", reports.DisclosureUnpublishView.as_view(), name="disclosure_unpublish"),
    # Public: members open it without logging in (tests/unionadmin/test_cross_tenant_matrix.py EXEMPT).
    path("disclosure/<str:token>/", reports.disclosure_public, name="disclosure_public"),
]
