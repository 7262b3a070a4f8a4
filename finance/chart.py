"""The chart of accounts every installation starts with (《工会会计制度》, 2010 codes, FINANCE.md).

Seeded by migration 0003 and editable afterwards (the 2022 chart's exact codes are not
confirmed). Each entry is (code, name, element, parent code or None). Two choices:

* **311 资产基金** (net assets) is in the chart besides 331 结余. The books are kept mainly on a
  cash basis: buying equipment is spending (505 资本性支出 Dr / 102 银行存款 Cr); the asset is then
  recorded as 162 固定资产 Dr / 311 资产基金 Cr, so the balance sheet shows the equipment and
  still balances without the purchase being counted as spending twice or the 结余 being
  inflated. The same holds for 141 库存物品 bought as spending.
* **504** is left free: FINANCE.md lists no category between 业务支出 and 资本性支出. 其他支出
  (losses, donations, sponsorship) is **599**, the end of the range, so that the six national
  categories keep their codes whatever a later chart puts at 504 or 507.

Income and spending categories that FINANCE.md breaks down have sub-accounts (5 digits); a
voucher posts to a leaf, never to an account that has sub-accounts.
"""
from __future__ import annotations

ASSET, LIABILITY, NET_ASSETS, INCOME, EXPENDITURE = "asset", "liability", "net_assets", "income", "expenditure"

CHART: list[tuple[str, str, str, str | None]] = [
    # 资产
    ("101", "现金", ASSET, None),
    ("102", "银行存款", ASSET, None),
    ("131", "应收上级经费", ASSET, None),
    ("132", "应收下级经费", ASSET, None),
    ("141", "库存物品", ASSET, None),
    ("162", "固定资产", ASSET, None),
    # 负债
    ("221", "应付上级经费", LIABILITY, None),
    ("222", "应付下级经费", LIABILITY, None),
    ("231", "代管经费", LIABILITY, None),
    # 净资产
    ("311", "资产基金", NET_ASSETS, None),
    ("331", "结余", NET_ASSETS, None),
    # 收入
    ("401", "会费收入", INCOME, None),
    ("402", "拨缴经费收入", INCOME, None),
    ("403", "上级补助收入", INCOME, None),
    ("40301", "回拨补助", INCOME, "403"),
    ("40302", "专项补助", INCOME, "403"),
    ("40303", "帮扶补助", INCOME, "403"),
    ("40304", "送温暖补助", INCOME, "403"),
    ("40305", "救灾补助", INCOME, "403"),
    ("40399", "其他补助", INCOME, "403"),
    ("404", "政府补助收入", INCOME, None),
    ("405", "行政补助收入", INCOME, None),
    ("406", "事业收入", INCOME, None),
    ("407", "投资收益", INCOME, None),
    ("408", "其他收入", INCOME, None),
    # 支出
    ("501", "职工活动支出", EXPENDITURE, None),
    ("50101", "职工教育", EXPENDITURE, "501"),
    ("50102", "文体活动", EXPENDITURE, "501"),
    ("50103", "宣传活动", EXPENDITURE, "501"),
    ("50104", "职工疗休养", EXPENDITURE, "501"),
    ("50105", "会员活动", EXPENDITURE, "501"),
    ("50199", "其他职工活动支出", EXPENDITURE, "501"),
    ("502", "维权支出", EXPENDITURE, None),
    ("50201", "劳动关系协调", EXPENDITURE, "502"),
    ("50202", "劳动保护", EXPENDITURE, "502"),
    ("50203", "法律援助", EXPENDITURE, "502"),
    ("50204", "困难职工帮扶", EXPENDITURE, "502"),
    ("50205", "送温暖", EXPENDITURE, "502"),
    ("50299", "其他维权支出", EXPENDITURE, "502"),
    ("503", "业务支出", EXPENDITURE, None),
    ("50301", "培训", EXPENDITURE, "503"),
    ("50302", "会议", EXPENDITURE, "503"),
    ("50303", "专项业务", EXPENDITURE, "503"),
    ("50399", "其他业务支出", EXPENDITURE, "503"),
    ("505", "资本性支出", EXPENDITURE, None),
    ("50501", "房屋建筑物购建", EXPENDITURE, "505"),
    ("50502", "设备购置", EXPENDITURE, "505"),
    ("50503", "车辆购置", EXPENDITURE, "505"),
    ("50504", "大型修缮", EXPENDITURE, "505"),
    ("50505", "信息网络购建", EXPENDITURE, "505"),
    ("506", "事业支出", EXPENDITURE, None),
    ("599", "其他支出", EXPENDITURE, None),
]


def seed(account_model) -> int:
    """Create the chart's accounts that are missing (by code; an edited name or an account
    taken out of use is left as the installation has it). Returns how many were created.
    Takes the model class, so the data migration passes its historical model."""
    existing = dict(account_model.objects.values_list("code", "pk"))
    created = 0
    for code, name, element, parent in CHART:
        if code in existing:
            continue
        account = account_model.objects.create(code=code, name=name, element=element,
                                               parent_id=existing[parent] if parent else None)
        existing[code] = account.pk
        created += 1
    return created


def unseed(account_model) -> None:
    """Reverse of ``seed``: delete the chart's accounts, sub-accounts first (an account that
    vouchers use is protected, and the migration's reversal stops there)."""
    codes = [code for code, *_ in CHART]
    account_model.objects.filter(code__in=codes, parent__isnull=False).delete()
    account_model.objects.filter(code__in=codes).delete()
