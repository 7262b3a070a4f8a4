"""The work plan as a kind of document of the PDF pipeline (unionadmin.documents)."""
from django.utils.translation import gettext_lazy as _

from . import rendering


def issuer_of(plan):
    return plan.issuer


def register():
    from unionadmin.documents.kinds import DocumentKind, registry

    from .models import WorkPlan

    registry.register(DocumentKind(
        code="work_plan",
        label=_("Annual work plan"),
        model=WorkPlan,
        template="planning/pdf/work_plan.html",
        context=rendering.document_context,
        filename=rendering.filename,
        organisation=issuer_of,
    ))
