"""Public pages of the member portal (no login): verifying a card, setting a password by link."""
from django.urls import path

from .views import public

app_name = "public"
urlpatterns = [
    path("me/welcome/<uidb64>/<token>/", public.SetPasswordView.as_view(), name="set_password"),
    path("me/welcome/done/", public.SetPasswordDoneView.as_view(), name="set_password_done"),
    path("card/<str:token>/", public.CardVerifyView.as_view(), name="card_verify"),
]
