"""The home page panel: issued plans from above that one of my units has not acknowledged."""
from django.db.models import Exists, OuterRef

from ..models import PlanAcknowledgement, WorkPlan
from .plans import _staff_paths


def awaiting_acknowledgement(request):
    user = request.user
    acknowledged = Exists(PlanAcknowledgement.objects.filter(
        plan=OuterRef("pk"), organisation__path__in=_staff_paths(user)))
    plans = (WorkPlan.objects.visible_to(user, "acknowledge").exclude(acknowledged)
             .select_related("issuer").order_by("-issued_at")[:5])
    return {"plans": list(plans)}
