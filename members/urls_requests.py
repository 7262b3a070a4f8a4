"""The officers' side of members' requests (issue 19): corrections and personal-information requests."""
from django.urls import path

from .views import requests

urlpatterns = [
    path("corrections/", requests.CorrectionRequestListView.as_view(), name="correction_request_list"),
    path("corrections/<int:pk>/", requests.CorrectionRequestDetailView.as_view(), name="correction_request_detail"),
    path("corrections/<int:pk>/accept/", requests.CorrectionAcceptView.as_view(), name="correction_request_accept"),
    path("corrections/<int:pk>/decline/", requests.CorrectionDeclineView.as_view(),
         name="correction_request_decline"),
    path("data-requests/", requests.DataRightsRequestListView.as_view(), name="data_rights_request_list"),
    path("data-requests/<int:pk>/", requests.DataRightsRequestDetailView.as_view(),
         name="data_rights_request_detail"),
    path("data-requests/<int:pk>/carry-out/", requests.DataRightsCarryOutView.as_view(),
         name="data_rights_request_carry_out"),
    path("data-requests/<int:pk>/refuse/", requests.DataRightsRefuseView.as_view(),
         name="data_rights_request_refuse"),
]
