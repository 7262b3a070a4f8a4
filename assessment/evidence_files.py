"""What an evidence upload may be: the project's ``EVIDENCE`` upload policy
(unionadmin/uploads.py) — PDF, images and office documents, judged by their content, the
name's extension agreeing, 10 MB a file — and 10 files an item."""
from __future__ import annotations

from unionadmin import uploads

POLICY = uploads.EVIDENCE
MAX_BYTES = POLICY.max_bytes
MAX_MB = POLICY.max_mb
MAX_FILES_PER_ITEM = 10
ACCEPT = POLICY.accept
LABELS = {code: kind.label for code, kind in uploads.KINDS.items()}


class EvidenceFileError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_upload(upload) -> str:
    """The content kind of an acceptable upload; EvidenceFileError with a message otherwise."""
    try:
        return POLICY.check(upload).kind
    except uploads.UploadRefused as refusal:
        raise EvidenceFileError(refusal.message) from None


def store(model, upload, *, kind: str, **fields):
    """A new evidence row of ``model`` with the uploaded file, saved (inside the caller's
    transaction): a row the database refuses leaves no stray file behind."""
    import os

    from django.core.files.storage import default_storage

    evidence = model(file_name=os.path.basename(upload.name)[:200], size=upload.size, content_kind=kind, **fields)
    evidence.file.save(upload.name, upload, save=False)
    stored = evidence.file.name
    try:
        evidence.save()
    except Exception:
        default_storage.delete(stored)
        raise
    return evidence
