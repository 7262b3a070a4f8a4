"""The reelection part's pages (mounted by congress/urls.py under /congress/)."""
from django.urls import path

from ..views import reelection

urlpatterns: list = [
    path("reelection/", reelection.ReelectionListView.as_view(), name="reelection_list"),
    path("reelection/export.xlsx", reelection.ReelectionExportView.as_view(), name="reelection_export"),
    path("unions/<int:pk>/committee-terms/", reelection.UnionTermsView.as_view(), name="committee_term_list"),
    path("unions/<int:pk>/committee-terms/new/", reelection.CommitteeTermCreateView.as_view(),
         name="committee_term_create"),
    path("committee-terms/<int:pk>/edit/", reelection.CommitteeTermUpdateView.as_view(), name="committee_term_update"),
]
