"""Joining online (issue 19): the officers' pages — applications and the unions' join links."""
from django.urls import path

from .views import joining

urlpatterns = [
    path("joining/", joining.JoinApplicationListView.as_view(), name="join_application_list"),
    path("joining/<int:pk>/", joining.JoinApplicationDetailView.as_view(), name="join_application_detail"),
    path("joining/<int:pk>/reveal/<str:field>/", joining.JoinApplicationRevealView.as_view(),
         name="joinapplication_reveal"),
    path("joining/<int:pk>/approve/", joining.JoinApplicationApproveView.as_view(), name="join_application_approve"),
    path("joining/<int:pk>/refuse/", joining.JoinApplicationRefuseView.as_view(), name="join_application_refuse"),
    path("joining/<int:pk>/offer-transfer/", joining.JoinApplicationOfferTransferView.as_view(),
         name="join_application_offer_transfer"),
    path("joining/<int:pk>/resend-link/", joining.JoinApplicationResendView.as_view(),
         name="join_application_resend"),
    path("joining/links/", joining.JoinLinkListView.as_view(), name="join_link_list"),
    path("joining/links/<int:pk>/", joining.JoinLinkDetailView.as_view(), name="join_link_detail"),
    path("joining/links/<int:pk>/close/", joining.JoinLinkCloseView.as_view(), name="join_link_close"),
    path("joining/links/<int:pk>/reopen/", joining.JoinLinkReopenView.as_view(), name="join_link_reopen"),
    path("joining/links/<int:pk>/new-code/", joining.JoinLinkNewCodeView.as_view(), name="join_link_new_code"),
    path("joining/links/<int:pk>/poster/", joining.JoinLinkPosterView.as_view(), name="join_link_poster"),
]
