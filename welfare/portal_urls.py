"""What a member does in welfare from the member portal, under /me/welfare/ (issue 19).

Every view takes the member from the login and an application or document only from that
member's own rows (welfare/views/portal.py)."""
from django.urls import path

from .views import portal

app_name = "welfare_portal"
urlpatterns = [
    path("", portal.ApplicationListView.as_view(), name="application_list"),
    path("apply/", portal.ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", portal.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/edit/", portal.ApplicationEditView.as_view(), name="application_update"),
    path("applications/<int:pk>/submit/", portal.ApplicationSubmitView.as_view(), name="application_submit"),
    path("documents/<int:pk>/", portal.DocumentView.as_view(), name="document"),
]
