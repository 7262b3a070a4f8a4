"""The demo county's women workers' work (青溪县): committees with their directors and members,
activities of this year and last, and a women's special contract where the congress demo left
an enterprise without one. Idempotent: nothing is added once a demo committee exists."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Member
from unionadmin.models import Organisation

from .models import CollectiveContract, WomenActivity, WomenCommittee
from .women import committee_create, seat_add

ACTIVITIES = [
    (WomenActivity.Kind.MARCH_EIGHTH, 3, 8, "“三八”国际妇女节趣味运动会", "单位活动中心", 46, 44, Decimal("3200.00")),
    (WomenActivity.Kind.SCREENING, 5, 16, "女职工“两癌”免费筛查", "县人民医院体检中心", 38, 38, Decimal("7600.00")),
    (WomenActivity.Kind.PUBLICITY, 6, 12, "《女职工劳动保护特别规定》宣讲", "三楼会议室", 52, 50, Decimal("0.00")),
    (WomenActivity.Kind.TRAINING, 9, 20, "女职工心理健康与家庭教育讲座", "职工之家", 31, 29, Decimal("800.00")),
]


def load_demo_women(federation, users):
    unions = list(Organisation.objects.subtree_of(federation).grassroots().filter(is_active=True).order_by("path"))
    if not unions or WomenCommittee.objects.filter(union__in=unions).exists():
        return 0
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        for union in unions:
            women = list(Member.objects.active().filter(union=union, gender=Member.Gender.FEMALE).order_by("pk")[:5])
            if len(women) < 3 or made == 6:
                continue  # a committee needs a few women on the roll; six unions show the pages well
            starts = datetime.date(today.year - 1 - made % 3, 4, 1)
            committee = committee_create(union, starts_on=starts, ends_on=starts.replace(year=starts.year + 5),
                                         note="经工会委员会研究同意组建")
            positions = ["director", "deputy", "member", "member", "member"]
            for woman, position in zip(women, positions):
                seat_add(committee, member=woman, position=position, joined_on=starts)
            made += 1
            for year in (today.year - 1, today.year):
                for kind, month, day, title, place, women_count, members, cost in ACTIVITIES:
                    held = datetime.date(year, month, day)
                    if held > today or (made % 2 and kind == WomenActivity.Kind.TRAINING):
                        continue
                    WomenActivity.objects.create(
                        union=union, kind=kind, held_on=held, title=f"{year}年{title}", place=place,
                        participants=women_count + made, members_taking_part=members + made - (made % 2), cost=cost,
                        note="活动照片及签到表存工会办公室。")
        # An enterprise the congress demo left without a women's special contract gets one
        # signed with its general contract, so the rate is neither 0 nor 100 % in the demo.
        enterprises = [u for u in unions if u.category == Organisation.Category.ENTERPRISE]
        for union in enterprises:
            kinds = set(CollectiveContract.objects.filter(union=union).in_force(today).values_list("kind", flat=True))
            if CollectiveContract.Kind.GENERAL in kinds and CollectiveContract.Kind.WOMEN not in kinds:
                general = CollectiveContract.objects.filter(union=union, kind=CollectiveContract.Kind.GENERAL) \
                    .in_force(today).first()
                CollectiveContract.objects.create(
                    union=union, kind=CollectiveContract.Kind.WOMEN,
                    title=f"{union.short_name or union.name}女职工权益保护专项集体合同",
                    consulted_on=general.consulted_on, signed_on=general.signed_on,
                    starts_on=general.starts_on, ends_on=general.ends_on)
                break
    return made
