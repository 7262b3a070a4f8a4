"""The cross-tenant matrix over the competitions URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how): union A never reaches union B's competitions, and reaches its own."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix


class TestCrossTenant(AppMatrix):
    namespace = "competitions"
    min_urls = 35
    leaks_without_scoping = ("competitions:competition_detail GET", "competitions:entry_detail GET")
