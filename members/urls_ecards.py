"""The officers' side of members' logins and electronic cards (issue 19)."""
from django.urls import path

from .views import ecards

urlpatterns = [
    path("<int:pk>/portal-invite/", ecards.MemberPortalInviteView.as_view(), name="member_portal_invite"),
    path("ecards/<int:pk>/revoke/", ecards.ElectronicCardRevokeView.as_view(), name="ecard_revoke"),
]
