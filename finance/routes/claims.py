"""The claims pages' URLs, mounted by finance/urls.py inside the finance namespace."""
from django.urls import path

from ..views import claims

urlpatterns = [
    path("claims/", claims.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", claims.ClaimCreateView.as_view(), name="claim_create"),
    path("claims/settings/", claims.FinanceSettingsView.as_view(), name="claim_settings"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<int:pk>/edit/", claims.ClaimEditView.as_view(), name="claim_edit"),
    path("claims/<int:pk>/submit/", claims.ClaimSubmitView.as_view(), name="claim_submit"),
    path("claims/<int:pk>/approve/", claims.ClaimApproveView.as_view(), name="claim_approve"),
    path("claims/<int:pk>/reject/", claims.ClaimRejectView.as_view(), name="claim_reject"),
    path("claims/<int:pk>/pay/", claims.ClaimPayView.as_view(), name="claim_pay"),
    path("claims/<int:pk>/withdraw/", claims.ClaimWithdrawView.as_view(), name="claim_withdraw"),
    path("claims/receipts/<int:pk>/", claims.ReceiptDownloadView.as_view(), name="claim_receipt"),
]
