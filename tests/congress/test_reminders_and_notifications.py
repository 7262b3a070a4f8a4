"""Overdue replies are reminded (in the app and by e-mail) by a daily beat task; contracts
about to expire are reminded. The bell and the list: tests/unionadmin/test_notifications.py."""
import datetime

from django.core import mail
from django.utils import timezone

from congress.models import Proposal
from congress.services.contracts import contracts_remind_expiring
from congress.services.proposals import proposal_assign, proposals_remind_overdue
from congress.tasks import remind_overdue_replies
from unionadmin.models import Notification

from .factories import CollectiveContractFactory, ProposalFactory


def _overdue(congress, days_late=3):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="accepted", number=1)
    proposal_assign(proposal, user=congress.officer, lead=congress.hr)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=days_late))
    return proposal


def test_overdue_replies_are_reminded_in_the_app_and_by_email(congress):
    proposal = _overdue(congress)
    result = remind_overdue_replies.apply().get()  # the beat task, run in-process
    assert result == {"proposals": 1, "notifications": 2, "emails": 1}
    assert Notification.objects.filter(verb="overdue", recipient=congress.hr_user, target_id=proposal.pk).exists()
    assert Notification.objects.filter(verb="overdue", recipient=congress.officer).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hr@example.com"]
    assert proposal.subject in mail.outbox[0].body


def test_the_email_is_in_the_recipients_language(congress):
    from django.utils import translation

    congress.hr_user.language = "en"
    congress.hr_user.save()
    _overdue(congress)
    with translation.override("zh-hans"):  # the worker's own language does not matter
        proposals_remind_overdue()
    assert mail.outbox[0].subject == "1 proposal reply is overdue"


def test_an_overdue_reply_is_reminded_at_most_once_a_week(congress):
    _overdue(congress)
    today = timezone.localdate()
    assert proposals_remind_overdue(today)["proposals"] == 1
    assert proposals_remind_overdue(today + datetime.timedelta(days=1))["proposals"] == 0
    assert proposals_remind_overdue(today + datetime.timedelta(days=7))["proposals"] == 1


def test_replies_not_yet_due_are_not_reminded(congress):
    proposal = ProposalFactory(session=congress.session, proposer=congress.d1, state="accepted", number=1)
    proposal_assign(proposal, user=congress.officer, lead=congress.hr)
    assert proposals_remind_overdue()["proposals"] == 0 and not mail.outbox


def test_the_reminders_are_on_the_beat_schedule():
    from django.conf import settings

    from unionadmin.celery import app

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"congress.remind_overdue_replies", "congress.remind_expiring_contracts"} <= scheduled
    assert "congress.remind_overdue_replies" in app.tasks
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE  # the project's one schedule


def test_a_contract_about_to_expire_is_reminded_once(county, officer_a):
    today = timezone.localdate()
    CollectiveContractFactory(union=county.a, ends_on=today + datetime.timedelta(days=30))
    CollectiveContractFactory(union=county.a, ends_on=today + datetime.timedelta(days=200))
    assert contracts_remind_expiring(today) == 1
    assert contracts_remind_expiring(today) == 0
    assert Notification.objects.filter(recipient=officer_a, verb="contract_expiring").count() == 1
