"""Demo: joining online and the member portal (issue 19) in the demo county.

At 恒达机械工会 (the union the demo's officer ``officer`` runs):

- every grassroots union of the county gets its join link (the officers' link list and QR posters);
- three applications wait for the union, sent through the join service a few days ago, one of
  them from a worker who is a current member of 鑫源水泥工会 (the officer is offered the
  transfer instead of a second membership);
- one was refused last month, with its reason;
- one was approved earlier this year: it stands for a member of the roll who joined this year (a
  joiner already on the roll, so ``--members`` stays the count asked), with a wait of two days and
  a few hours, so the indicators (received, approved, days to approve, online share) show figures;
- three members log in to the portal with their mobile and the demo password: ``member_new``
  (that online joiner), ``member`` (a long-standing member with dues and, where the roll has one,
  an honour; the chair revealed their ID number once, so "my data" shows the reveal) and the
  demo's delegate ``delegate`` (张伟, now also on the roll, so the portal shows the proposals).

Idempotent: nothing is added once the union has an online application.
"""
from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from unionadmin.demo import data
from unionadmin.demo.people import IdNumbers, mobile
from unionadmin.models import Organisation
from unionadmin.personal_data import reveal

from . import joining
from .models import Honour, JoinApplication, Member

REASON = "demo county (load_demo): member portal"
UNION = "恒达机械工会"
OTHER_UNION = "鑫源水泥工会"
# (username, what to try): load_demo prints them with their mobile under its role table.
LOGINS = (
    ("member_new", f"member of {UNION} who joined online this year: /me/ (card, record, my data)"),
    ("member", f"long-standing member of {UNION}: /me/ (dues, my data shows the chair's reveal of the ID number)"),
    ("delegate", f"also a member of {UNION}: /me/ shows the proposals as a delegate"),
)
WAITING = [  # name, gender, born, employer's post, employment type, days ago
    ("孟凡超", "male", datetime.date(1996, 4, 12), "装配钳工", Member.EmploymentType.MIGRANT, 1),
    ("邓雨欣", "female", datetime.date(2001, 9, 3), "质检员", Member.EmploymentType.REGULAR, 3),
]
REFUSED = ("蔡志鹏", "male", datetime.date(1990, 2, 20), "外包保洁", Member.EmploymentType.DISPATCHED, 33)
REFUSAL = "申请人为外包公司派驻人员，劳动关系不在本公司，请向用人单位（派遣单位）工会申请入会。"


def _union(federation, short_name):
    return (Organisation.objects.subtree_of(federation).grassroots()
            .filter(short_name=short_name).first())


def _applicant(name, gender, born, post, kind, ids, union) -> joining.Applicant:
    return joining.Applicant(name=name, id_number=ids.make(data.REGION_CODE, born, gender),
                             phone=mobile(ids.rng), employer=union.name,
                             employment_type=kind, post=post)


def _backdate(application, submitted, decided=None):
    JoinApplication.objects.filter(pk=application.pk).update(submitted_at=submitted, decided_at=decided)


def _at(day: datetime.date, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _login(member: Member, username: str, password_hash: str, *, user=None):
    """The member's portal login: ``user`` (an existing demo login) or a new one by their mobile."""
    User = get_user_model()
    if user is None:
        user = User.objects.filter(username=username).first()
    if user is None:
        if User.objects.filter(mobile=member.phone).exists():
            return None
        user = User.objects.create(username=username, full_name=member.name, mobile=member.phone,
                                   password=password_hash)
    member.user = user
    member._change_reason = REASON
    member.save()
    return user


def _on_roll(union, **filters):
    """Active members of the union and its branches with a card number and no login yet."""
    return (Member.objects.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE, user__isnull=True)
            .exclude(card_number="").filter(**filters))


def _joined_online(union, officer, password_hash, today):
    """The roll's latest joiner this year stands for the approved online application (a joiner
    is moved into this year when the roll has none, as of a month ago)."""
    member = (_on_roll(union, union_id=union.pk).order_by("-joined_on", "pk").first()  # approval puts them at the union
              or _on_roll(union).order_by("-joined_on", "pk").first())
    if member is None:
        return None
    if member.joined_on.year != today.year or member.joined_on > today:
        member.joined_on = max(datetime.date(today.year, 1, 2), today - datetime.timedelta(days=30))
        member._change_reason = REASON
        member.save()
    decided = _at(member.joined_on, 10, 30)
    application = JoinApplication.objects.create(
        union=union, name=member.name,
        id_number=member.id_number, gender=member.gender, phone=member.phone, employer=member.employer or union.name,
        post=member.post, employment_type=member.employment_type, education=member.education,
        political_status=member.political_status, consented_at=decided, sensitive_consented_at=decided,
        notice_version=joining.NOTICE_VERSION, state=JoinApplication.State.APPROVED, decided_by=officer,
        member=member)
    # Sent two days and a few hours before it was approved (never before this year began).
    submitted = max(decided - datetime.timedelta(days=2, hours=4), _at(datetime.date(today.year, 1, 1), 0))
    _backdate(application, submitted, decided)
    return _login(member, "member_new", password_hash)


def _long_standing(union, officer, password_hash):
    """A member of many years, an honoured one where the roll has one; the chair once looked at
    their full ID number (a logged reveal, which their "my data" lists)."""
    honoured = _on_roll(union, pk__in=Honour.objects.values("member_id")).order_by("joined_on", "pk").first()
    member = honoured or _on_roll(union).order_by("joined_on", "pk").first()
    if member is None:
        return None
    user = _login(member, "member", password_hash)
    if user is not None:
        reveal(officer, member, "id_number", reason="核对会员证补办信息")
    return user


def _delegate(union, delegate_user):
    """The demo's delegate (张伟) on the roll: a member of the machining workshop takes the
    delegate's name, mobile and post, so the one login opens both the delegate's pages and /me/."""
    if delegate_user is None or Member.objects.filter(user=delegate_user).exists():
        return None
    member = (_on_roll(union, gender="male", union__name__contains="机加工").order_by("pk").first()
              or _on_roll(union, gender="male").order_by("pk").first())
    if member is None or Member.objects.filter(phone=delegate_user.mobile).exists():
        return None
    member.name, member.phone, member.post = delegate_user.full_name or "张伟", delegate_user.mobile, "数控操作工"
    return _login(member, "delegate", "", user=delegate_user)


def load_demo_portal(federation: Organisation, users) -> dict[str, int]:
    union = _union(federation, UNION)
    officer = users.get("officer")
    if union is None or officer is None or JoinApplication.objects.filter(union__path__startswith=union.path).exists():
        return {}
    rng = random.Random("qingxi-member-portal")
    ids = IdNumbers(rng)
    ids.used.update(Member.objects.values_list("id_number", flat=True))
    today = timezone.localdate()
    now = timezone.now()
    password_hash = make_password(data.PASSWORD)
    with transaction.atomic():
        joining.join_links_for(Organisation.objects.subtree_of(federation).grassroots().filter(is_active=True))
        link = joining.join_link_for(union)
        made = {}
        # The waiting ones, through the join service (as the public page sends them), then dated.
        for name, gender, born, post, kind, days_ago in WAITING:
            application = joining.application_submit(
                link=link, applicant=_applicant(name, gender, born, post, kind, ids, union), address=None)
            _backdate(application, now - datetime.timedelta(days=days_ago, hours=rng.randrange(1, 8)))
        other = _union(federation, OTHER_UNION)
        elsewhere = _on_roll(other).order_by("pk").first() if other else None
        if elsewhere is not None:  # a current member of another union: the transfer is offered instead
            application = joining.application_submit(link=link, address=None, applicant=joining.Applicant(
                name=elsewhere.name, id_number=elsewhere.id_number, phone=elsewhere.phone,
                employer=union.name, employment_type=elsewhere.employment_type, post="铸造工"))
            _backdate(application, now - datetime.timedelta(days=2, hours=3))
        name, gender, born, post, kind, days_ago = REFUSED
        refused = joining.application_submit(
            link=link, applicant=_applicant(name, gender, born, post, kind, ids, union), address=None)
        joining.application_refuse(application_id=refused.pk, user=officer, reason=REFUSAL)
        submitted = now - datetime.timedelta(days=days_ago)
        _backdate(refused, submitted, submitted + datetime.timedelta(days=1, hours=2))
        made["member_new"] = _joined_online(union, officer, password_hash, today)
        made["member"] = _long_standing(union, officer, password_hash)
        made["delegate"] = _delegate(union, users.get("delegate"))
    return {"applications": JoinApplication.objects.filter(union=union).count(),
            "member logins": sum(1 for user in made.values() if user is not None)}
