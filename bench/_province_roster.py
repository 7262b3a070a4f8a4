"""The province's roster and person-search goals (issue 20 item 2), for bench/province.py:

- the roster (/members/), its first page and a name search, for the provincial federation's
  administrator (the whole tree, 2 million members) and for one union's officer: p95 ≤ 100 ms,
  and the same number of SQL queries whatever the number of members in scope (the county's
  administrator, 200,000 members, and the officer's union, a few hundred, in the same run;
  tests/members/test_roster_at_scale.py pins it at two sizes);
- a person searched across the province by name, by the last 4 of an ID number and by a
  mobile number, through the same page: p95 ≤ 100 ms, with EXPLAIN ANALYZE of the search's
  two statements (the page's rows and its total) in each goal;
- for reference, no goal: a surname alone (王, one member in twenty).

Each row of the provincial administrator carries the county federation's administrator's
figure for the same request in the same run, and the ratio (province ÷ county, p95). Nothing
is written to the province but the benchmark's users. ``measure(province) -> list[Goal]``;
run alone against the kept province with ``.venv/bin/python bench/_province_roster.py``.
"""
from __future__ import annotations

from _province_common import Goal, Province, timed

GOAL_MS = 100.0
URL = "/members/"


def _figures(r: dict) -> str:
    return f"median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms, {r['queries']} queries"


def _ratio(r: dict, county: dict) -> float | None:
    return r["p95"] / county["p95"] if county["p95"] else None


def _matching(user, params) -> int:
    from django.http import QueryDict

    from members.filters import MemberFilter
    from members.models import Member

    query = QueryDict(mutable=True)
    query.update(params)
    return MemberFilter(query or None, queryset=Member.objects.visible_to(user), user=user).qs.count()


def _explained(client, params) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the page's statements that read the members or their tally
    (its rows and its total), as the page sent them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(URL, params)
    parts = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or "members_member" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        parts.append(f"-- {sql[:160]}{' …' if len(sql) > 160 else ''}\n{plan}")
    return "\n\n".join(parts)


def _missed(p95: float, what_would: str) -> str:
    return "" if p95 <= GOAL_MS else f"missed by {p95 - GOAL_MS:.0f} ms ({p95 / GOAL_MS:.1f}× the goal); {what_would}"


def measure(province: Province) -> list[Goal]:
    from members.models import Member
    from unionadmin.models import User

    n = province.requests
    county = province.a_county()
    unit = province.a_unit()
    admin = province.client_for("federation_admin", province.root)
    county_admin = province.client_for("federation_admin", county)
    officer = province.client_for("union_officer", unit)
    users = {who: User.objects.get(username=f"bench_{role}_{org.pk}") for who, role, org in
             [("province", "federation_admin", province.root), ("county", "federation_admin", county),
              ("officer", "union_officer", unit)]}

    # People to look for: a member of the county (so that the county's admin finds them too),
    # their full name, the last 4 of their ID number and their mobile number.
    person = (Member.objects.filter(union__path__startswith=county.path).exclude(phone="")
              .order_by("pk").only("name", "id_number", "phone")[1000])
    in_unit = Member.objects.filter(union__path__startswith=unit.path).order_by("pk").only("name").first()
    unit_name = in_unit.name[:2] if in_unit else "张伟"

    goals = []

    def roster_row(name, params, *, officer_params=None, note_if_missed=""):
        province_r = timed(admin, URL, params, n=n)
        county_r = timed(county_admin, URL, params, n=n)
        officer_r = timed(officer, URL, officer_params if officer_params is not None else params, n=n)
        same = province_r["queries"] == county_r["queries"] == officer_r["queries"]
        found = {who: _matching(users[who], p) for who, p in
                 [("province", params), ("county", params),
                  ("officer", officer_params if officer_params is not None else params)]}
        queries_note = (f"queries: {province_r['queries']} for {found['province']:,} members found in the province, "
                        f"{county_r['queries']} for {found['county']:,} in the county, {officer_r['queries']} for "
                        f"{found['officer']:,} in one union" + ("" if same else " — NOT the same")
                        + "; tests/members/test_roster_at_scale.py pins the count at 50 and 2,050 members")
        goals.append(Goal(
            name=f"roster, {name}, provincial admin", goal=f"p95 ≤ {GOAL_MS:.0f} ms; queries as at 1,000 members",
            met=province_r["p95"] <= GOAL_MS and same, figures=_figures(province_r),
            county=_figures(county_r) + " (county admin)", ratio=_ratio(province_r, county_r),
            note="; ".join(x for x in (queries_note, _missed(province_r["p95"], note_if_missed)) if x),
            explain=_explained(admin, params)))
        goals.append(Goal(
            name=f"roster, {name}, one union's officer", goal=f"p95 ≤ {GOAL_MS:.0f} ms; queries as at 1,000 members",
            met=officer_r["p95"] <= GOAL_MS and same, figures=_figures(officer_r),
            note=_missed(officer_r["p95"], note_if_missed)))
        return province_r

    roster_row("first page (unit, then name)", {},
               note_if_missed="the total is read from the member tally and the rows come unit by unit in path "
                              "order: what is left is the page's rendering")
    roster_row("a name search (“张伟”)", {"q": "张伟"}, officer_params={"q": unit_name},
               note_if_missed="the index (member_name_pairs) names exactly the members found; each is then read "
                              "from the table (members of a union are spread over it as the benchmark loads them "
                              "round-robin) and all are sorted by unit and name: thousands found cost that many "
                              "reads; fewer matches, or a table clustered by union, would meet it")

    def search_row(what, value, note_if_missed):
        params = {"q": value}
        province_r = timed(admin, URL, params, n=n)
        county_r = timed(county_admin, URL, params, n=n)
        found = _matching(users["province"], params)
        goals.append(Goal(
            name=f"search a person by {what} across the province (roster page)", goal=f"p95 ≤ {GOAL_MS:.0f} ms",
            met=province_r["p95"] <= GOAL_MS, figures=_figures(province_r) + f", {found:,} found",
            county=_figures(county_r) + " (county admin)", ratio=_ratio(province_r, county_r),
            note=_missed(province_r["p95"], note_if_missed), explain=_explained(admin, params)))

    search_row("name", person.name, "GIN index on the names' pairs of characters (member_name_pairs): the index "
               "answers in under a millisecond, the rest is the page")
    search_row("the last 4 of the ID number", person.id_number[-4:],
               "indexes on Right(id_number, 4) and Right(phone, 4) (member_id_last4, member_phone_last4)")
    search_row("mobile number", person.phone, "index on phone (member_phone)")

    surname = timed(admin, URL, {"q": "王"}, n=n)
    county_surname = timed(county_admin, URL, {"q": "王"}, n=n)
    goals.append(Goal(
        name="for reference: a surname alone (“王”) across the province", goal="reported", met=None,
        figures=_figures(surname) + f", {_matching(users['province'], {'q': '王'}):,} found",
        county=_figures(county_surname) + " (county admin)", ratio=_ratio(surname, county_surname),
        note="a single character is counted apart from its page (one query more): the page stops after 50 "
             "rows, the count reads every member found (one in twenty), so the cost grows with the matches",
        explain=_explained(admin, {"q": "王"})))
    return goals


if __name__ == "__main__":
    import argparse
    import os

    from _members_common import verdict
    from _province_common import BENCH_DB

    parser = argparse.ArgumentParser(description="The roster's goals on the kept province, alone.")
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionadmin.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from _province_build import find_province
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    for goal in measure(find_province(requests=args.requests)):
        mark = "" if goal.met is None else verdict(goal.met)
        ratio = f", ratio {goal.ratio:.2f}" if goal.ratio is not None else ""
        print(f"{goal.name}: {goal.figures} {mark} | county: {goal.county}{ratio} | {goal.note}")
        if args.explain and goal.explain:
            print(goal.explain)
