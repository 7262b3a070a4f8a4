"""Spending claims (报销): entering, submitting with the budget and rule checks, approval by the
chair ("一支笔") and a second approver above the union's threshold, rejection, payment.

Every step is a small function inside ``transaction.atomic()`` that takes the union's books
lock (``finance.services._lock_books``) first and reads the claim again under it, so:

* numbers are given per union and year under the lock, like vouchers;
* a claim is checked against its budget lines (``finance.budgets.available``) and the spending
  rules (``finance.spending_rules.check_claim``) under the lock, at submission and again at
  each approval: two claims racing for the last of a budget line are checked one after the
  other, so exactly one fits without a reason and the other is told (``ClaimProblems``);
* paying posts the claim's voucher through ``finance.services.post_voucher`` with source
  ``("claim", pk)``, so a claim is in the books once, whatever is clicked twice.

A problem found (over a budget line, not in the budget, a rule broken, a forbidden form of
payment) stops the step with every problem and its figures; the step goes on when the person
writes a reason, and each problem is kept as a ``RuleBreach`` with that reason. A problem
already recorded for the claim is not asked about again at approval.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin import uploads
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import CHAIR_ROLES, FINANCE_ROLES

from .models import Account, Claim, ClaimItem, ClaimReceipt, FinanceSettings, RuleBreach
from .services import FIRST_DATE, FinanceError, _lock_books, last_date, post_voucher
from .spending_rules import yuan

ZERO = Decimal("0.00")
BANK = "102"  # 银行存款: a claim is paid by transfer
MAX_ITEMS = 30
MAX_TOTAL = Decimal("999999999999.99")  # what Claim.total (14 digits, 2 places) holds
Status = Claim.Status


class ClaimNotice(models.TextChoices):
    """Notification kinds (registered in finance/wiring/claims.py)."""

    SUBMITTED = "claim_submitted", gettext_lazy("A claim waits for your approval")
    SECOND = "claim_second_approval", gettext_lazy("A claim waits for your second approval")
    APPROVED = "claim_approved", gettext_lazy("A claim is approved and can be paid")
    REJECTED = "claim_rejected", gettext_lazy("A claim was rejected")


@dataclass
class Problem:
    """What stops a claim until a reason is given: kept as a RuleBreach once it goes on."""

    kind: str  # RuleBreach.Kind
    message: str
    figures: dict = field(default_factory=dict)
    item: ClaimItem | None = None
    rule: object = None
    budget_line: object = None

    @property
    def key(self) -> tuple:
        return (self.kind, getattr(self.item, "pk", None), getattr(self.rule, "pk", None),
                getattr(self.budget_line, "pk", None))


class ClaimProblems(FinanceError):
    """The step needs a reason: ``problems`` say what was found, with the figures."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_("This claim goes on only with a reason: %(count)s problem(s) were found (listed above). "
                           "Write why it should go on anyway.") % {"count": len(problems)}, field="reason")
        self.problems = problems


# --- entering ------------------------------------------------------------------------------


def spending_accounts():
    """The accounts a claim item may be on: expenditure leaves in use (50105 会员活动 …)."""
    return Account.objects.filter(element=Account.Element.EXPENDITURE, is_active=True,
                                  children__isnull=True).order_by("code")


def _next_number(organisation, year: int) -> int:
    return (Claim.objects.filter(organisation=organisation, year=year).aggregate(last=Max("number"))["last"] or 0) + 1


def _checked_items(items: list[dict]) -> list[dict]:
    if not items:
        raise FinanceError(_("A claim needs at least one item: what was bought or paid for, and how much."))
    if len(items) > MAX_ITEMS:
        raise FinanceError(_("A claim has at most %(n)s items.") % {"n": MAX_ITEMS})
    allowed = set(spending_accounts().filter(pk__in=[i["account"].pk for i in items]).values_list("pk", flat=True))
    for position, item in enumerate(items, start=1):
        if item["account"].pk not in allowed:
            raise FinanceError(_("Item %(n)s: %(account)s is not a spending category in use; choose a sub-item of "
                                 "the expenditure accounts.") % {"n": position, "account": item["account"]})
        if not item.get("amount") or item["amount"] <= 0:
            raise FinanceError(_("Item %(n)s: enter an amount above zero.") % {"n": position})
    if sum(item["amount"] for item in items) > MAX_TOTAL:
        raise FinanceError(_("A claim's total is at most %(max)s yuan.") % {"max": f"{MAX_TOTAL:,.2f}"})
    return items


def _checked_header(header: dict) -> dict:
    spent_on = header.get("spent_on")
    if not isinstance(spent_on, datetime.date) or not FIRST_DATE <= spent_on <= last_date():
        raise FinanceError(_("The date spent is from %(first)s to %(last)s.")
                           % {"first": FIRST_DATE.isoformat(), "last": last_date().isoformat()}, field="spent_on")
    for name in ("title", "payee"):
        if not (header.get(name) or "").strip():
            raise FinanceError(_("This field is required."), field=name)
    return header


HEADER_FIELDS = ("title", "spent_on", "payee", "payee_bank", "payee_account")


def save_claim(organisation, *, user, header: dict, items: list[dict], receipts=(), remove_receipts=(),
               claim: Claim | None = None, entry_key: int | None = None) -> Claim:
    """Save a new claim (``claim`` None) or a draft's new version: the header (title, spent_on,
    payee, payee_bank, payee_account), every item (dicts of account, description, amount, item,
    form, members_covered) and new receipts (uploaded files, checked by the RECEIPT policy).
    A new claim with an ``entry_key`` already saved raises ``FinanceError`` with ``.claim``."""
    header, items = _checked_header(header), _checked_items(items)
    with transaction.atomic():
        _lock_books(organisation)
        if claim is None:
            if entry_key is not None:
                existing = Claim.objects.filter(organisation=organisation, entry_key=entry_key).first()
                if existing is not None:
                    error = FinanceError(_("This claim was already saved as number %(number)s.")
                                         % {"number": existing.display_number})
                    error.claim = existing
                    raise error
            year = header["spent_on"].year
            claim = Claim(organisation=organisation, year=year, number=_next_number(organisation, year),
                          entered_by=user, entry_key=entry_key)
        else:
            claim = Claim.objects.select_for_update().get(pk=claim.pk)
            if claim.status != Status.DRAFT:
                raise FinanceError(_("Claim %(number)s is %(status)s; only a draft is changed.")
                                   % {"number": claim.display_number, "status": claim.get_status_display()})
            if header["spent_on"].year != claim.year:  # numbered again in the year it now belongs to
                claim.year = header["spent_on"].year
                claim.number = _next_number(organisation, claim.year)
        for name in HEADER_FIELDS:
            setattr(claim, name, (header.get(name) or "").strip() if name != "spent_on" else header[name])
        claim.total = sum((item["amount"] for item in items), ZERO)
        claim.save()
        claim.items.all().delete()
        ClaimItem.objects.bulk_create([
            ClaimItem(claim=claim, position=position, account=item["account"],
                      description=(item.get("description") or "").strip(), amount=item["amount"],
                      item=item.get("item") or "", form=item.get("form") or ClaimItem._meta.get_field("form").default,
                      members_covered=item.get("members_covered"))
            for position, item in enumerate(items, start=1)])
        if remove_receipts:
            removed = claim.receipts.filter(pk__in=[r.pk for r in remove_receipts])
            names = list(removed.values_list("file", flat=True))
            removed.delete()
            # A draft's receipt taken off is gone for good (receipts keep no history); its file
            # goes once the change is committed, so a failed save still has every file.
            transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
        for upload in receipts:
            add_receipt(claim, upload, user=user)
    return claim


def save_settings(organisation, *, second_approval_above: Decimal, province: str) -> FinanceSettings:
    """A union's finance settings, made or changed: two clicks at once (both seeing no row yet)
    save one row (update_or_create takes the row, or makes it, under its own lock)."""
    row, _created = FinanceSettings.objects.update_or_create(
        organisation=organisation, defaults={"second_approval_above": second_approval_above,
                                             "province": province or ""})
    return row


def add_receipt(claim: Claim, upload, *, user) -> ClaimReceipt:
    """Attach one receipt, checked by the RECEIPT upload policy and stored under a random name.
    The same file already attached (same name and size: the edit page sent twice) is not
    attached again, so the voucher's count of receipts stays true."""
    try:
        checked = uploads.RECEIPT.check(upload)
    except uploads.UploadRefused as refusal:
        raise FinanceError(refusal.message, field="receipts") from None
    name = checked.original_name[:200]
    for attached in claim.receipts.filter(name=name):
        if attached.file.storage.exists(attached.file.name) and attached.file.size == upload.size:
            return attached
    upload.name = checked.stored_name
    return ClaimReceipt.objects.create(claim=claim, file=upload, name=name, uploaded_by=user)


# --- the checks ----------------------------------------------------------------------------


def problems_of(claim: Claim) -> list[Problem]:
    """What the claim's items run into: budget lines they exceed or that do not exist, and the
    spending rules they break. Call under the union's books lock for figures that hold."""
    from .budgets import available, line_for
    from .spending_rules import check_claim

    items = list(claim.items.select_related("account").order_by("position", "pk"))
    found: list[Problem] = []
    by_line: dict = defaultdict(list)
    for item in items:
        line = line_for(claim.organisation, claim.year, item.account)
        if line is None:
            found.append(Problem(
                RuleBreach.Kind.BUDGET, item=item,
                figures={"account": item.account.code, "amount": str(item.amount), "budget": None},
                message=_("%(account)s is not in the %(year)s budget in force: “%(description)s” (%(amount)s) has "
                          "no budget line.") % {"account": item.account, "year": claim.year,
                                                "description": item.description, "amount": yuan(item.amount)}))
        else:
            by_line[line].append(item)
    for line, line_items in by_line.items():
        asked = sum((item.amount for item in line_items), ZERO)
        left = available(line, excluding_claim=claim)
        if asked > left:
            found.append(Problem(
                RuleBreach.Kind.BUDGET, budget_line=line, item=line_items[0] if len(line_items) == 1 else None,
                figures={"account": line.account.code, "budget": str(line.amount), "left": str(left),
                         "claim": str(asked), "over": str(asked - left)},
                message=_("Budget line %(account)s: %(budget)s budgeted, %(left)s left; this claim needs %(claim)s, "
                          "%(over)s over.") % {"account": line.account, "budget": yuan(line.amount),
                                               "left": yuan(left), "claim": yuan(asked),
                                               "over": yuan(asked - left)}))
    for breach in check_claim(claim):
        found.append(Problem(RuleBreach.Kind.RULE, message=breach.message, figures=breach.figures,
                             item=breach.item, rule=breach.rule))
    return found


@dataclass
class LineFigures:
    """A budget line as the approver sees it: budgeted, spent, held by other claims, left
    before this claim, and what this claim asks of it (``line`` None: no line in the budget)."""

    account: Account
    line: object = None
    budgeted: Decimal = ZERO
    spent: Decimal = ZERO
    committed: Decimal = ZERO
    left: Decimal = ZERO
    claim: Decimal = ZERO

    @property
    def over(self) -> Decimal:
        return max(self.claim - self.left, ZERO) if self.line is not None else self.claim


def budget_figures(claim: Claim) -> list[LineFigures]:
    """The budget lines the claim's items fall on, with their figures (for the approval page)."""
    from .budgets import committed, line_for, spent

    rows: dict = {}
    for item in claim.items.select_related("account").order_by("position", "pk"):
        line = line_for(claim.organisation, claim.year, item.account)
        key = ("line", line.pk) if line is not None else ("none", item.account.pk)
        if key not in rows:
            if line is None:
                rows[key] = LineFigures(account=item.account)
            else:
                used = spent(claim.organisation, claim.year, line.account)
                held = committed(claim.organisation, claim.year, line.account, excluding_claim=claim)
                rows[key] = LineFigures(account=line.account, line=line, budgeted=line.amount, spent=used,
                                        committed=held, left=line.amount - used - held)
        rows[key].claim += item.amount
    return list(rows.values())


def _record(claim: Claim, problems: list[Problem], *, reason: str, user) -> None:
    RuleBreach.objects.bulk_create([
        RuleBreach(claim=claim, item=p.item, kind=p.kind, rule=p.rule, budget_line=p.budget_line,
                   figures=p.figures, message=p.message, reason=reason, recorded_by=user)
        for p in problems])


def _new_problems(claim: Claim) -> list[Problem]:
    """Problems not yet recorded for the claim (at approval, the budget may have filled up)."""
    known = {(b.kind, b.item_id, b.rule_id, b.budget_line_id) for b in claim.breaches.all()}
    # A budget problem recorded for a line covers it, whatever the item.
    known_lines = {b.budget_line_id for b in claim.breaches.all() if b.budget_line_id}
    return [p for p in problems_of(claim)
            if p.key not in known and not (p.budget_line is not None and p.budget_line.pk in known_lines)]


def _locked(claim: Claim) -> Claim:
    _lock_books(claim.organisation)
    return Claim.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=claim.pk)


def _may(user, action: str, claim: Claim) -> bool:
    return Claim.scope.allows(user, action, claim)


def _state_error(claim: Claim) -> FinanceError:
    return FinanceError(_("Claim %(number)s is now “%(status)s”; this step is not possible any more.")
                        % {"number": claim.display_number, "status": claim.get_status_display()})


# --- submitting, approving, rejecting ------------------------------------------------------


def submit_claim(claim: Claim, *, user, reason: str = "") -> Claim:
    """Send a draft for approval. Problems found stop it unless ``reason`` is written; then
    each is kept as a RuleBreach with the reason. The chairs are told."""
    reason = (reason or "").strip()
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != Status.DRAFT:
            raise _state_error(claim)
        if not _may(user, "change", claim):
            raise FinanceError(_("You cannot submit claims of %(union)s.") % {"union": claim.organisation})
        if not claim.items.exists():
            raise FinanceError(_("A claim needs at least one item: what was bought or paid for, and how much."))
        found = problems_of(claim)
        if found and not reason:
            raise ClaimProblems(found)
        _record(claim, found, reason=reason, user=user)
        claim.status = Status.SUBMITTED
        claim.submitted_at = timezone.now()
        claim.over_budget_reason = reason if found else ""
        claim.save()
        notify(role_holders(claim.organisation, CHAIR_ROLES), ClaimNotice.SUBMITTED, claim,
               organisation=claim.organisation, exclude=user)
    return claim


def _second_approvers(claim: Claim):
    """Who may give the second approval: chairs at the union and at the union above."""
    people = list(role_holders(claim.organisation, CHAIR_ROLES))
    if claim.organisation.parent_id:
        people += list(role_holders(claim.organisation.parent, CHAIR_ROLES))
    return [person for person in people if person.pk != claim.approved_by_id]


def approve_claim(claim: Claim, *, user, note: str = "", reason: str = "") -> Claim:
    """The chair's approval ("一支笔"), or the second approval of a claim above the union's
    threshold by a different person. The budget and rules are checked again under the lock: a
    problem not yet recorded stops the approval unless ``reason`` is written."""
    reason, note = (reason or "").strip(), (note or "").strip()
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != Status.SUBMITTED:
            raise _state_error(claim)
        second = claim.approved_by_id is not None
        if second:
            if claim.approved_by_id == user.pk:
                raise FinanceError(_("You gave this claim its first approval; the second approval above %(limit)s "
                                     "yuan is given by someone else.") % {"limit": yuan(claim.second_approval_above)})
            if not _may(user, "approve_second", claim):
                raise FinanceError(_("You cannot give the second approval to claims of %(union)s.")
                                   % {"union": claim.organisation})
        elif not _may(user, "approve", claim):
            raise FinanceError(_("Only the union's chair approves its claims."))
        if claim.entered_by_id is not None and claim.entered_by_id == user.pk:
            raise FinanceError(_("You entered this claim, so someone else approves it: whoever spends does not "
                                 "approve the spending."))
        found = _new_problems(claim)
        if found and not reason:
            raise ClaimProblems(found)
        _record(claim, found, reason=reason, user=user)
        now = timezone.now()
        if note:
            claim.decision_note = "\n".join(filter(None, [claim.decision_note, note]))
        if second:
            claim.second_approved_by, claim.second_approved_at = user, now
        else:
            claim.approved_by, claim.approved_at = user, now
        if second or not claim.needs_second_approval:
            claim.status = Status.APPROVED
            claim.save()
            notify(role_holders(claim.organisation, FINANCE_ROLES), ClaimNotice.APPROVED, claim,
                   organisation=claim.organisation, exclude=user)
        else:
            claim.save()
            notify(_second_approvers(claim), ClaimNotice.SECOND, claim, organisation=claim.organisation,
                   exclude=user)
    return claim


def reject_claim(claim: Claim, *, user, note: str) -> Claim:
    """The chair (or the second approver) rejects the claim, saying why."""
    note = (note or "").strip()
    if not note:
        raise FinanceError(_("Say why the claim is rejected."), field="note")
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != Status.SUBMITTED:
            raise _state_error(claim)
        action = "approve_second" if claim.approved_by_id else "approve"
        if (not _may(user, action, claim) or (claim.approved_by_id and claim.approved_by_id == user.pk)
                or (claim.entered_by_id and claim.entered_by_id == user.pk)):
            raise FinanceError(_("You cannot decide on this claim."))
        claim.status = Status.REJECTED
        claim.decision_note = "\n".join(filter(None, [claim.decision_note, note]))
        claim.save()
        if claim.entered_by is not None:
            notify([claim.entered_by], ClaimNotice.REJECTED, claim, organisation=claim.organisation, exclude=user)
    return claim


def withdraw_claim(claim: Claim, *, user) -> Claim:
    """The finance officer withdraws a draft or a claim waiting for approval."""
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status not in (Status.DRAFT, Status.SUBMITTED):
            raise _state_error(claim)
        if not _may(user, "change", claim):
            raise FinanceError(_("You cannot withdraw claims of %(union)s.") % {"union": claim.organisation})
        claim.status = Status.WITHDRAWN
        claim.save()
    return claim


# --- paying --------------------------------------------------------------------------------


def voucher_lines(claim: Claim) -> list:
    """Dr each spending account (the claim's items summed per account) / Cr 102 银行存款."""
    sums: dict = {}
    for item in claim.items.select_related("account").order_by("account__code", "position", "pk"):
        sums.setdefault(item.account, ZERO)
        sums[item.account] += item.amount
    bank = Account.objects.get(code=BANK)
    summary = claim.title[:200]
    return [(account, amount, ZERO, summary) for account, amount in sums.items()] + [
        (bank, ZERO, claim.total, summary)]


def _check_paid_on(claim: Claim, paid_on) -> None:
    """A payment is recorded once made (today or earlier), and a claim is paid after the money
    was spent: a mistyped year would post the spending in another year's books."""
    if not isinstance(paid_on, datetime.date) or paid_on > timezone.localdate():
        raise FinanceError(_("A payment is recorded once it is made: the date paid is today or earlier."),
                           field="paid_on")
    if paid_on < claim.spent_on:
        raise FinanceError(_("Claim %(number)s was spent on %(spent)s; the date paid is that day or later.")
                           % {"number": claim.display_number, "spent": claim.spent_on.isoformat()}, field="paid_on")


def pay_claim(claim: Claim, *, user, paid_on: datetime.date, reference: str) -> Claim:
    """Record the transfer paying an approved claim and post its voucher (source ``claim``)."""
    reference = (reference or "").strip()
    if not reference:
        raise FinanceError(_("Enter the transfer's reference."), field="reference")
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status == Status.PAID:
            error = FinanceError(_("Claim %(number)s is already paid: voucher %(voucher)s of %(year)s.")
                                 % {"number": claim.display_number, "voucher": claim.voucher.display_number,
                                    "year": claim.voucher.year})
            error.claim = claim
            raise error
        if claim.status != Status.APPROVED:
            raise _state_error(claim)
        if not _may(user, "pay", claim):
            raise FinanceError(_("You cannot pay claims of %(union)s.") % {"union": claim.organisation})
        _check_paid_on(claim, paid_on)
        voucher = post_voucher(claim.organisation, date=paid_on, summary=claim.title, lines=voucher_lines(claim),
                               user=user, receipts=claim.receipts.count(), source=("claim", claim.pk))
        claim.status = Status.PAID
        claim.paid_on, claim.payment_reference, claim.paid_by, claim.voucher = paid_on, reference, user, voucher
        claim.save()
    return claim
