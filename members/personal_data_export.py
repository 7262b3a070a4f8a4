"""Everything the system holds about a member, for the member (issue 19, 个人信息权益).

Two forms of the same content: a readable PDF (the document kind ``members.my_data``, made by
the PDF pipeline's worker with its CJK fonts) and a machine-readable JSON; the member downloads
both in one ZIP. The content is the members app's own data and every personal-data source the
apps register (``unionadmin.portal.sources_in_order``), each under its key with its label; the ID
number is in full (it is the member's own). Only the member's own login can ask for the PDF: the
kind's model is ``MemberOwnData``, whose scope is the member's login alone.
"""
from __future__ import annotations

import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.portal import sources_in_order

KIND = "members.my_data"
JSON_VERSION = 1


def collected(member) -> list[dict]:
    """[{key, label, rows}] for every registered source, in order (a source that fails is
    logged and shown as failed, never hiding the rest)."""
    import logging

    parts = []
    for source in sources_in_order():
        try:
            rows = source.collect(member)
        except Exception:  # one app's bug must not withhold the rest of the person's data
            logging.getLogger("members.my_data").exception("personal data source %s failed", source.key)
            rows, failed = [], True
        else:
            failed = False
        parts.append({"key": source.key, "label": str(source.label), "rows": rows, "failed": failed})
    return parts


def as_json(member) -> bytes:
    parts = collected(member)
    document = {
        "format": "unionadmin.my_data",
        "version": JSON_VERSION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "person": {"name": member.name, "union": str(member.union)},
        "sources": {p["key"]: {"label": p["label"], "rows": p["rows"], **({"failed": True} if p["failed"] else {})}
                    for p in parts},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def zip_name(member) -> str:
    return _("My data %(date)s.zip") % {"date": timezone.localdate().strftime("%Y%m%d")}


def build_zip(member, job) -> bytes:
    """The ZIP: the job's finished PDF and the JSON made now."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with default_storage.open(job.file.name, "rb") as pdf:
            archive.writestr(_("my-data.pdf"), pdf.read())
        archive.writestr(_("my-data.json"), as_json(member))
    return buffer.getvalue()


def _context(member, options):
    return {"member": member, "parts": collected(member), "generated_on": timezone.localdate()}


def _filename(member, options):
    return _("My data %(name)s.pdf") % {"name": member.name}


def _organisation(member):
    return member.union


def register():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from .models.portal import MemberOwnData

    registry.register(DocumentKind(
        code=KIND, label=gettext_lazy("My data"), model=MemberOwnData, template="members/pdf/my_data.html",
        context=_context, filename=_filename, organisation=_organisation,
    ))
