"""The rules pages' URLs, mounted by finance/urls.py inside the finance namespace."""
urlpatterns: list = []
