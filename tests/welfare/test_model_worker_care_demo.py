"""The model-worker care part of the demo county: every care model filled, following the rules
(one archive entry per attendance, one update a year), and loading it twice changes nothing."""
import pytest
from django.contrib.auth import get_user_model

from members.models import ArchiveEntry
from unionadmin.demo.builder import load_demo
from welfare.demo_model_worker_care import load_demo_care
from welfare.models import CareInvitation, CareRound, CareSettings, HardshipFile, SituationUpdate
from welfare.services.model_worker_care import overdue_updates

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        transaction.set_autocommit(False)
        try:
            result = load_demo(members=600)
            users = {u.username: u for u in get_user_model().objects.all()}
            summary = load_demo_care(result.federation, users)
            yield result.federation, users, summary
        finally:
            transaction.rollback()
            transaction.set_autocommit(True)


def test_the_demo_fills_every_care_model(demo):
    federation, users, summary = demo
    assert summary["created"]
    assert CareRound.objects.filter(organiser=federation).count() == 3
    assert set(CareRound.objects.values_list("kind", flat=True)) == {"health_check", "recuperation"}
    assert set(CareInvitation.objects.values_list("status", flat=True)) == {"invited", "attended", "declined",
                                                                           "replaced"}
    assert CareSettings.objects.filter(organisation=federation).exists()
    assert CareRound.objects.filter(paid_on__isnull=False).exists()
    assert SituationUpdate.objects.exists()
    assert HardshipFile.objects.filter(worker__is_model_worker=True).exists()


def test_each_attendance_is_in_the_archive_once(demo):
    attended = CareInvitation.objects.filter(status="attended")
    assert attended.exists()
    assert ArchiveEntry.objects.filter(care_invitation__in=attended).count() == attended.count()
    assert not attended.filter(archive_entry__isnull=True).exists()


def test_some_updates_are_overdue_and_loading_again_adds_nothing(demo):
    federation, users, summary = demo
    superuser = get_user_model()(is_superuser=True, is_active=True)
    assert overdue_updates(superuser)
    assert load_demo_care(federation, users) == {"created": False}
    assert CareRound.objects.count() == 3
