"""The demo county's claims: a year of 恒达机械工会's spending claims, entered by its finance
officer (the "finance" login) and decided by its chair (the "officer" login) — paid, approved,
waiting (one above the second-approval threshold, approved by the chair and waiting for a
second approver), one rejected, one draft — and one festival-gift claim over the province's
per-member limit, submitted with its reason and its breach kept. Each claim has a small receipt
made here (a PNG or a PDF), stored through the RECEIPT upload policy.

Everything goes through finance.claims; a claim the checks stop (over its budget line, not in
the budget) is submitted with a reason, as an officer would. Nothing is written when the union
already has claims. Payments are dated today: the earlier months are closed by the books' demo."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from unionadmin.roles import Role

from .claims import ClaimProblems, approve_claim, pay_claim, reject_claim, save_claim, submit_claim
from .models import Account, Claim
from .models.rules import PaymentForm, SpendingItem

REASON = "已经工会委员会研究同意，超出部分在年度预算调整中解决"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

# (month offset back from today, title, payee, [(account, description, amount, item, form, members)], outcome)
CLAIMS = [
    (11, "春节会员慰问品", "青溪百货有限公司", [("50105", "春节慰问品（米、油）", "3100.00", SpendingItem.FESTIVAL_GIFTS,
                                            PaymentForm.GOODS, 310)], "paid"),
    (10, "职工篮球赛奖品", "青溪体育用品店", [("50102", "篮球赛奖杯及奖品", "1860.00", SpendingItem.PRIZES,
                                         PaymentForm.GOODS, None)], "paid"),
    (9, "安全生产知识培训", "青溪县职业培训学校", [("50301", "讲课费及资料费", "1500.00", "", PaymentForm.SERVICE, None)],
     "paid"),
    (8, "三八妇女节活动", "青溪花木园艺场", [("50102", "插花活动材料", "980.00", "", PaymentForm.GOODS, None)], "paid"),
    (7, "会员生日蛋糕券", "青溪好利来蛋糕店", [("50105", "生日蛋糕提货券（指定商品）", "2400.00", SpendingItem.BIRTHDAY,
                                           PaymentForm.NAMED_VOUCHER, 12)], "paid"),
    (6, "职工书屋图书", "新华书店青溪分店", [("50101", "职工书屋购书", "1320.00", "", PaymentForm.GOODS, None)], "paid"),
    (5, "端午节慰问品（超标准）", "青溪百货有限公司", [("50105", "端午节慰问品", "4800.00", SpendingItem.FESTIVAL_GIFTS,
                                                PaymentForm.GOODS, 4)], "approved"),
    (4, "职工乒乓球比赛", "青溪体育用品店", [("50102", "球拍、球台租用", "760.00", SpendingItem.PRIZES,
                                        PaymentForm.GOODS, None)], "approved"),
    (3, "工会委员会会议资料", "青溪印务", [("50302", "会议资料印制", "420.00", "", PaymentForm.SERVICE, None)],
     "rejected"),
    (2, "职工疗休养（秋季）", "青溪山庄", [("50104", "疗休养住宿", "4200.00", "", PaymentForm.SERVICE, None),
                                     ("50104", "疗休养交通", "2600.00", "", PaymentForm.SERVICE, None)], "second"),
    (1, "中秋节会员慰问品", "青溪百货有限公司", [("50105", "中秋月饼", "2790.00", SpendingItem.FESTIVAL_GIFTS,
                                           PaymentForm.GOODS, 310)], "submitted"),
    (0, "劳动竞赛奖品", "青溪体育用品店", [("50102", "劳动竞赛奖品", "1280.00", SpendingItem.PRIZES, PaymentForm.GOODS,
                                      None)], "draft"),
]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (250, 250, 245)).save(buffer, format="PNG")
    return buffer.getvalue()


def _receipt(number: int) -> ContentFile:
    if number % 2:
        return ContentFile(PDF, name=f"发票{number}.pdf")
    return ContentFile(_png(), name=f"发票{number}.png")


def _spent_on(today: datetime.date, back: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - back
    year, month = index // 12, index % 12 + 1
    if year != today.year:  # keep the demo's claims in this year
        year, month = today.year, 1
    return min(datetime.date(year, month, 12), today)


def _holder(users, username, role):
    user = users.get(username) if isinstance(users, dict) else next((u for u in users if u.username == username),
                                                                      None)
    if user is None:
        return None, None
    assignment = user.role_assignments.filter(role=role).select_related("organisation").first()
    return user, (assignment.organisation if assignment else None)


def _submit(claim, user):
    try:
        return submit_claim(claim, user=user)
    except ClaimProblems:
        return submit_claim(claim, user=user, reason=REASON)


def _approve(claim, user):
    try:
        return approve_claim(claim, user=user, note="同意")
    except ClaimProblems:
        return approve_claim(claim, user=user, note="同意", reason=REASON)


@transaction.atomic
def load_demo_claims(county_federation, users, *, today: datetime.date | None = None) -> dict:
    officer, union = _holder(users, "finance", Role.FINANCE_OFFICER)
    chair, chair_union = _holder(users, "officer", Role.UNION_CHAIR)
    if union is None or chair is None or chair_union != union or Claim.objects.filter(organisation=union).exists():
        return {"claims": 0}
    today = today or timezone.localdate()
    chart = {a.code: a for a in Account.objects.all()}
    made = 0
    for number, (back, title, payee, items, outcome) in enumerate(CLAIMS, start=1):
        claim = save_claim(union, user=officer, header={
            "title": title, "spent_on": _spent_on(today, back), "payee": payee, "payee_bank": "中国农业银行青溪县支行",
            "payee_account": f"6228480{number:012d}"}, items=[
            {"account": chart[code], "description": description, "amount": Decimal(amount), "item": item,
             "form": form, "members_covered": members}
            for code, description, amount, item, form, members in items], receipts=[_receipt(number)])
        made += 1
        if outcome == "draft":
            continue
        claim = _submit(claim, officer)
        if outcome == "submitted":
            continue
        if outcome == "rejected":
            reject_claim(claim, user=chair, note="会议资料已由行政印制，不应在工会经费中列支")
            continue
        claim = _approve(claim, chair)
        if outcome in ("approved", "second"):
            continue
        pay_claim(claim, user=officer, paid_on=today, reference=f"NB{today:%Y%m%d}{number:04d}")
    return {"claims": made}
