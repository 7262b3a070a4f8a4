"""The member portal under /me/ (issue 19): every page is the logged-in member's own."""
from django.urls import path

from . import portal_urls_data
from .views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.PortalHomeView.as_view(), name="home"),
    path("card/", portal.PortalCardView.as_view(), name="card"),
    path("card/code/", portal.PortalCardCodeView.as_view(), name="card_code"),
]
urlpatterns += portal_urls_data.urlpatterns
