"""The kinds of document the pipeline can produce, offered by the apps.

An app registers its kinds in its ``AppConfig.ready()``::

    from unionadmin.documents.kinds import DocumentKind, registry

    registry.register(DocumentKind(
        code="work_plan", label=_("Work plan"), model=WorkPlan,
        template="planning/work_plan_pdf.html",
        context=lambda plan, options: {"plan": plan, "items": plan.items.all()},
        filename=lambda plan, options: f"{plan.title}.pdf",
    ))

``context`` and ``filename`` must depend only on the object and the options, never on who
asks: the same inputs give the same content hash, and one stored file serves everyone who
asks for it. The template is a Django template rendered to HTML (usually extending
``documents/_base.html``, which brings the shared print stylesheet) and then to PDF.

A kind that is not a PDF (a spreadsheet export) gives ``write`` instead of ``template`` and
``context``: ``write(obj, options, binary_file, progress)`` writes the whole file to an open temporary
file (the worker stores it from there, never holding it in memory), with the file's
``extension`` and ``content_type``. Its content hash cannot come from rendering HTML in the
request, so it gives ``fingerprint(obj, options)``: a cheap, JSON-able summary of everything
the file is made from (which data, as of when, masked or not), computed in the request and
again by the worker. Two requests with the same fingerprint may share one stored file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Callable

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Organisation


def _organisation_of(obj):
    return obj.organisation


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    model: type  # a scoped model: has ``scope`` and ``objects.visible_to(user)``
    filename: Callable[[object, dict], str]  # (obj, options) -> "某某.pdf"
    template: str = ""  # Django template rendered to HTML, then to PDF
    context: Callable[[object, dict], dict] | None = None  # (obj, options) -> template context
    organisation: Callable[[object], "Organisation"] = _organisation_of
    stylesheets: tuple[str, ...] = ()  # static paths of extra CSS, applied after the template's own
    allowed_options: tuple[str, ...] = ()  # option names the request form may pass through
    # A file that is not a PDF: written by ``write`` instead of rendered from ``template``.
    # (obj, options, open binary file, progress): ``progress(done, total)`` moves the job's bar
    write: Callable[[object, dict, BinaryIO, Callable[[int, int], None]], None] | None = None
    fingerprint: Callable[[object, dict], object] | None = None  # (obj, options) -> JSON-able summary
    extension: str = "pdf"
    content_type: str = "application/pdf"

    @property
    def is_pdf(self) -> bool:
        return self.write is None


class UnknownDocumentKind(LookupError):
    pass


class DocumentKindRegistry:
    def __init__(self):
        self._kinds: dict[str, DocumentKind] = {}

    def register(self, kind: DocumentKind) -> DocumentKind:
        existing = self._kinds.get(kind.code)
        if existing is not None and existing != kind:
            raise ImproperlyConfigured(f"document kind {kind.code!r} is registered twice")
        if not hasattr(kind.model, "scope") or not hasattr(kind.model._default_manager, "visible_to"):
            raise ImproperlyConfigured(
                f"document kind {kind.code!r}: {kind.model.__name__} is not a scoped model "
                f"(needs `scope` and a manager with visible_to)"
            )
        if kind.is_pdf and not (kind.template and kind.context):
            raise ImproperlyConfigured(f"document kind {kind.code!r}: a PDF needs a template and a context")
        if not kind.is_pdf and (kind.fingerprint is None or kind.extension == "pdf"):
            raise ImproperlyConfigured(
                f"document kind {kind.code!r}: a written file needs a fingerprint, its extension and content type"
            )
        self._kinds[kind.code] = kind
        return kind

    def unregister(self, code: str) -> None:
        self._kinds.pop(code, None)

    def get(self, code: str) -> DocumentKind:
        try:
            return self._kinds[code]
        except KeyError:
            raise UnknownDocumentKind(code) from None

    def get_or_none(self, code: str) -> DocumentKind | None:
        return self._kinds.get(code)

    def __contains__(self, code) -> bool:
        return code in self._kinds

    def __iter__(self):
        return iter(sorted(self._kinds.values(), key=lambda k: k.code))


registry = DocumentKindRegistry()
