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
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

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
    template: str  # Django template rendered to HTML, then to PDF
    context: Callable[[object, dict], dict]  # (obj, options) -> template context
    filename: Callable[[object, dict], str]  # (obj, options) -> "某某.pdf"
    organisation: Callable[[object], "Organisation"] = _organisation_of
    stylesheets: tuple[str, ...] = ()  # static paths of extra CSS, applied after the template's own
    allowed_options: tuple[str, ...] = ()  # option names the request form may pass through


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
