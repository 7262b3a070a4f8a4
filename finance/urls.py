"""Finance pages, mounted at /finance/. Every URL with a pk names its view's ``model``; the
union, year and month of the other pages are query parameters read through forms."""
from django.urls import path

from .routes import allocation, audit, budgets, claims, reports, rules
from .views import chart, months, statements, vouchers

app_name = "finance"

urlpatterns = [
    path("", vouchers.VoucherListView.as_view(), name="voucher_list"),
    path("vouchers/export/", vouchers.VoucherExportView.as_view(), name="voucher_export"),
    path("vouchers/new/", vouchers.VoucherCreateView.as_view(), name="voucher_create"),
    path("vouchers/<int:pk>/", vouchers.VoucherDetailView.as_view(), name="voucher_detail"),
    path("vouchers/<int:pk>/reverse/", vouchers.VoucherReverseView.as_view(), name="voucher_reverse"),
    path("accounts/", chart.AccountListView.as_view(), name="account_list"),
    path("accounts/edit/", chart.ChartEditView.as_view(), name="chart_edit"),
    path("accounts/new/", chart.AccountCreateView.as_view(), name="account_create"),
    path("months/", months.MonthListView.as_view(), name="month_list"),
    path("months/close/", months.MonthCloseView.as_view(), name="month_close"),
    path("statements/", statements.StatementView.as_view(), name="statement"),
    path("statements/xlsx/", statements.StatementExportView.as_view(), name="statement_export"),
]

urlpatterns += [*allocation.urlpatterns, *budgets.urlpatterns, *claims.urlpatterns, *rules.urlpatterns,
                *reports.urlpatterns, *audit.urlpatterns]
