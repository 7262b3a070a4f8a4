"""Outages: Redis stopped or hung, PostgreSQL stopped, a session lost under a saved form.

Redis here is a real ``redis-server`` this module starts on a free port; the site is gunicorn
started with the Procfile's web command; PostgreSQL is stopped by starting a throwaway
cluster (initdb + pg_ctl) holding a copy of the test database and stopping that one.
"""
import signal
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from tests.members.sheets import person
from unionadmin.cache import ResilientRedisCache
from unionadmin.roles import Role

from ..conftest import PASSWORD
from ..documents.broker_server import PrivateRedis, free_port
from ..factories import MemberFactory, RoleAssignmentFactory, UserFactory
from .outage_servers import Browser, PostgresServer, WebServer, database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # the site is another process: data must be committed


def _pbkdf2(password: str) -> str:
    """The site runs with the production hashers (the tests' fast MD5 one is not among them)."""
    return PBKDF2PasswordHasher().encode(password, "outage-salt")


@pytest.fixture
def people(county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a,
                                    user=UserFactory(username="officer.a")).user
    officer.password = _pbkdf2(PASSWORD)
    officer.save()
    member = MemberFactory(union=county.a, name="王秀兰")
    return type("People", (), {"county": county, "officer": officer, "member": member})


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = PrivateRedis(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, redis_server, tmp_path_factory):
    """The site on the test database, its cache, sessions and broker on ``redis_server``."""
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    server = WebServer(tmp_path_factory.mktemp("site"), DATABASE_URL=url, REDIS_URL=redis_server.url())
    yield server
    server.stop()


@pytest.fixture
def redis_up(redis_server):
    """Each test starts with Redis running and leaves it running."""
    if redis_server.process is None:
        redis_server.start()
    yield redis_server
    if redis_server.process is None:
        redis_server.start()


def new_member_form(union, name="刘洋", n=60):
    return {"union": union.pk, "name": name, "gender": "female", "ethnicity": "汉族",
            "id_number": person(n, female=True), "phone": "13912345678", "employer": "甲公司", "post": "会计",
            "education": "bachelor", "employment_type": "regular", "joined_on": "2019-06-01", "card_number": "",
            "status": "active", "left_on": ""}


def assert_status(page, expected, site):
    assert page.status in expected, f"{page.url} answered {page.status}\n{page.body[:2000]}\n{site.log_tail()}"


# --- Redis down -------------------------------------------------------------------------------

def test_with_redis_stopped_people_log_in_browse_and_save_and_healthz_names_redis(people, site, redis_up):
    union = people.county.a
    dashboard = f"/dashboard/{union.pk}/"
    already_in = Browser(site.base)
    assert_status(already_in.login("officer.a", PASSWORD), {302}, site)
    assert_status(already_in.get("/members/"), {200}, site)
    assert site_health(site) == (200, "up")

    redis_up.stop()

    # Someone who was logged in before keeps working: the session is in PostgreSQL.
    assert_status(already_in.get("/members/"), {200}, site)
    # Someone logging in now can, and sees the roster, a member, the dashboard.
    browser = Browser(site.base)
    login = browser.login("officer.a", PASSWORD)
    assert_status(login, {302}, site)
    assert login.location == "/"
    assert_status(browser.get("/"), {200}, site)
    roster = browser.get("/members/")
    assert_status(roster, {200}, site)
    assert "王秀兰" in roster.body
    assert_status(browser.get(f"/members/{people.member.pk}/"), {200}, site)
    figures = browser.get(dashboard)
    assert_status(figures, {200}, site)
    # A form that saves, saves.
    saved = browser.post("/members/new/", new_member_form(union))
    assert_status(saved, {302}, site)
    created = Member.objects.get(name="刘洋")
    assert saved.location == f"/members/{created.pk}/"
    assert_status(browser.get(saved.location), {200}, site)
    # Logging out works too.
    assert_status(browser.post("/accounts/logout/", {}), {302}, site)
    # /healthz tells the load balancer and the operator what is wrong.
    assert site_health(site) == (503, "down")

    redis_up.start()

    wait_for(lambda: site_health(site) == (200, "up"), "/healthz to say the broker is up again")
    assert_status(already_in.get("/members/"), {200}, site)
    # The cache is used again (after the short pause that follows a failure).
    wait_for(lambda: already_in.get(dashboard).status == 200 and cached_keys(redis_up) > 0,
             "the dashboard's figures to be cached in Redis again", deadline=30, every=0.5)


def cached_keys(redis_server) -> int:
    return redis.Redis.from_url(redis_server.url(), socket_timeout=2).dbsize()


def site_health(site):
    page = Browser(site.base).get("/healthz")
    return page.status, page.json()["broker"]


def test_a_hung_redis_costs_the_page_a_moment_not_the_page(people, site, redis_up):
    """A Redis that accepts connections but never answers (SIGSTOP: a frozen or overloaded
    server) is cut short by the cache's read timeout, then left alone for a few seconds."""
    browser = Browser(site.base)
    assert_status(browser.login("officer.a", PASSWORD), {302}, site)
    dashboard = f"/dashboard/{people.county.a.pk}/"
    assert_status(browser.get(dashboard), {200}, site)
    redis_up.process.send_signal(signal.SIGSTOP)
    try:
        pages = [browser.get(dashboard), browser.get("/members/"), browser.get(dashboard)]
    finally:
        redis_up.process.send_signal(signal.SIGCONT)
    for page in pages:
        assert_status(page, {200}, site)
    # One read timeout (0.5 s) for the first cache call, nothing for the others; generous
    # bounds for a busy test machine, against the 30 s gunicorn timeout a hang would cost.
    assert pages[0].seconds < 8, [round(p.seconds, 2) for p in pages]
    assert sum(p.seconds for p in pages) < 15, [round(p.seconds, 2) for p in pages]


def test_sessions_are_kept_in_postgresql(client, people):
    client.force_login(people.officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_the_cache_takes_a_stopped_redis_for_a_miss_and_recovers(redis_up):
    cache = ResilientRedisCache(redis_up.url(), {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}})
    assert cache.set("figure", 42) is None and cache.get("figure") == 42
    redis_up.stop()
    started = time.monotonic()
    assert cache.get("figure", "missing") == "missing"
    assert cache.get_many(["figure"]) == {}
    assert cache.set("figure", 43) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.add("c", 3) is False
    assert cache.get_or_set("d", lambda: 4) == 4
    assert cache.delete("figure") is False and cache.has_key("figure") is False
    assert time.monotonic() - started < 2
    redis_up.start()
    wait_for(lambda: cache.set("figure", 44) is None and cache.get("figure") == 44,
             "the cache to use Redis again", deadline=20, every=0.25)


def test_a_cache_at_an_address_nobody_answers_is_a_miss():
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    assert cache.get("x", "default") == "default"
    assert cache.get_many(["x", "y"]) == {}
    cache.set("x", 1)  # does not raise


def test_expired_sessions_are_cleared_by_a_scheduled_task(client, people):
    from unionadmin.tasks import clear_expired_sessions

    client.force_login(people.officer)
    live = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    clear_expired_sessions()
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert clear_expired_sessions.name in scheduled


# --- a saved form whose session is gone meanwhile ---------------------------------------------

def test_a_saved_form_is_not_answered_400_when_the_session_ended_meanwhile(client, people):
    """The person logs out in another tab while the form is being saved: the member is saved,
    so the answer is the usual redirect, not "400 Bad Request" (Django's SessionInterrupted)."""
    client.force_login(people.officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def logged_out_in_another_tab(sender, instance, created, **kwargs):
        if created:
            Session.objects.filter(session_key=key).delete()

    post_save.connect(logged_out_in_another_tab, sender=Member)
    try:
        response = client.post(reverse("members:member_create"), new_member_form(people.county.a))
    finally:
        post_save.disconnect(logged_out_in_another_tab, sender=Member)
    created = Member.objects.get(name="刘洋")
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("members:member_detail", args=[created.pk])
    # The next page asks them to log in again, as after any logout.
    assert client.get(response.url).status_code == 302


def test_a_saved_form_is_answered_when_the_database_goes_away_just_after_it_committed(client, people):
    """The database connection dies right after the member is committed, before the session
    row is written: the person gets the redirect to the member they saved, not an error.
    (Django's session store turns any database error while updating the row into "the session
    was deleted", so this used to be the "400 Bad Request" of issue 13.)"""
    client.force_login(people.officer)
    client.raise_request_exception = False

    def kill_the_connection():
        import psycopg2

        pid = connection.connection.info.backend_pid
        source = connection.settings_dict
        with psycopg2.connect(dbname=source["NAME"], user=source["USER"], password=source["PASSWORD"],
                              host=source["HOST"] or "127.0.0.1", port=source["PORT"] or 5432) as other:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])  # waits until it is gone
                assert cursor.fetchone() == (True,)

    def after_commit(sender, instance, created, **kwargs):
        if created:
            transaction.on_commit(kill_the_connection)

    post_save.connect(after_commit, sender=Member)
    try:
        response = client.post(reverse("members:member_create"), new_member_form(people.county.a))
    finally:
        post_save.disconnect(after_commit, sender=Member)
    connection.close()
    created = Member.objects.get(name="刘洋")
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("members:member_detail", args=[created.pk])


# --- PostgreSQL down --------------------------------------------------------------------------

@pytest.fixture
def own_postgres():
    server = PostgresServer()
    yield server
    server.remove()


def test_postgresql_stopped_shows_a_friendly_503_in_the_users_language(people, own_postgres, redis_up, tmp_path):
    own_postgres.start()
    own_postgres.copy_database(connection.settings_dict, "unionadmin")
    site = WebServer(tmp_path, DATABASE_URL=own_postgres.url("unionadmin"), REDIS_URL=redis_up.url())
    try:
        browser = Browser(site.base)
        assert_status(browser.login("officer.a", PASSWORD), {302}, site)
        assert_status(browser.get("/members/"), {200}, site)
        english = Browser(site.base)
        english.set_cookie(settings.LANGUAGE_COOKIE_NAME, "en")

        own_postgres.stop()

        page = browser.get("/members/")
        assert_status(page, {503}, site)
        assert '<html lang="zh-CN">' in page.body
        assert "数据库暂时无法连接" in page.body, page.body
        assert "Something went wrong" not in page.body and "出错了" not in page.body
        assert page.headers.get("Retry-After") == "60"
        login = english.login("officer.a", PASSWORD)
        assert_status(login, {503}, site)
        assert '<html lang="en">' in login.body and "The database cannot be reached" in login.body
        health = Browser(site.base).get("/healthz")
        assert (health.status, health.json()["database"]) == (503, "down")

        own_postgres.start()

        # The same session (kept in the database) carries on once the database is back.
        wait_for(lambda: browser.get("/members/").status == 200, "the roster to answer again", deadline=30)
        assert "王秀兰" in browser.get("/members/").body
    finally:
        site.stop()


# --- gunicorn ---------------------------------------------------------------------------------

def test_gunicorn_from_the_procfile_and_the_unit_makes_no_control_socket_in_home(site):
    """gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl unless told not to; two
    instances under one account would take it from each other."""
    assert site.process.poll() is None
    assert not (site.home / ".gunicorn").exists(), list((site.home / ".gunicorn").iterdir())
    unit = (settings.BASE_DIR / "deploy" / "unionadmin-web.service").read_text()
    assert "--no-control-socket" in unit
