"""Mounted at /competitions/ (namespace "competitions"). Every URL with a pk names the model
its view's ``model`` says, for the cross-tenant matrix."""
from django.urls import path

from . import urls_honours
from .views import competitions, entries, events, proposals, results, scoring, signups

app_name = "competitions"
urlpatterns = [
    # Competitions
    path("", competitions.CompetitionListView.as_view(), name="competition_list"),
    path("new/", competitions.CompetitionCreateView.as_view(), name="competition_create"),
    path("<int:pk>/", competitions.CompetitionDetailView.as_view(), name="competition_detail"),
    path("<int:pk>/edit/", competitions.CompetitionUpdateView.as_view(), name="competition_update"),
    path("<int:pk>/scheme/", competitions.CompetitionSchemeView.as_view(), name="competition_scheme"),
    path("<int:pk>/step/", competitions.CompetitionTransitionView.as_view(), name="competition_transition"),
    path("<int:pk>/judges/new/", competitions.JudgeAssignView.as_view(), name="judge_assign"),
    path("<int:pk>/results/", results.CompetitionResultsView.as_view(), name="competition_results"),
    path("<int:pk>/scores.xlsx", competitions.CompetitionExportView.as_view(), name="competition_export"),
    path("<int:pk>/score/", scoring.ScoreGridView.as_view(), name="score_grid"),
    path("<int:pk>/entries/new/", entries.EntryCreateView.as_view(), name="entry_create"),
    path("judges/<int:pk>/remove/", competitions.JudgeRemoveView.as_view(), name="judge_remove"),
    # Entries
    path("entries/<int:pk>/", entries.EntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:pk>/edit/", entries.EntryUpdateView.as_view(), name="entry_update"),
    path("entries/<int:pk>/withdraw/", entries.EntryWithdrawView.as_view(), name="entry_withdraw"),
    path("entries/<int:pk>/disqualify/", entries.EntryDisqualifyView.as_view(), name="entry_disqualify"),
    path("entries/<int:pk>/reinstate/", entries.EntryReinstateView.as_view(), name="entry_reinstate"),
    path("entries/<int:pk>/material/new/", entries.MaterialAddView.as_view(), name="material_add"),
    path("entries/<int:pk>/score/", scoring.ScoreCellView.as_view(), name="score_cell"),
    path("entries/<int:pk>/scores/", scoring.EntryScoresView.as_view(), name="entry_scores"),
    path("entries/<int:pk>/recuse/", scoring.RecuseView.as_view(), name="entry_recuse"),
    path("entries/<int:pk>/recusals/new/", scoring.RecusalRecordView.as_view(), name="recusal_record"),
    path("material/<int:pk>/", entries.MaterialDownloadView.as_view(), name="material_download"),
    path("material/<int:pk>/delete/", entries.MaterialDeleteView.as_view(), name="material_delete"),
    path("recusals/<int:pk>/lift/", scoring.RecusalLiftView.as_view(), name="recusal_lift"),
    # Rationalisation proposals and technical innovations
    path("proposals/", proposals.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/new/", proposals.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/<int:pk>/", proposals.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.ProposalUpdateView.as_view(), name="proposal_update"),
    path("proposals/<int:pk>/route/", proposals.ProposalRouteView.as_view(), name="proposal_route"),
    path("proposals/<int:pk>/decide/", proposals.ProposalDecideView.as_view(), name="proposal_decide"),
    path("proposals/<int:pk>/implement/", proposals.ProposalImplementView.as_view(), name="proposal_implement"),
    path("proposals/<int:pk>/award/", proposals.ProposalAwardView.as_view(), name="proposal_award"),
    # Sports and culture events
    path("events/", events.EventListView.as_view(), name="event_list"),
    path("events/new/", events.EventCreateView.as_view(), name="event_create"),
    path("events/<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", events.EventUpdateView.as_view(), name="event_update"),
    path("events/<int:pk>/participants/", events.EventParticipantsView.as_view(), name="event_participants"),
    path("events/<int:pk>/matches/", events.EventMatchesView.as_view(), name="event_matches"),
    path("events/<int:pk>/sign-up/", signups.EventSignupSettingsView.as_view(), name="event_signup_settings"),
    path("events/<int:pk>/photos/new/", events.EventPhotoAddView.as_view(), name="event_photo_add"),
    path("photos/<int:pk>/", events.EventPhotoView.as_view(), name="event_photo"),
    path("photos/<int:pk>/delete/", events.EventPhotoDeleteView.as_view(), name="event_photo_delete"),
]
urlpatterns += urls_honours.urlpatterns  # honours (评先评优)
