"""The budgets pages' URLs, mounted by finance/urls.py inside the finance namespace."""
from django.urls import path

from ..models import BudgetApproval
from ..views import budgets as views

urlpatterns: list = [
    path("budgets/", views.BudgetListView.as_view(), name="budget_list"),
    path("budgets/new/", views.BudgetCreateView.as_view(), name="budget_create"),
    path("budgets/execution/", views.BudgetExecutionView.as_view(), name="budget_execution"),
    path("budgets/execution/xlsx/", views.BudgetExecutionExportView.as_view(), name="budget_execution_export"),
    path("budgets/<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("budgets/<int:pk>/lines/", views.BudgetLinesView.as_view(), name="budget_lines"),
    path("budgets/<int:pk>/agree/committee/", views.BudgetAgreeView.as_view(step_name=BudgetApproval.Step.COMMITTEE),
         name="budget_agree_committee"),
    path("budgets/<int:pk>/agree/audit/",
         views.BudgetAgreeView.as_view(step_name=BudgetApproval.Step.AUDIT_COMMITTEE), name="budget_agree_audit"),
    path("budgets/<int:pk>/submit/", views.BudgetSubmitView.as_view(), name="budget_submit"),
    path("budgets/<int:pk>/decide/", views.BudgetDecideView.as_view(), name="budget_decide"),
    path("budgets/<int:pk>/redraft/", views.BudgetRedraftView.as_view(), name="budget_redraft"),
    path("budgets/<int:pk>/adjust/", views.BudgetAdjustView.as_view(), name="budget_adjust"),
]
