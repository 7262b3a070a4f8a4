"""The member's record and data pages under /me/ (issue 19)."""
urlpatterns = []
