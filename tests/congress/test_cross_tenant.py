"""The cross-tenant matrix over the congress URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how). Delegates and departments, who see less than union staff, are
tried too: each alone at union B gets 404 for every union A congress object."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix
from unionadmin.roles import Role


class TestCrossTenant(AppMatrix):
    namespace = "congress"
    min_urls = 40
    roles_at_b = (Role.DELEGATE, Role.DEPARTMENT)
    leaks_without_scoping = ("congress:proposal_detail GET", "congress:session_detail GET")
