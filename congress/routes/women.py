"""The women part's pages (mounted by congress/urls.py under /congress/)."""
from django.urls import path

from ..views import women

urlpatterns = [
    path("women/", women.OverviewView.as_view(), name="women_overview"),
    path("women/unions/<int:pk>/committee/new/", women.CommitteeCreateView.as_view(), name="women_committee_create"),
    path("women/committees/<int:pk>/", women.CommitteeDetailView.as_view(), name="women_committee_detail"),
    path("women/committees/<int:pk>/edit/", women.CommitteeUpdateView.as_view(), name="women_committee_update"),
    path("women/committees/<int:pk>/end/", women.CommitteeEndView.as_view(), name="women_committee_end"),
    path("women/committees/<int:pk>/seats/new/", women.SeatAddView.as_view(), name="women_seat_add"),
    path("women/seats/<int:pk>/remove/", women.SeatRemoveView.as_view(), name="women_seat_remove"),
    path("women/activities/", women.ActivityListView.as_view(), name="women_activity_list"),
    path("women/activities/export.xlsx", women.ActivityExportView.as_view(), name="women_activity_export"),
    path("women/activities/new/", women.ActivityCreateView.as_view(), name="women_activity_create"),
    path("women/activities/<int:pk>/edit/", women.ActivityUpdateView.as_view(), name="women_activity_update"),
    path("women/activities/<int:pk>/file/", women.ActivityFileView.as_view(), name="women_activity_file"),
]
