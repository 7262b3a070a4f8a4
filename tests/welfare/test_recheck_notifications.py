"""A hardship file's annual re-check: the union's welfare officers are told when it falls due
within 30 days, by a daily beat task, once per file per due date."""
import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from unionadmin.models import Notification
from welfare.services import file_transition
from welfare.services.files import files_remind_recheck_due
from welfare.tasks import remind_recheck_due

from .factories import HardshipFileFactory

TODAY = timezone.localdate()


def _reminded(person):
    return sorted(n.target_id for n in Notification.objects.filter(verb="recheck_due", recipient=person))


def test_welfare_officers_are_told_once_per_file_per_due_date(client, county, welfare_a, welfare_a2, welfare_b,
                                                              officer_a):
    due = HardshipFileFactory(union=county.a, filed=True, next_recheck_due=TODAY + datetime.timedelta(days=20))
    later = HardshipFileFactory(union=county.a, filed=True, next_recheck_due=TODAY + datetime.timedelta(days=45))
    assert remind_recheck_due.apply().get() == 1  # the beat task, run in-process
    assert _reminded(welfare_a) == _reminded(welfare_a2) == [due.pk]
    assert _reminded(welfare_b) == [] and _reminded(officer_a) == []
    # The next days: nothing new for the same due date; the later file when its turn comes.
    assert files_remind_recheck_due(TODAY + datetime.timedelta(days=1)) == 0
    assert files_remind_recheck_due(TODAY + datetime.timedelta(days=15)) == 1
    assert _reminded(welfare_a) == sorted([due.pk, later.pk])
    # The notification leads the officer to the file.
    client.force_login(welfare_a)
    notice = Notification.objects.filter(recipient=welfare_a, target_id=due.pk).get()
    response = client.post(reverse("notification_open", args=[notice.pk]))
    assert response["Location"] == due.get_absolute_url() and client.get(response["Location"]).status_code == 200


def test_the_next_due_date_is_reminded_again(county, welfare_a):
    file = HardshipFileFactory(union=county.a, filed=True, next_recheck_due=TODAY + datetime.timedelta(days=10))
    assert files_remind_recheck_due(TODAY) == 1
    file_transition(file, "start_recheck", by=welfare_a, today=TODAY)
    file = file_transition(file, "confirm_recheck", by=welfare_a, today=TODAY, reason="收入无明显变化")
    assert file.next_recheck_due > TODAY + datetime.timedelta(days=300)
    assert files_remind_recheck_due(TODAY + datetime.timedelta(days=1)) == 0
    assert files_remind_recheck_due(file.next_recheck_due - datetime.timedelta(days=29)) == 1
    assert len(_reminded(welfare_a)) == 2


def test_the_reminder_is_on_the_beat_schedule():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "welfare.tasks.remind_recheck_due"]
    assert len(entries) == 1 and remind_recheck_due.name == "welfare.tasks.remind_recheck_due"
