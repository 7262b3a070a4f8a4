"""The cross-tenant matrix over the finance URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how): union A never reaches union B's vouchers, and union B's finance
officer or chair never reaches union A's. The pages without a pk (book, months, statements)
take the union as a parameter; tests/finance/test_pages.py checks those."""
from tests.unionadmin.test_cross_tenant_matrix import AppMatrix
from unionadmin.roles import Role


class TestCrossTenant(AppMatrix):
    namespace = "finance"
    min_urls = 2
    roles_at_b = (Role.FINANCE_OFFICER, Role.UNION_CHAIR, Role.UNION_OFFICER)
    leaks_without_scoping = ("finance:voucher_detail GET", "finance:voucher_reverse POST")
