"""The reelection part's pages (mounted by congress/urls.py under /congress/)."""
urlpatterns: list = []
