"""The provincial spending rules, checked on a claim (FINANCE.md, "Spending limits are provincial").

``check_claim(claim)`` reads the claim's saved items and returns one ``Breach`` per rule a
part of the claim breaks; it writes nothing (the claims service keeps each breach as a
``RuleBreach`` with the reason given to proceed). How each rule kind is counted:

* ``per_member_year`` — the union's spending on the item in the claim's year (this claim plus
  its other claims that year that are submitted, approved or paid — never drafts, rejected or
  withdrawn ones, never this claim twice) ÷ the members covered (the largest ``members_covered``
  this claim gives for the item, else the union's current members, its subtree included);
* ``per_event`` — each item's amount ÷ its members covered (1 when not given);
* ``income_share`` — the year's spending on the item (counted as above) ÷ the income lines of
  the budget in force (``finance.budgets.budget_in_force``); without a budget in force (or
  with no budgeted income) the share cannot be checked, and that is reported as a breach too,
  so that the claim goes on only with a reason;
* ``forbidden`` — an item paid in the forbidden form (for the rule's item, or any item when the
  rule names none).

Only rules without a ``condition`` are applied: whether a condition holds (湖北's 1500 yuan for
"经费充裕的企业工会") is a judgement, so a breach of the plain rule names the conditional limit
and the person gives the condition as the reason to proceed.

A limit is broken when the amount per member is *above* it; exactly the limit is allowed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q, Sum
from django.utils.translation import gettext as _

from .models.claims import Claim, ClaimItem
from .models.rules import FinanceSettings, SpendingRule
from .services import FinanceError

CENT = Decimal("0.01")
ZERO = Decimal("0")
COUNTED = (Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PAID)


@dataclass
class Breach:
    rule: SpendingRule
    item: ClaimItem | None
    message: str
    figures: dict = field(default_factory=dict)


def yuan(value: Decimal) -> str:
    """An amount as people read it: thousands separators, two decimals (1,234.50)."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def province_of(organisation) -> str:
    """The province whose rules the union follows: its own setting, else the installation's."""
    own = (FinanceSettings.objects.filter(organisation=organisation).values_list("province", flat=True).first()
           or "").strip()
    return own or settings.UNIONADMIN_PROVINCE


def in_force(year: int) -> Q:
    return Q(year_from__lte=year) & (Q(year_to__isnull=True) | Q(year_to__gte=year))


def rules_for(organisation, year: int) -> list[SpendingRule]:
    """The rules of the union's province in force in ``year``."""
    return list(SpendingRule.objects.filter(in_force(year), province=province_of(organisation))
                .select_related("account"))


class _Apps:
    """A data migration's ``apps`` argument, answered with today's models."""

    @staticmethod
    def get_model(app_label, name):
        from django.apps import apps

        return apps.get_model(app_label, name)


def seed_if_empty() -> None:
    """Seed the rules of migration 0006 again when the table is empty (a database flushed after
    its migrations: a transactional test, a demo loaded into it)."""
    if SpendingRule.objects.exists():
        return
    import importlib

    from .chart import seed as seed_chart
    from .models import Account

    seed_chart(Account)
    importlib.import_module("finance.migrations.0006_spending_rules_seed").seed(_Apps, None)


def end_rule(rule: SpendingRule, year_to: int) -> SpendingRule:
    """End a rule in force: ``year_to`` is its last year; it stays for the years it held."""
    with transaction.atomic():
        rule = SpendingRule.objects.select_for_update().get(pk=rule.pk)
        if rule.year_to is not None:
            raise FinanceError(_("This rule has already been ended (last year %(year)s).") % {"year": rule.year_to})
        if year_to < rule.year_from:
            raise FinanceError(_("The rule is in force from %(year)s; its last year cannot be before that.")
                               % {"year": rule.year_from}, field="year_to")
        rule.year_to = year_to
        rule.save(update_fields=["year_to"])
    return rule


def delete_rule(rule: SpendingRule) -> None:
    """Delete a rule entered by mistake; one a recorded breach names is kept (end it instead)."""
    try:
        with transaction.atomic():
            SpendingRule.objects.filter(pk=rule.pk).delete()  # gone already (sent twice): nothing to do
    except ProtectedError:
        raise FinanceError(_("A breach on record names this rule, so it is kept; end it instead.")) from None


def member_count(organisation) -> int:
    """The union's current members, its subtree included."""
    from members.models import Member

    return Member.objects.active().in_subtree(organisation).count()


def budgeted_income(organisation, year: int) -> Decimal | None:
    """The income lines of the budget in force for ``year``; None without a budget in force."""
    from .budgets import budget_in_force

    budget = budget_in_force(organisation, year)
    if budget is None:
        return None
    return budget.lines.filter(account__element="income").aggregate(s=Sum("amount"))["s"] or ZERO


def _earlier_items(claim, item: str) -> list[tuple[Decimal, int | None]]:
    """(amount, members covered) of the union's other counted claims' items of the year."""
    return list(ClaimItem.objects.filter(claim__organisation_id=claim.organisation_id, claim__year=claim.year,
                                         claim__status__in=COUNTED, item=item)
                .exclude(claim_id=claim.pk).values_list("amount", "members_covered"))


def _others_for_item(claim, item: str) -> Decimal:
    """The union's other counted claims of the year, for one item."""
    return (ClaimItem.objects.filter(claim__organisation_id=claim.organisation_id, claim__year=claim.year,
                                     claim__status__in=COUNTED, item=item)
            .exclude(claim_id=claim.pk).aggregate(s=Sum("amount"))["s"] or ZERO)


def _rule_words(rule: SpendingRule) -> dict:
    return {"province": rule.province, "year": rule.year_from,
            "item": rule.get_item_display() if rule.item else _("any item")}


def _conditional_note(rule: SpendingRule, conditional: list[SpendingRule]) -> str:
    others = [r for r in conditional if r.item == rule.item and r.kind == rule.kind]
    if not others:
        return ""
    notes = []
    for other in others:
        limit = yuan(other.limit) if other.limit is not None else f"{other.share:.0%}"
        notes.append(_("The rule allows %(limit)s for %(condition)s: if that applies, give it as the reason.")
                     % {"limit": limit, "condition": other.condition})
    return " " + " ".join(notes)


def _per_member_year(claim, rule, items, members, conditional) -> Breach | None:
    """What one member got this year for the item: each claim's amount divided by the members
    *it* covered (its items' ``members_covered``, else the union's members), added up — not the
    union's whole year divided by this claim's members (10 members given 50 each this time
    after 200 given 600 each got 650, not 12,050)."""
    here = sum((i.amount for i in items), ZERO)
    earlier_items = _earlier_items(claim, rule.item)
    if members is None and any(not count for _amount, count in earlier_items):
        members = member_count(claim.organisation)
    members = members or 0
    earlier = sum((amount for amount, _count in earlier_items), ZERO)
    covered = max((i.members_covered or 0 for i in items), default=0) or members
    total = here + earlier
    if not covered or (not members and any(not count for _amount, count in earlier_items)):
        # no members recorded and an item does not say how many it covers: no figure per member to give
        figures = {"limit": str(rule.limit), "this_claim": str(here), "earlier": str(earlier), "total": str(total),
                   "members": None}
        message = _(
            "%(province)s rule from %(year)s: %(item)s at most %(limit)s yuan per member per year. "
            "%(union)s has no current members recorded and an item of the year does not say how many members "
            "it covers, so the year's %(total)s (this claim %(this_claim)s) cannot be checked per member: enter "
            "the members covered."
        ) % {**_rule_words(rule), "limit": yuan(rule.limit), "union": claim.organisation.name,
             "total": yuan(total), "this_claim": yuan(here)}
        return Breach(rule, items[0], message, figures)
    per_member = here / covered + sum((amount / max(c or members, 1) for amount, c in earlier_items), ZERO)
    if per_member <= rule.limit:
        return None
    figures = {"limit": str(rule.limit), "this_claim": str(here), "earlier": str(earlier),
               "total": str(total), "members": covered, "per_member": str(per_member.quantize(CENT))}
    message = _(
        "%(province)s rule from %(year)s: %(item)s at most %(limit)s yuan per member per year. "
        "This year's total is %(total)s (this claim %(this_claim)s for %(members)s members, earlier claims "
        "%(earlier)s, each for the members it covered): %(per_member)s per member."
    ) % {**_rule_words(rule), "limit": yuan(rule.limit), "total": yuan(total), "this_claim": yuan(here),
         "earlier": yuan(earlier), "members": f"{covered:,}", "per_member": yuan(per_member)}
    return Breach(rule, items[0], message + _conditional_note(rule, conditional), figures)


def _per_event(rule, item, conditional) -> Breach | None:
    covered = item.members_covered or 1
    per_member = item.amount / covered
    if per_member <= rule.limit:
        return None
    figures = {"limit": str(rule.limit), "amount": str(item.amount), "members": covered,
               "per_member": str(per_member.quantize(CENT))}
    message = _(
        "%(province)s rule from %(year)s: %(item)s at most %(limit)s yuan per member each time. "
        "“%(description)s” is %(amount)s for %(members)s members: %(per_member)s per member."
    ) % {**_rule_words(rule), "limit": yuan(rule.limit), "description": item.description,
         "amount": yuan(item.amount), "members": f"{covered:,}", "per_member": yuan(per_member)}
    return Breach(rule, item, message + _conditional_note(rule, conditional), figures)


def _income_share(claim, rule, items, conditional) -> Breach | None:
    here = sum((i.amount for i in items), ZERO)
    earlier = _others_for_item(claim, rule.item)
    total = here + earlier
    income = budgeted_income(claim.organisation, claim.year)
    share = f"{rule.share:.0%}"
    if not income:
        figures = {"share": str(rule.share), "total": str(total), "budgeted_income": None}
        message = _(
            "%(province)s rule from %(year)s: %(item)s at most %(share)s of the year's budgeted income. "
            "There is no budget in force for %(claim_year)s with income, so the share of this year's "
            "total of %(total)s cannot be checked."
        ) % {**_rule_words(rule), "share": share, "claim_year": claim.year, "total": yuan(total)}
        return Breach(rule, items[0], message, figures)
    allowed = income * rule.share
    if total <= allowed:
        return None
    figures = {"share": str(rule.share), "this_claim": str(here), "earlier": str(earlier), "total": str(total),
               "budgeted_income": str(income), "allowed": str(allowed.quantize(CENT)),
               "actual_share": str((total / income).quantize(Decimal("0.0001")))}
    message = _(
        "%(province)s rule from %(year)s: %(item)s at most %(share)s of the year's budgeted income. "
        "This year's total is %(total)s (this claim %(this_claim)s, earlier claims %(earlier)s), "
        "%(actual)s of the budgeted income of %(income)s; at most %(allowed)s is allowed."
    ) % {**_rule_words(rule), "share": share, "total": yuan(total), "this_claim": yuan(here),
         "earlier": yuan(earlier), "actual": f"{total / income:.1%}", "income": yuan(income),
         "allowed": yuan(allowed)}
    return Breach(rule, items[0], message + _conditional_note(rule, conditional), figures)


def _forbidden(rule, item) -> Breach:
    figures = {"form": rule.form, "amount": str(item.amount)}
    message = _(
        "%(province)s rule from %(year)s: %(form)s is not allowed. "
        "“%(description)s” (%(amount)s) is paid as %(form)s."
    ) % {"province": rule.province, "year": rule.year_from, "form": rule.get_form_display(),
         "description": item.description, "amount": yuan(item.amount)}
    return Breach(rule, item, message, figures)


def check_claim(claim) -> list[Breach]:
    """Every breach of the province's rules by the claim's saved items, in item order."""
    items = list(claim.items.order_by("position", "pk"))
    if not items:
        return []
    year = claim.year  # a saved claim always has its year (its items are saved before the check)
    rules = rules_for(claim.organisation, year)
    plain = [r for r in rules if not r.condition]
    conditional = [r for r in rules if r.condition]
    by_item: dict[str, list[ClaimItem]] = defaultdict(list)
    for item in items:
        if item.item:
            by_item[item.item].append(item)

    breaches: list[Breach] = []
    members = None
    for rule in plain:
        if rule.kind == SpendingRule.Kind.FORBIDDEN:
            breaches += [_forbidden(rule, i) for i in items
                         if i.form == rule.form and (not rule.item or i.item == rule.item)]
            continue
        mine = by_item.get(rule.item)
        if not mine:
            continue
        if rule.kind == SpendingRule.Kind.PER_EVENT:
            breaches += [b for b in (_per_event(rule, i, conditional) for i in mine) if b]
        elif rule.kind == SpendingRule.Kind.PER_MEMBER_YEAR:
            if members is None and not all(i.members_covered for i in mine):
                members = member_count(claim.organisation)
            found = _per_member_year(claim, rule, mine, members, conditional)
            breaches += [found] if found else []
        elif rule.kind == SpendingRule.Kind.INCOME_SHARE:
            found = _income_share(claim, rule, mine, conditional)
            breaches += [found] if found else []
    order = {item.pk: n for n, item in enumerate(items)}
    breaches.sort(key=lambda b: order.get(b.item.pk, -1) if b.item else -1)
    return breaches

