"""Seed the provincial spending rules (FINANCE.md, "Spending limits are provincial"); reversible.

The figures are FINANCE.md's, collected from secondary copies of the provinces' documents: the
documents' exact titles were not at hand, so ``source`` names the province, the year and how
sure the year is. The data is frozen here (a migration must not change with later code); the
rule table page edits it afterwards. Reversing deletes exactly the rows seeded here; it stops
(PROTECT) when a recorded breach names one of them, which is right: the audit trail wins.
"""
from decimal import Decimal

from django.db import migrations

MEMBER_ACTIVITY = "50105"  # 会员活动

HLJ = "黑龙江"
FJ = "福建"
HB = "湖北"
SC = "四川"
BJ = "北京"

SOURCES = {
    HLJ: "黑龙江省总工会 基层工会经费收支管理规定（2017年）；据二手资料，文件全称未核实",
    FJ: "福建省总工会 基层工会经费收支管理实施办法（2018年）；据二手资料，文件全称未核实",
    HB: "湖北省总工会 基层工会经费收支管理实施细则；据二手资料，施行年份与文件全称未核实（按2018年录入）",
    SC: "四川省总工会 基层工会经费收支管理实施细则；据二手资料，施行年份与文件全称未核实（2100元按2018年起、2200元按2022年起录入）",
    BJ: "北京市总工会 基层工会经费收支管理办法（2019年）；据二手资料，文件全称未核实",
}

# The year each province's rules are entered from (see SOURCES for how sure each is).
FIRST_YEAR = {HLJ: 2017, FJ: 2018, HB: 2018, SC: 2018, BJ: 2019}

PER_EVENT = "per_event"
PER_MEMBER_YEAR = "per_member_year"
INCOME_SHARE = "income_share"
FORBIDDEN = "forbidden"

# (province, year_from, year_to, item, kind, limit, share, condition)
LIMITS = [
    (HLJ, 2017, None, "festival_gifts", PER_MEMBER_YEAR, "1000", None, ""),

    (FJ, 2018, None, "festival_gifts", PER_MEMBER_YEAR, "1300", None, ""),
    (FJ, 2018, None, "birthday", PER_EVENT, "300", None, ""),
    (FJ, 2018, None, "birth", PER_EVENT, "500", None, ""),
    (FJ, 2018, None, "hospital", PER_EVENT, "500", None, ""),
    (FJ, 2018, None, "hospital_surgery", PER_EVENT, "1000", None, ""),
    (FJ, 2018, None, "member_death", PER_EVENT, "2000", None, ""),
    (FJ, 2018, None, "relative_death", PER_EVENT, "1000", None, ""),
    (FJ, 2018, None, "retirement", PER_EVENT, "500", None, ""),

    (HB, 2018, None, "festival_gifts", PER_MEMBER_YEAR, "1200", None, ""),
    (HB, 2018, None, "festival_gifts", PER_MEMBER_YEAR, "1500", None, "经费充裕的企业工会"),
    (HB, 2018, None, "birthday", PER_EVENT, "300", None, ""),
    (HB, 2018, None, "wedding", PER_EVENT, "1000", None, ""),
    (HB, 2018, None, "birth", PER_EVENT, "500", None, ""),
    (HB, 2018, None, "hospital", PER_EVENT, "1000", None, ""),
    (HB, 2018, None, "member_death", PER_EVENT, "1000", None, ""),
    (HB, 2018, None, "relative_death", PER_EVENT, "1000", None, ""),
    (HB, 2018, None, "retirement", PER_EVENT, "1000", None, ""),

    (SC, 2018, 2021, "festival_gifts", PER_MEMBER_YEAR, "2100", None, ""),
    (SC, 2022, None, "festival_gifts", PER_MEMBER_YEAR, "2200", None, ""),
    (SC, 2018, None, "birthday", PER_EVENT, "300", None, ""),
    (SC, 2018, None, "wedding", PER_EVENT, "500", None, ""),
    (SC, 2018, None, "birth", PER_EVENT, "500", None, ""),
    (SC, 2018, None, "member_death", PER_EVENT, "2000", None, ""),
    (SC, 2018, None, "relative_death", PER_EVENT, "1000", None, ""),
    (SC, 2018, None, "retirement", PER_EVENT, "500", None, ""),

    (BJ, 2019, None, "festival_gifts", INCOME_SHARE, None, "0.5", ""),
    (BJ, 2019, None, "birthday", PER_EVENT, "300", None, ""),
]

# Forbidden everywhere as gifts (FINANCE.md); vouchers for named goods at named shops are allowed.
FORBIDDEN_FORMS = ["cash", "shopping_card", "cash_voucher"]


def rows():
    for province, year_from, year_to, item, kind, limit, share, condition in LIMITS:
        yield dict(province=province, year_from=year_from, year_to=year_to, item=item, kind=kind,
                   limit=Decimal(limit) if limit else None, share=Decimal(share) if share else None,
                   form="", condition=condition, source=SOURCES[province])
    for province, year_from in FIRST_YEAR.items():
        for form in FORBIDDEN_FORMS:
            yield dict(province=province, year_from=year_from, year_to=None, item="", kind=FORBIDDEN,
                       limit=None, share=None, form=form, condition="", source=SOURCES[province])


def key(row):
    return {k: row[k] for k in ("province", "year_from", "year_to", "item", "kind", "form", "condition")}


def seed(apps, schema_editor):
    SpendingRule = apps.get_model("finance", "SpendingRule")
    Account = apps.get_model("finance", "Account")
    account = Account.objects.filter(code=MEMBER_ACTIVITY).first()
    for row in rows():
        SpendingRule.objects.get_or_create(
            **key(row), defaults={**row, "account": account if row["item"] else None},
        )


def unseed(apps, schema_editor):
    SpendingRule = apps.get_model("finance", "SpendingRule")
    for row in rows():
        SpendingRule.objects.filter(**key(row)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0005_funds_budgets_claims_audit"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
