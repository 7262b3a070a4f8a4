"""Reports from a replica (issue 20, item 4), against a real streaming replica.

The module starts a throwaway primary holding a copy of the test database and a hot standby
cloned from it with pg_basebackup (tests/unionadmin/replica_server.py), then the site under
gunicorn configured with DATABASE_URL and DATABASE_REPLICA_URL. The replica's replay is
paused to make it lag on purpose: a row committed on the primary that a report page does not
show was read from the replica.
"""
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.urls import get_resolver

from unionadmin import replica
from unionadmin.replica import report_reads

from ..conftest import PASSWORD
from ..documents.broker_server import PrivateRedis
from ..members.sheets import person
from .outage_servers import Browser, WebServer
from .replica_server import ReplicatedPostgres

UNION = "复制测试工会"
ON_THE_ROLL = "王秀兰"  # on the roster before the tests
NEW_MEMBER = "刘洋"  # added by the writer while the replica lags
RENAMED = "王秀英"  # a change made on the primary behind everyone's back

SEED = f"""
    import json
    from tests.competitions.factories import CompetitionFactory
    from tests.factories import FederationFactory, GrassrootsFactory, MemberFactory, RoleAssignmentFactory, UserFactory
    federation = FederationFactory(name="复制测试县总工会")
    union = GrassrootsFactory(name="{UNION}", parent=federation)
    for username in ("writer", "reader"):
        user = UserFactory(username=username)
        for role in ("union_officer", "welfare_officer", "finance_officer"):
            RoleAssignmentFactory(role=role, organisation=union, user=user)
    member = MemberFactory(union=union, name="{ON_THE_ROLL}")
    competition = CompetitionFactory(organiser=union)
    print(json.dumps({{"union": union.pk, "member": member.pk, "competition": competition.pk}}))
"""


# --- without a replica --------------------------------------------------------------------------

def test_without_a_replica_url_there_is_one_database_and_no_router():
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "unionadmin.replica.ReportReadsMiddleware" not in settings.MIDDLEWARE
    # No database access is allowed in this test: report_reads() must not even ask.
    with report_reads() as alias:
        assert alias == "default"


def test_every_declared_report_page_exists():
    names = set()

    def collect(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                collect(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    collect(get_resolver())
    assert replica.REPORT_PAGES - names == set()


# --- a real replica -----------------------------------------------------------------------------

# The pair starts from a copy of the (migrated) test database, so it must have been set up;
# the tests themselves use the pair, not the test database.
copies_the_test_database = pytest.mark.django_db

@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    servers = ReplicatedPostgres()
    try:
        with django_db_blocker.unblock():
            servers.start(copy_of=connection.settings_dict)
        servers.seeded = servers.django(SEED)
        yield servers
    finally:
        servers.remove()


@pytest.fixture(scope="module")
def site(pair, tmp_path_factory):
    redis_server = PrivateRedis(tmp_path_factory.mktemp("redis")).start()
    server = WebServer(tmp_path_factory.mktemp("site"),
                       **pair.environment(REDIS_URL=redis_server.url(), CACHE_KEY_PREFIX=f"replica-{uuid.uuid4()}"))
    yield server
    server.stop()
    redis_server.stop()


@pytest.fixture
def replica_up(pair):
    """Each test starts with the replica running, replaying and caught up."""
    if not pair.replica_running:
        pair.start_replica()
    pair.resume_replay()
    pair.wait_until_caught_up()
    yield pair
    if pair.replica_running:
        pair.resume_replay()


def signed_in(site, username):
    browser = Browser(site.base)
    page = browser.login(username, PASSWORD)
    assert page.status == 302, f"login of {username}: {page.status}\n{site.log_tail()}"
    return browser


def new_member_form(union_pk):
    return {"union": union_pk, "name": NEW_MEMBER, "gender": "female", "ethnicity": "汉族",
            "id_number": person(61, female=True), "phone": "13912345678", "employer": "甲公司", "post": "会计",
            "education": "bachelor", "employment_type": "regular", "joined_on": "2019-06-01", "card_number": "",
            "status": "active", "left_on": ""}


def export(browser, site) -> str:
    page = browser.get("/members/export.csv")
    assert page.status == 200, f"{page.status}\n{page.body[:1000]}\n{site.log_tail()}"
    assert ON_THE_ROLL in page.body or RENAMED in page.body, page.body[:1000]
    return page.body


@copies_the_test_database
def test_a_report_reads_the_replica_and_a_writer_reads_her_own_writes(site, replica_up):
    pair = replica_up
    writer, reader = signed_in(site, "writer"), signed_in(site, "reader")
    pair.wait_until_caught_up()  # the logins' own writes
    pair.pause_replay()

    added = writer.post("/members/new/", new_member_form(pair.seeded["union"]))
    assert added.status == 302, f"{added.status}\n{added.body[:2000]}\n{site.log_tail()}"

    # The export is report work: the reader's comes from the replica, which has not replayed
    # the new member yet; the writer's comes from the primary, because she wrote it.
    assert NEW_MEMBER not in export(reader, site)
    assert NEW_MEMBER in export(writer, site)
    # A page that is not report work reads the primary: the reader's roster has her at once.
    assert NEW_MEMBER in reader.get("/members/").body

    pair.resume_replay()
    pair.wait_until_caught_up()
    assert NEW_MEMBER in export(reader, site)

    # Once the replica has replayed her write, the writer's reports read the replica again: a
    # change made on the primary while replay is paused is not in her export.
    pair.pause_replay()
    pair.query("primary", "UPDATE members_member SET name = %s WHERE id = %s", [RENAMED, pair.seeded["member"]])
    body = export(writer, site)
    assert ON_THE_ROLL in body and RENAMED not in body
    assert RENAMED in writer.get("/members/").body
    pair.resume_replay()
    pair.wait_until_caught_up()
    assert RENAMED in export(writer, site)


@copies_the_test_database
def test_each_kind_of_report_page_answers_from_the_read_only_replica(site, replica_up):
    """A report page must do nothing a hot standby refuses (a write, a row lock)."""
    reader = signed_in(site, "reader")
    union, competition = replica_up.seeded["union"], replica_up.seeded["competition"]
    for path in (f"/dashboard/{union}/", f"/dashboard/{union}/indicator/members_count/",
                 "/members/export.xlsx", "/members/export.csv", "/welfare/reports/",
                 f"/competitions/{competition}/results/", "/finance/statements/", "/finance/statements/xlsx/"):
        replica_up.wait_until_caught_up()  # so the page is read from the replica, not the primary
        page = reader.get(path)
        assert page.status == 200, f"{path}: {page.status}\n{page.body[:1000]}\n{site.log_tail()}"
    assert "replica unusable" not in site.log_tail(200)


PROBE = """
    import json
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.test.utils import CaptureQueriesContext
    from tests.documents.factories import DocumentJobFactory
    from unionadmin.documents.services import document_render
    from unionadmin.models import DocumentJob, Organisation
    from unionadmin.replica import report_reads

    out = {"settings": {"mirror": settings.DATABASES["replica"]["TEST"]["MIRROR"], "routers": settings.DATABASE_ROUTERS,
                        "after_auth": settings.MIDDLEWARE[settings.MIDDLEWARE.index(
                            "django.contrib.auth.middleware.AuthenticationMiddleware") + 1],
                        "connect_timeout": settings.DATABASES["replica"]["OPTIONS"]["connect_timeout"]}}
    union = Organisation.objects.get(pk=UNION_PK)

    # A PDF job: its data from the replica, its own row written on the primary.
    job = DocumentJobFactory(organisation=union, requested_by=get_user_model().objects.get(username="writer"))
    with CaptureQueriesContext(connections["replica"]) as on_replica, \\
            CaptureQueriesContext(connections["default"]) as on_primary:
        document_render(job.pk)
    job.refresh_from_db()
    out["pdf"] = {
        "state": job.state,
        "organisation_read_on_replica": any('FROM "unionadmin_organisation"' in q["sql"] for q in on_replica),
        "organisation_read_on_primary": any('FROM "unionadmin_organisation"' in q["sql"] for q in on_primary),
        "job_written_on_primary": any(q["sql"].startswith('UPDATE "unionadmin_documentjob"') for q in on_primary),
    }

    # Inside report work, an atomic block on the primary reads what it has just written.
    with report_reads() as alias, transaction.atomic():
        Organisation.objects.filter(pk=union.pk).update(name="事务中的新名称")
        out["atomic"] = {"alias": alias, "reads": Organisation.objects.get(pk=union.pk).name}
        transaction.set_rollback(True)

    # The replica lags: a job never reads older than what was committed before it began.
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    Organisation.objects.filter(pk=union.pk).update(name="改名以后的工会")
    with report_reads() as alias:
        out["lagging"] = {"alias": alias, "reads": Organisation.objects.get(pk=union.pk).name}
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    print(json.dumps(out, ensure_ascii=False))
"""


@copies_the_test_database
def test_a_pdf_job_reads_its_data_from_the_replica_once_it_has_caught_up(pair, replica_up):
    out = pair.django(PROBE.replace("UNION_PK", str(pair.seeded["union"])))
    assert out["settings"] == {"mirror": "default", "routers": ["unionadmin.db_routers.ReportReplicaRouter"],
                               "after_auth": "unionadmin.replica.ReportReadsMiddleware", "connect_timeout": 2}
    assert out["pdf"] == {"state": "done", "organisation_read_on_replica": True,
                          "organisation_read_on_primary": False, "job_written_on_primary": True}
    assert out["atomic"] == {"alias": "replica", "reads": "事务中的新名称"}
    assert out["lagging"] == {"alias": "default", "reads": "改名以后的工会"}


CACHED_FIGURES_PROBE = """
    import json
    from django.db import connections
    from django.utils import timezone
    from tests.factories import MemberFactory
    from tests.members.sheets import person
    from unionadmin import replica
    from unionadmin.indicators import Tally, registry
    from unionadmin.models import Organisation

    union = Organisation.objects.get(pk=UNION_PK)
    members = registry.get("members_count")
    year = timezone.localdate().year
    before = Tally(union).whole(members, year).numerator  # counted on the primary, cached

    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    MemberFactory(union=union, id_number=person(77, female=True))  # a fresh process's sequence starts again
    # A dashboard of someone who has not written: the middleware chose the lagging replica.
    chosen = replica._reads_from.set(replica.REPLICA)
    on_the_replica = Tally(union).whole(members, year).numerator
    replica._reads_from.reset(chosen)
    after = Tally(union).whole(members, year).numerator  # the primary, as the writer's dashboard
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    print(json.dumps({"before": before, "on_the_replica": on_the_replica, "after": after}))
"""


@copies_the_test_database
def test_figures_counted_on_a_lagging_replica_are_never_cached_as_the_primarys(pair, replica_up):
    out = pair.django(CACHED_FIGURES_PROBE.replace("UNION_PK", str(pair.seeded["union"])),
                      CACHE_KEY_PREFIX=f"replica-{uuid.uuid4()}")
    assert out["on_the_replica"] == out["before"]
    assert out["after"] == out["before"] + 1


STATEMENT_SUMS_PROBE = """
    import json
    from django.db import connections
    from django.test.utils import CaptureQueriesContext
    from finance.statements import _sums
    from unionadmin import replica
    from unionadmin.models import Organisation

    union = Organisation.objects.get(pk=UNION_PK)
    chosen = replica._reads_from.set(replica.REPLICA)  # a statement page the middleware sent to the replica
    with CaptureQueriesContext(connections["replica"]) as on_replica, \\
            CaptureQueriesContext(connections["default"]) as on_primary:
        _sums(union, (2026, 12), (2026, 1))
    replica._reads_from.reset(chosen)
    print(json.dumps({where: any("finance_monthbalance" in q["sql"] for q in queries)
                      for where, queries in (("replica", on_replica), ("primary", on_primary))}))
"""


@copies_the_test_database
def test_a_statements_monthly_sums_come_from_where_its_page_reads(pair, replica_up):
    """The monthly sums are raw SQL (they have no model): they must follow the router, or a
    statement read from the replica would mix its sums from the primary with its accounts."""
    out = pair.django(STATEMENT_SUMS_PROBE.replace("UNION_PK", str(pair.seeded["union"])))
    assert out == {"replica": True, "primary": False}


@copies_the_test_database
def test_with_the_replica_stopped_reports_read_the_primary(site, replica_up):
    """Last in the module: the site then reads the primary for RETRY_AFTER_SECONDS."""
    reader = signed_in(site, "reader")
    replica_up.stop_replica()
    export(reader, site)  # the roster, from the only server that answers
    assert "replica unusable" in site.log_tail(200)
