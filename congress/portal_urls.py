"""What a member does in congress from the member portal, under /me/congress/ (issue 19)."""
from django.urls import path

from .views import portal

app_name = "congress_portal"
urlpatterns = [
    path("surveys/", portal.PortalSurveyListView.as_view(), name="survey_list"),
    path("surveys/<int:pk>/", portal.PortalSurveyView.as_view(), name="survey"),
]
