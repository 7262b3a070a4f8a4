"""The cross-tenant matrix over the welfare URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how): union A never reaches union B's hardship files, grants or visits,
and union B's welfare officer never reaches union A's."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix
from unionadmin.roles import Role


class TestCrossTenant(AppMatrix):
    namespace = "welfare"
    min_urls = 40
    roles_at_b = (Role.WELFARE_OFFICER,)
    leaks_without_scoping = ("welfare:file_detail GET", "welfare:grant_approve POST")
