"""The audit pages' URLs, mounted by finance/urls.py inside the finance namespace: the funds
audit committee and its annual audits, and the federation's inspection rounds."""
from django.urls import path

from ..views import audit

urlpatterns: list = [
    path("audit/", audit.CommitteeListView.as_view(), name="audit_committee_list"),
    path("audit/committees/new/", audit.CommitteeCreateView.as_view(), name="audit_committee_create"),
    path("audit/committees/<int:pk>/", audit.CommitteeDetailView.as_view(), name="audit_committee_detail"),
    path("audit/committees/<int:pk>/seat/", audit.SeatAddView.as_view(), name="audit_seat_add"),
    path("audit/committees/<int:pk>/end/", audit.CommitteeEndView.as_view(), name="audit_committee_end"),
    path("audit/seats/<int:pk>/remove/", audit.SeatRemoveView.as_view(), name="audit_seat_remove"),
    path("audit/audits/new/", audit.AuditStartView.as_view(), name="annual_audit_create"),
    path("audit/audits/<int:pk>/", audit.AuditDetailView.as_view(), name="annual_audit_detail"),
    path("audit/audits/<int:pk>/edit/", audit.AuditEditView.as_view(), name="annual_audit_edit"),
    path("audit/audits/<int:pk>/sign/", audit.AuditSignView.as_view(), name="annual_audit_sign"),
    path("inspections/", audit.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", audit.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", audit.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/units/", audit.InspectionUnitsView.as_view(), name="inspection_units"),
    path("inspections/<int:pk>/notify/", audit.InspectionNotifyView.as_view(), name="inspection_notify"),
    path("inspections/<int:pk>/close/", audit.InspectionCloseView.as_view(), name="inspection_close"),
    path("inspections/units/<int:pk>/", audit.InspectedUnitDetailView.as_view(), name="inspected_unit_detail"),
    path("inspections/units/<int:pk>/fieldwork/", audit.FieldworkView.as_view(), name="inspected_unit_fieldwork"),
    path("inspections/units/<int:pk>/findings/new/", audit.FindingCreateView.as_view(), name="finding_create"),
    path("inspections/findings/<int:pk>/", audit.FindingDetailView.as_view(), name="finding_detail"),
    path("inspections/findings/<int:pk>/rectify/", audit.FindingRectifyView.as_view(), name="finding_rectify"),
    path("inspections/findings/<int:pk>/verify/", audit.FindingVerifyView.as_view(), name="finding_verify"),
    path("inspections/rectifications/<int:pk>/file/", audit.RectificationFileView.as_view(),
         name="rectification_file"),
]
