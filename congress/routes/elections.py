"""The elections part's pages (mounted by congress/urls.py under /congress/)."""
from django.urls import path

from ..views import elections

urlpatterns: list = [
    path("union-congresses/", elections.UnionCongressListView.as_view(), name="union_congress_list"),
    path("union-congresses/new/", elections.UnionCongressCreateView.as_view(), name="union_congress_create"),
    path("union-congresses/<int:pk>/", elections.UnionCongressDetailView.as_view(), name="union_congress_detail"),
    path("union-congresses/<int:pk>/edit/", elections.UnionCongressUpdateView.as_view(),
         name="union_congress_update"),
    path("union-congresses/<int:pk>/quotas/", elections.QuotasView.as_view(), name="union_congress_quotas"),
    path("union-congresses/<int:pk>/delegates/new/", elections.DelegateAddView.as_view(),
         name="union_congress_delegate_add"),
    path("union-congresses/<int:pk>/candidates/new/", elections.CandidateAddView.as_view(),
         name="election_candidate_add"),
    path("union-congresses/<int:pk>/open-voting/", elections.OpenVotingView.as_view(), name="election_open_voting"),
    path("union-congresses/<int:pk>/boxes/new/", elections.BoxCreateView.as_view(), name="election_box_create"),
    path("ballot-boxes/<int:pk>/", elections.BoxVotesView.as_view(), name="election_box_votes"),
    path("ballot-boxes/<int:pk>/edit/", elections.BoxUpdateView.as_view(), name="election_box_update"),
    path("ballot-boxes/<int:pk>/delete/", elections.BoxDeleteView.as_view(), name="election_box_delete"),
    path("election-candidates/<int:pk>/remove/", elections.CandidateRemoveView.as_view(),
         name="election_candidate_remove"),
    path("union-delegates/<int:pk>/remove/", elections.DelegateRemoveView.as_view(),
         name="union_congress_delegate_remove"),
    path("union-congresses/<int:pk>/report/", elections.ReportView.as_view(), name="election_report"),
    path("union-congresses/<int:pk>/approve/", elections.ApproveView.as_view(), name="election_approve"),
    path("union-congresses/<int:pk>/return/", elections.ReturnView.as_view(), name="election_return"),
]
