"""The member portal under /me/ (issue 19): every page is the logged-in member's own."""
from django.urls import path

from . import portal_urls_data
from .views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.PortalHomeView.as_view(), name="home"),
]
urlpatterns += portal_urls_data.urlpatterns
