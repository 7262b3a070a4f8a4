"""The one-page dashboard snapshot a federation brings to its monthly meeting."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from .kinds import DocumentKind, registry


def snapshot_context(organisation, options):
    # The same figures as the page: every registered indicator for the whole subtree.
    from ..dashboard import sections, tiles_for
    from ..indicators import Tally

    year = int(options.get("year") or timezone.localdate().year)
    tiles = tiles_for(Tally(organisation), year)
    return {"organisation": organisation, "year": year, "tiles": tiles, "sections": sections(tiles),
            "today": timezone.localdate()}


def snapshot_filename(organisation, options):
    year = options.get("year") or timezone.localdate().year
    return f"{organisation.name} {year} {_('dashboard')}.pdf"


dashboard_snapshot = DocumentKind(
    code="dashboard_snapshot",
    label=_("Dashboard snapshot"),
    model=Organisation,
    template="documents/dashboard_snapshot.html",
    context=snapshot_context,
    filename=snapshot_filename,
    organisation=lambda organisation: organisation,
    allowed_options=("year",),
)


def register():
    registry.register(dashboard_snapshot)
