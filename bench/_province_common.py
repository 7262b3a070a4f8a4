"""What the province benchmark's parts share (issue 20): the built province, one goal's result
row, and the timing of a page. bench/province.py builds or reuses the province
(bench/_province_build.py) and asks each scenario module (bench/_province_roster.py,
bench/_province_dashboard.py) for its goals: ``measure(province) -> list[Goal]``."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

BENCH_DB = "bench_ua_province"


def timed(client, url: str, params: dict | None = None, n: int = 20, before_each=None) -> dict:
    """Server time in process through the test client: 2 warm-up requests, then ``n`` timed ones;
    median, p95 and max in ms, and the SQL queries of one more request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = params or {}
    for _ in range(2):
        assert client.get(url, params).status_code == 200, url
    times = []
    for _ in range(n):
        if before_each:
            before_each()
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    if before_each:
        before_each()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(round(len(times) * 0.95)) - 1, 0)],
            "max": times[-1], "queries": len(queries)}


@dataclass
class Province:
    """The province as built: a provincial federation, its city and county federations, the
    grassroots unions (each with a branch) and this year."""

    root: object
    cities: list
    counties: list
    units: list
    branches: list
    year: int
    requests: int = 20
    _clients: dict = field(default_factory=dict)

    def client_for(self, role: str, organisation):
        """A logged-in test client for a user holding ``role`` at ``organisation`` (made once)."""
        key = (role, organisation.pk)
        if key not in self._clients:
            from django.test import Client

            from unionadmin.models import RoleAssignment, User

            user, _created = User.objects.get_or_create(username=f"bench_{role}_{organisation.pk}")
            RoleAssignment.objects.get_or_create(user=user, organisation=organisation, role=role)
            client = Client()
            client.force_login(user)
            self._clients[key] = client
        return self._clients[key]

    def a_county(self):
        """The county federation whose figures every goal is compared with in the same run."""
        return self.counties[0]

    def a_city(self):
        return self.cities[0]

    def a_unit(self):
        return self.units[0]


@dataclass
class Goal:
    """One row of the results: what was measured against which goal, and the same measured at
    county scope in the same run (the ratio is province ÷ county)."""

    name: str  # "roster, first page, provincial admin"
    goal: str  # "p95 ≤ 100 ms"
    met: bool | None  # None: reported, no goal
    figures: str  # "median 12 ms, p95 15 ms, 9 queries"
    county: str = ""  # the same for a county federation (or one union), this run
    ratio: float | None = None  # the province's figure ÷ the county's
    note: str = ""  # where missed: by how much, and what would meet it
    explain: str = ""  # EXPLAIN ANALYZE output worth showing (searches)
