"""Placeholder until the part is built (issue 19)."""
urlpatterns = []
