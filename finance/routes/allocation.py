"""The allocation pages' URLs, mounted by finance/urls.py inside the finance namespace."""
from django.urls import path

from ..views import allocation as views

urlpatterns: list = [
    path("allocation/", views.AllocationListView.as_view(), name="allocation_list"),
    path("allocation/export/", views.AllocationExportView.as_view(), name="allocation_export"),
    path("allocation/remind/", views.ReminderView.as_view(), name="allocation_remind"),
    path("allocation/units/new/", views.TermsCreateView.as_view(), name="allocation_terms_create"),
    path("allocation/units/<int:pk>/", views.UnitView.as_view(), name="allocation_unit"),
    path("allocation/units/<int:pk>/terms/", views.TermsEditView.as_view(), name="allocation_terms_edit"),
    path("allocation/units/<int:pk>/take-receipts/", views.TakeReceiptsView.as_view(),
         name="allocation_take_receipts"),
    path("allocation/months/<int:pk>/post/", views.AllocationPostView.as_view(), name="allocation_post"),
    path("allocation/preparatory/", views.PreparatoryListView.as_view(), name="preparatory_list"),
    path("allocation/preparatory/new/", views.PreparatoryCreateView.as_view(), name="preparatory_create"),
    path("allocation/preparatory/<int:pk>/return/", views.PreparatoryReturnView.as_view(),
         name="preparatory_return"),
    path("dues/post/", views.DuesIncomeView.as_view(), name="dues_income"),
]
