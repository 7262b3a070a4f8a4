from .accounts import Account
from .allocation import (
    FUNDS_RATE,
    GRASSROOTS_SHARE,
    Allocation,
    AllocationReminder,
    AllocationTerms,
    CollectionMode,
    PreparatoryFund,
)
from .audit import (
    AnnualAudit,
    AuditCommittee,
    AuditCommitteeMember,
    CheckItem,
    Finding,
    InspectedUnit,
    InspectionRound,
    Rectification,
)
from .budget import Budget, BudgetApproval, BudgetLine
from .claims import Claim, ClaimItem, ClaimReceipt, RuleBreach
from .disclosure import Disclosure
from .ledger import ClosedMonth, Voucher, VoucherLine
from .rules import FinanceSettings, PaymentForm, SpendingItem, SpendingRule

__all__ = [
    "FUNDS_RATE", "GRASSROOTS_SHARE", "Account", "Allocation", "AllocationReminder", "AllocationTerms", "AnnualAudit",
    "AuditCommittee", "AuditCommitteeMember", "Budget", "BudgetApproval", "BudgetLine", "CheckItem", "Claim",
    "ClaimItem", "ClaimReceipt", "ClosedMonth", "CollectionMode", "Disclosure", "FinanceSettings", "Finding",
    "InspectedUnit", "InspectionRound", "PaymentForm", "PreparatoryFund", "Rectification", "RuleBreach", "SpendingItem", "SpendingRule",
    "Voucher", "VoucherLine",
]
