"""Factories for the finance claims part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT.

Claims are made through finance.claims.save_claim (numbering, totals, receipts through the
RECEIPT policy), never by a bare factory; ``png`` and ``pdf`` are small real receipt files."""
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from finance.claims import save_claim
from finance.models import Claim, ClaimReceipt

from .factories import account

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")


def png(name="发票.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="发票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def item(code="50105", amount="500.00", description="活动用品", **kwargs) -> dict:
    return {"account": account(code), "description": description, "amount": Decimal(amount), **kwargs}


def new_claim(union, *, items=None, user=None, spent_on=datetime.date(2026, 3, 10), title="职工活动用品",
              receipts=(), **kwargs) -> Claim:
    """A draft claim of ``union`` with ``items`` (dicts from ``item()``; one 500.00 item on
    50105 会员活动 by default)."""
    header = {"title": title, "spent_on": spent_on, "payee": "青溪百货", "payee_bank": "农行", "payee_account": "6228"}
    return save_claim(union, user=user, header=header, items=items or [item()], receipts=list(receipts), **kwargs)


def _receipt_of(union) -> ClaimReceipt:
    return new_claim(union, receipts=[png()]).receipts.get()


CROSS_TENANT: dict = {Claim: lambda union: new_claim(union), ClaimReceipt: _receipt_of}
