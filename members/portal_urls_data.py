"""The member's record and data pages under /me/ (issue 19): no member pk in any of them."""
from django.urls import path

from .views import my_data, my_record

urlpatterns = [
    path("record/", my_record.RecordView.as_view(), name="record"),
    path("record/correct/", my_record.CorrectionRequestView.as_view(), name="correction_request"),
    path("data/", my_data.MyDataView.as_view(), name="my_data"),
    path("data/export/", my_data.ExportRequestView.as_view(), name="my_data_export"),
    path("data/export/status/", my_data.ExportStatusView.as_view(), name="my_data_export_status"),
    path("data/export/download/", my_data.ExportDownloadView.as_view(), name="my_data_download"),
    path("data/requests/", my_data.DataRequestView.as_view(), name="data_request"),
]
