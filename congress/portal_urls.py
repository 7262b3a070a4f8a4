"""What a member does in congress from the member portal, under /me/congress/ (issue 19)."""
app_name = "congress_portal"
urlpatterns = []
