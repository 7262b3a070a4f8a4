"""The cross-tenant matrix over the members URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how): union A never reaches union B's members or transfers."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix


class TestCrossTenant(AppMatrix):
    namespace = "members"
    min_urls = 25
    leaks_without_scoping = ("members:member_detail GET", "members:transfer_detail GET")
