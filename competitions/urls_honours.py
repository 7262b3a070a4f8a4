"""Honours (评先评优), mounted by competitions/urls.py under /competitions/honours/ (names
``honour_*``). Every URL with a pk names the model its view's ``model`` says."""
from django.urls import path

from .views import honours

urlpatterns = [
    path("honours/", honours.HonourSchemeListView.as_view(), name="honour_scheme_list"),
    path("honours/new/", honours.HonourSchemeCreateView.as_view(), name="honour_scheme_create"),
    path("honours/<int:pk>/", honours.HonourSchemeDetailView.as_view(), name="honour_scheme_detail"),
    path("honours/<int:pk>/quota/", honours.QuotaSetView.as_view(), name="honour_quota_set"),
    path("honours/<int:pk>/nominate/", honours.NominateView.as_view(), name="honour_nominate"),
    path("honours/<int:pk>/publicise/", honours.PublicityStartView.as_view(), name="honour_publicise"),
    path("honours/<int:pk>/confer/", honours.ConferView.as_view(), name="honour_confer"),
    path("honours/nominations/<int:pk>/", honours.NominationDetailView.as_view(), name="honour_nomination_detail"),
    path("honours/nominations/<int:pk>/resubmit/", honours.NominationResubmitView.as_view(),
         name="honour_nomination_resubmit"),
    path("honours/nominations/<int:pk>/vet/", honours.NominationVetView.as_view(), name="honour_nomination_vet"),
    path("honours/nominations/<int:pk>/objection/", honours.ObjectionRecordView.as_view(),
         name="honour_objection_record"),
    path("honours/objections/<int:pk>/answer/", honours.ObjectionAnswerView.as_view(),
         name="honour_objection_answer"),
]
