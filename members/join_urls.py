"""Joining online: the public pages a union's join link and QR poster lead to (no login)."""
app_name = "join"
urlpatterns = []
