"""What a member does in competitions from the member portal, under /me/competitions/ (issue 19).
Every object a URL names is taken from the member's own rows or the events open to them
(competitions/views/portal.py); tests/members/test_portal_access.py tries each as another member."""
from django.urls import path

from .views import portal

app_name = "competitions_portal"
urlpatterns = [
    path("events/", portal.EventListView.as_view(), name="event_list"),
    path("events/<int:pk>/", portal.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/sign-up/", portal.EventSignUpView.as_view(), name="event_sign_up"),
    path("sign-ups/<int:pk>/withdraw/", portal.SignupWithdrawView.as_view(), name="signup_withdraw"),
    path("proposals/", portal.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/new/", portal.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/<int:pk>/", portal.ProposalDetailView.as_view(), name="proposal_detail"),
]
