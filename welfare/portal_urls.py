"""What a member does in welfare from the member portal, under /me/welfare/ (issue 19)."""
app_name = "welfare_portal"
urlpatterns = []
