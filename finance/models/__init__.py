from .accounts import Account
from .ledger import ClosedMonth, Voucher, VoucherLine

__all__ = ["Account", "ClosedMonth", "Voucher", "VoucherLine"]
