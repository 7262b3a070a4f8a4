"""The PDF pipeline: document jobs rendered by Celery workers (mounted at /documents/)."""
from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentJobListView.as_view(), name="list"),
    path("request/", views.DocumentRequestView.as_view(), name="request"),
    path("<int:pk>/", views.DocumentJobDetailView.as_view(), name="detail"),
    path("<int:pk>/progress/", views.DocumentJobProgressView.as_view(), name="progress"),
    path("<int:pk>/retry/", views.DocumentJobRetryView.as_view(), name="retry"),
    path("<int:pk>/download/", views.DocumentJobDownloadView.as_view(), name="download"),
]
