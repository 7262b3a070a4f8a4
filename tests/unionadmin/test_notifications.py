"""Notifications live in the core: the kinds the apps register, notify(), the bell and the list.

Each app's own notifications are tested with the step that sends them (tests/<app>/…)."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory, UserFactory
from tests.members.factories import TransferFactory
from unionadmin.context_processors import notifications as bell_context
from unionadmin.models import Notification
from unionadmin.notifications import kinds, notify, register_kinds

KIND = "test_kind"


@pytest.fixture
def kind(monkeypatch):
    """A kind registered for the test only (the registry is the process's own)."""
    monkeypatch.setitem(kinds, KIND, "Something for the test happened")
    return KIND


@pytest.fixture
def transfer(county):
    return TransferFactory(member=MemberFactory(union=county.a), to_union=county.b)


def test_every_app_registers_its_kinds_with_labels():
    assert {"ready_for_review", "contract_expiring", "transfer_waiting", "recheck_due", "sheet_returned",
            "scores_waiting"} <= set(kinds)


def test_a_kind_registered_twice_or_too_long_is_refused():
    from django.db import models

    class Twice(models.TextChoices):
        DECIDED = "decided", "again"

    class TooLong(models.TextChoices):
        LONG = "x" * 31, "long"

    with pytest.raises(ValueError, match="registered twice"):
        register_kinds(Twice)
    with pytest.raises(ValueError, match="longer than 30"):
        register_kinds(TooLong)
    assert "x" * 31 not in kinds


def test_notify_makes_one_row_per_active_person_and_leaves_out_who_acted(county, kind, transfer):
    alice, bob, gone = UserFactory(), UserFactory(), UserFactory(is_active=False)
    rows = notify([alice, bob, alice, gone, None], kind, transfer, organisation=county.b, exclude=bob)
    assert [n.recipient for n in rows] == [alice]
    assert Notification.objects.get().target == transfer and str(rows[0]) == "Something for the test happened"


def test_an_unregistered_kind_is_a_programming_error(county, transfer):
    with pytest.raises(ValueError, match="not registered"):
        notify([UserFactory()], "no_such_kind", transfer)


def test_the_bell_shows_the_unread_count_and_opening_marks_read(english, officer_b, kind, transfer):
    notice = notify([officer_b], kind, transfer)[0]
    notify([officer_b], kind, transfer)
    english.force_login(officer_b)
    page = english.get("/").content.decode()
    assert "notifications-bell" in page and ">2<" in page.replace(" ", "").replace("\n", "")
    listing = english.get("/notifications/").content.decode()
    assert listing.count("Something for the test happened") == 2 and "Mark all as read" in listing
    response = english.post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == transfer.get_absolute_url()
    assert english.get(response["Location"]).status_code == 200
    assert Notification.objects.get(pk=notice.pk).read_at is not None
    english.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=officer_b, read_at__isnull=True).exists()
    assert "Mark all as read" not in english.get("/notifications/").content.decode()


def test_the_old_congress_address_leads_to_the_list(client, officer_b):
    client.force_login(officer_b)
    assert client.get("/congress/notifications/")["Location"] == "/notifications/"


def test_nobody_opens_someone_elses_notification(client, officer_a, officer_b, superuser, kind, transfer):
    notice = notify([officer_b], kind, transfer)[0]
    for person in (officer_a, superuser):
        client.force_login(person)
        assert client.post(f"/notifications/{notice.pk}/open/").status_code == 404
    assert Notification.objects.get(pk=notice.pk).read_at is None


def test_a_superusers_bell_and_list_show_their_own_only(client, officer_b, superuser, kind, transfer):
    notify([officer_b], kind, transfer)
    own = notify([superuser], kind, transfer)[0]
    client.force_login(superuser)
    response = client.get("/notifications/")
    assert [n.pk for n in response.context["object_list"]] == [own.pk]
    assert response.context["unread_notifications"] == 1
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(recipient=officer_b, read_at__isnull=True).count() == 1


def test_a_target_the_recipient_may_no_longer_see_leads_to_the_list(client, county, officer_b, kind, transfer):
    """Rights change after a notification is sent: the link must not lead to a page refused."""
    notice = notify([officer_b], kind, transfer)[0]
    officer_b.role_assignments.all().delete()
    client.force_login(officer_b)
    assert str(transfer) not in client.get("/notifications/").content.decode()  # nor named in the list
    assert client.post(f"/notifications/{notice.pk}/open/")["Location"] == "/notifications/"


def test_the_bell_costs_no_query_on_pages_that_do_not_show_it(officer_b, django_assert_max_num_queries):
    request = type("R", (), {"user": officer_b})()
    with django_assert_max_num_queries(0):
        bell_context(request)


def test_the_list_costs_the_same_queries_for_few_and_many(client, officer_b, kind, transfer):
    client.force_login(officer_b)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/notifications/").status_code == 200
        return len(context.captured_queries)

    notify([officer_b], kind, transfer)
    few = queries()
    for _ in range(5):
        notify([officer_b], kind, TransferFactory(member=MemberFactory(union=transfer.from_union),
                                                  to_union=transfer.to_union))
    assert queries() == few


# Two round trips through the whole migration history: Django re-renders the model states of
# every dependent app each way (about 210 s on a quiet machine, 320 s on a loaded one, all of
# it in django.db.migrations.state.render — profiled), past the suite's 300-s limit.
@pytest.mark.timeout(900)
@pytest.mark.django_db(transaction=True)
def test_the_move_from_congress_keeps_every_row(county, officer_a, transfer):
    """congress 0002 copies congress's rows into the core's table, ids kept, and new rows
    carry on after them."""
    from django.contrib.contenttypes.models import ContentType

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("congress", "0001_initial"), ("unionadmin", "0005_union_chair_role")]
    try:
        executor.migrate(before)
        target_type = ContentType.objects.get_for_model(transfer).pk
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO congress_notification (id, recipient_id, verb, organisation_id, target_type_id, "
                "target_id, created_at, read_at) VALUES (41, %s, 'decided', %s, %s, %s, now(), NULL), "
                "(42, %s, 'replied', NULL, %s, %s, now(), now())",
                [officer_a.pk, county.a.pk, target_type, transfer.pk, officer_a.pk, target_type, transfer.pk])
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    moved = {n.pk: (n.verb, n.organisation_id, n.read_at is None) for n in Notification.objects.all()}
    assert moved == {41: ("decided", county.a.pk, True), 42: ("replied", None, False)}
    assert Notification.objects.get(pk=41).target == transfer
    assert notify([officer_a], "decided", transfer)[0].pk == 43
    assert "congress_notification" not in connection.introspection.table_names()
    # Congress alone rolled back and forward again: its rows go back and return, once.
    try:
        MigrationExecutor(connection).migrate([("congress", "0001_initial")])
        assert Notification.objects.count() == 0
        MigrationExecutor(connection).migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    assert sorted(Notification.objects.values_list("pk", flat=True)) == [41, 42, 43]
