"""The cross-tenant matrix over the planning URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how): union A never reaches union B's plans, and reaches its own."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix


class TestCrossTenant(AppMatrix):
    namespace = "planning"
    min_urls = 20
    leaks_without_scoping = ("planning:plan_detail GET",)
