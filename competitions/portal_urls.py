"""What a member does in competitions from the member portal, under /me/competitions/ (issue 19)."""
app_name = "competitions_portal"
urlpatterns = []
