"""The member portal under /me/ (issue 19): every page is the logged-in member's own."""
from django.urls import path

from .views import my_data, my_record, portal

app_name = "portal"
urlpatterns = [
    path("", portal.PortalHomeView.as_view(), name="home"),
    path("card/", portal.PortalCardView.as_view(), name="card"),
    path("card/code/", portal.PortalCardCodeView.as_view(), name="card_code"),
    path("record/", my_record.RecordView.as_view(), name="record"),
    path("record/correct/", my_record.CorrectionRequestView.as_view(), name="correction_request"),
    path("data/", my_data.MyDataView.as_view(), name="my_data"),
    path("data/export/", my_data.ExportRequestView.as_view(), name="my_data_export"),
    path("data/export/status/", my_data.ExportStatusView.as_view(), name="my_data_export_status"),
    path("data/export/download/", my_data.ExportDownloadView.as_view(), name="my_data_download"),
    path("data/requests/", my_data.DataRequestView.as_view(), name="data_request"),
]
