"""Joining online: the public pages a union's join link and QR poster lead to (no login)."""
from django.urls import path

from .views import joining

app_name = "join"
urlpatterns = [
    path("<str:join_code>/", joining.join_apply, name="apply"),
    path("<str:join_code>/sent/", joining.join_sent, name="sent"),
]
